using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Ignition;

namespace GasLedger.Api.Ignition;

public sealed record RequestIgnition : AccountCommand
{
    [Required] public DateOnly? RequestedDate { get; init; }
}

/// <summary>通气点火申请 — the request for gas-on.</summary>
public static class RequestIgnitionEndpoint
{
    public static ProblemDetails Validate(RequestIgnition cmd) =>
        Problems.Check(new FieldErrors().Require(cmd.RequestedDate, "requestedDate"));

    /// <summary>通气点火申请 — the holder asks for the gas to be turned on.</summary>
    /// <remarks>
    /// The holder asks for gas-on once the installation is accepted (R-IGN-1); a new request replaces an open one. 400
    /// when <c>requestedDate</c> is missing, or before the day of the request. 409 when the account is not installed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/ignition/request"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, RequestIgnition cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            IgnitionDecisions.Request(account, new IgnitionRequested(cmd.RequestedDate!.Value, at), streams.Policy), ct: ct);
}
