using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Ignition;
using GasLedger.Api.Security;
using GasLedger.Domain.Inspections;

namespace GasLedger.Api.Inspections;

/// <summary>
/// A hazard found, with its rectification notice (R-HAZ-1): the notice's number (安全隐患整改通知单 No.) and whether the
/// holder signed it.
/// </summary>
public sealed record HazardBody([property: Required] HazardCode? Code, [property: Required] HazardSeverity? Severity,
    [property: FreeText] string? Description, string? NoticeNumber = null, bool? SignedByHolder = null)
{
    public static void Check(IReadOnlyList<HazardBody?>? hazards, string path, FieldErrors errors)
    {
        for (var i = 0; i < (hazards?.Count ?? 0); i++)
        {
            if (hazards![i] is not { } h) { errors.Add($"{path}[{i}]", "is required."); continue; }
            errors.Require(h.Code, $"{path}[{i}].code").Require(h.Severity, $"{path}[{i}].severity")
                .When(h.NoticeNumber?.Trim().Length > 30, $"{path}[{i}].noticeNumber", "may be at most 30 characters.");
        }
    }

    /// <summary>The hazards of a visit as events, each with a new id (R-HAZ-1).</summary>
    public static HazardFound[] Found(IReadOnlyList<HazardBody?>? hazards, Guid? inspectionId, Guid? repairId, DateTimeOffset at) =>
        (hazards ?? []).Select(h => new HazardFound(Guid.CreateVersion7(), inspectionId, repairId, h!.Code!.Value, h.Severity!.Value,
            h.Description, at, string.IsNullOrWhiteSpace(h.NoticeNumber) ? null : h.NoticeNumber.Trim(), h.SignedByHolder)).ToArray();
}

public sealed record RecordInspection : AccountCommand
{
    public string? Inspector { get; init; }
    [Required] public InspectionOutcome? Outcome { get; init; }
    public List<HazardBody?>? Hazards { get; init; }
    public bool RequestedByHolder { get; init; }
    public ChargeBody? Charge { get; init; }
}

public sealed record InspectionAnswer(Guid AccountId, long Version, Guid InspectionId, IReadOnlyList<Guid> HazardIds)
    : CommandAnswer(AccountId, Version);

/// <summary>安检 — recording an inspection visit.</summary>
public static class RecordInspectionEndpoint
{
    public static ProblemDetails Validate(RecordInspection cmd, ServicePolicy policy)
    {
        var errors = new FieldErrors().Require(cmd.Outcome, "outcome");
        HazardBody.Check(cmd.Hazards, "hazards", errors);
        ChargeBody.Check(cmd.Charge, "charge", errors, policy);
        return Problems.Check(errors);
    }

    /// <summary>安检 — record an inspection visit: passed, hazards found, or not home.</summary>
    /// <remarks>
    /// A visit ends passed, with hazards, or not home (R-INSP-2); each hazard opens a rectification loop (R-HAZ-1); a
    /// severe one suspends supply of an active account, where the policy says so (R-HAZ-2). <c>inspector</c> defaults
    /// to the staff member recording it. 400 when <c>outcome</c> is missing, a hazard lacks its code or severity, a
    /// charge lacks its amount or invoiced flag or is out of range, the outcome is hazardsFound without hazards, or
    /// another outcome lists some. 409 when the account's gas is not on (active or suspended).
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/inspections"), ProducesResponseType<InspectionAnswer>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(Guid accountId, RecordInspection cmd, AccountStreams streams, CancellationToken ct)
    {
        var inspectionId = Guid.CreateVersion7();
        HazardFound[] hazards = [];
        return streams.Decide(accountId, cmd, (account, at) =>
            {
                hazards = HazardBody.Found(cmd.Hazards, inspectionId, null, at);
                var visit = new InspectionVisited(inspectionId, cmd.Inspector ?? streams.StaffId, cmd.Outcome!.Value, cmd.RequestedByHolder,
                    cmd.Charge?.ToCharge(), at);
                return InspectionDecisions.Visit(account, visit, hazards, streams.Policy);
            },
            version => new InspectionAnswer(accountId, version, inspectionId, hazards.Select(h => h.HazardId).ToArray()),
            StatusCodes.Status201Created, ct);
    }
}
