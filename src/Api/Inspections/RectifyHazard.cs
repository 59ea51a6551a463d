using GasLedger.Api.Security;
using GasLedger.Domain.Inspections;

namespace GasLedger.Api.Inspections;

public sealed record RectifyHazard : AccountCommand
{
    /// <summary>Who re-checked the rectification; default the staff member recording it.</summary>
    public string? RecheckedBy { get; init; }
}

/// <summary>隐患整改 — rectifying a hazard.</summary>
public static class RectifyHazardEndpoint
{
    /// <summary>隐患整改 — record a hazard rectified and re-checked, closing its loop.</summary>
    /// <remarks>
    /// Rectified and re-checked, the loop closed (R-HAZ-1). <c>recheckedBy</c> defaults to the staff member recording
    /// it; the body may be empty. 404 when the account has no such hazard; 409 when it was already rectified, or the
    /// account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/hazards/{hazardId}/rectify"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid hazardId, RectifyHazard? cmd, AccountStreams streams, CancellationToken ct)
    {
        cmd ??= new RectifyHazard();
        return streams.Decide(accountId, cmd, (account, at) =>
            InspectionDecisions.Rectify(account, new HazardRectified(hazardId, cmd.RecheckedBy ?? streams.StaffId, at)), ct: ct);
    }
}
