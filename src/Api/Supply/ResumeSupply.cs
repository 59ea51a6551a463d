using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record ResumeSupply : AccountCommand;

/// <summary>复气 — <c>POST …/resume</c>: supply resumed, once no severe hazard is open (R-SUP-2, R-HAZ-2).</summary>
public static class ResumeSupplyEndpoint
{
    [WolverinePost("/api/accounts/{accountId}/resume"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ResumeSupply? cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd ?? new ResumeSupply(),
            (account, at) => SupplyDecisions.Resume(account, new SupplyResumed(at)), ct: ct);
}
