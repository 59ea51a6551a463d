using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record SuspendSupply : AccountCommand
{
    public SuspensionReason? Reason { get; init; }

    /// <summary>R-SUP-1: when the holders were notified of a planned interruption.</summary>
    public DateTimeOffset? NoticeGivenAt { get; init; }
}

/// <summary>停气 — <c>POST …/suspend</c>: supply suspended with its reason (R-SUP-1/2).</summary>
public static class SuspendSupplyEndpoint
{
    public static ProblemDetails Validate(SuspendSupply cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    [WolverinePost("/api/accounts/{accountId}/suspend"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, SuspendSupply cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            SupplyDecisions.Suspend(account, new SupplySuspended(cmd.Reason!.Value, cmd.NoticeGivenAt, null, at)), ct: ct);
}
