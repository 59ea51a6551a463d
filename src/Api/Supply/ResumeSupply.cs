using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record ResumeSupply : AccountCommand
{
    /// <summary>Why supply comes back (R-SUP-2): work completed, arrears settled, hazard rectified …</summary>
    public ResumptionReason? Reason { get; init; }
}

/// <summary>复气 — resuming supply.</summary>
public static class ResumeSupplyEndpoint
{
    /// <summary>复气 — resume supply to a suspended account.</summary>
    /// <remarks>
    /// Supply resumed, with its reason, once no severe hazard is open (R-SUP-2, R-HAZ-2). The body may be empty. 409 when the account is
    /// not suspended, or a severe hazard is not rectified.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/resume"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ResumeSupply? cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd ?? new ResumeSupply(),
            (account, at) => SupplyDecisions.Resume(account, new SupplyResumed(at) { Reason = cmd?.Reason }), ct: ct);
}
