using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record SuspendSupply : AccountCommand
{
    [Required] public SuspensionReason? Reason { get; init; }

    /// <summary>R-SUP-1: when the holders were notified of a planned interruption.</summary>
    public DateTimeOffset? NoticeGivenAt { get; init; }
}

/// <summary>停气 — suspending supply.</summary>
public static class SuspendSupplyEndpoint
{
    public static ProblemDetails Validate(SuspendSupply cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    /// <summary>停气 — suspend supply, with the reason.</summary>
    /// <remarks>
    /// Supply suspended with its reason (R-SUP-1/2); a planned interruption records when the holders were notified. 400
    /// when <c>reason</c> is missing, or <c>noticeGivenAt</c> is missing for planned work or after the suspension. 409
    /// when the account is not active.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/suspend"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, SuspendSupply cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            SupplyDecisions.Suspend(account, new SupplySuspended(cmd.Reason!.Value, cmd.NoticeGivenAt, null, at)), ct: ct);
}
