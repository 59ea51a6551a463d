using GasLedger.Api.Security;
using GasLedger.Domain.Ignition;

namespace GasLedger.Api.Ignition;

public sealed record RefuseIgnition : AccountCommand
{
    public string? Technician { get; init; }
    public IgnitionRefusalReason? Reason { get; init; }
    [FreeText] public string? Note { get; init; }
}

/// <summary><c>POST …/ignition/refuse</c>: the gas-on visit was refused, with its reason (R-IGN-2).</summary>
public static class RefuseIgnitionEndpoint
{
    public static ProblemDetails Validate(RefuseIgnition cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    [WolverinePost("/api/accounts/{accountId}/ignition/refuse"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, RefuseIgnition cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => IgnitionDecisions.Refuse(account,
            new IgnitionRefused(cmd.Technician ?? streams.StaffId, cmd.Reason!.Value, cmd.Note, at)), ct: ct);
}
