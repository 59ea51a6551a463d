using GasLedger.Api.Security;
using GasLedger.Domain.Repairs;

namespace GasLedger.Api.Repairs;

public sealed record ArriveOnSite : AccountCommand;

/// <summary><c>POST …/repairs/{repairId}/arrive</c>: the technician is on site (R-REP-1; R-REP-2 measures it).</summary>
public static class ArriveOnSiteEndpoint
{
    [WolverinePost("/api/accounts/{accountId}/repairs/{repairId}/arrive"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid repairId, ArriveOnSite? cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd ?? new ArriveOnSite(), (account, at) =>
            RepairDecisions.Arrive(account, new TechnicianArrived(repairId, at)), ct: ct);
}
