using GasLedger.Api.Security;
using GasLedger.Domain.Repairs;

namespace GasLedger.Api.Repairs;

public sealed record ArriveOnSite : AccountCommand;

/// <summary>报修 — the technician's arrival.</summary>
public static class ArriveOnSiteEndpoint
{
    /// <summary>报修 — record the technician's arrival on site.</summary>
    /// <remarks>
    /// The technician is on site (R-REP-1); R-REP-2 measures the time to it. The body may be empty. 404 when the
    /// account has no such repair; 409 when the repair is not dispatched, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/repairs/{repairId}/arrive"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid repairId, ArriveOnSite? cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd ?? new ArriveOnSite(), (account, at) =>
            RepairDecisions.Arrive(account, new TechnicianArrived(repairId, at)), ct: ct);
}
