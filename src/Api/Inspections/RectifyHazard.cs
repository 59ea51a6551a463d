using GasLedger.Api.Security;
using GasLedger.Domain.Inspections;

namespace GasLedger.Api.Inspections;

public sealed record RectifyHazard : AccountCommand
{
    /// <summary>Who re-checked the rectification; default the staff member recording it.</summary>
    public string? RecheckedBy { get; init; }
}

/// <summary>隐患整改 — <c>POST …/hazards/{hazardId}/rectify</c>: rectified and re-checked, the loop closed (R-HAZ-1).</summary>
public static class RectifyHazardEndpoint
{
    [WolverinePost("/api/accounts/{accountId}/hazards/{hazardId}/rectify"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid hazardId, RectifyHazard? cmd, AccountStreams streams, CancellationToken ct)
    {
        cmd ??= new RectifyHazard();
        return streams.Decide(accountId, cmd, (account, at) =>
            InspectionDecisions.Rectify(account, new HazardRectified(hazardId, cmd.RecheckedBy ?? streams.StaffId, at)), ct: ct);
    }
}
