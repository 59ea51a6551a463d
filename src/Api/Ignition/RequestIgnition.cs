using GasLedger.Api.Security;
using GasLedger.Domain.Ignition;

namespace GasLedger.Api.Ignition;

public sealed record RequestIgnition : AccountCommand
{
    public DateOnly? RequestedDate { get; init; }
}

/// <summary>通气点火申请 — <c>POST …/ignition/request</c>: the holder asks for gas-on (R-IGN-1).</summary>
public static class RequestIgnitionEndpoint
{
    public static ProblemDetails Validate(RequestIgnition cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.RequestedDate, "requestedDate"));

    [WolverinePost("/api/accounts/{accountId}/ignition/request"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, RequestIgnition cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            IgnitionDecisions.Request(account, new IgnitionRequested(cmd.RequestedDate!.Value, at), streams.Policy), ct: ct);
}
