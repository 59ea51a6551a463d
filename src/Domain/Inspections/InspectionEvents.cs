namespace GasLedger.Domain.Inspections;

/// <summary>The holder asked for an inspection (R-INSP-3: done within 3 days); the next visit that counts answers it.</summary>
public sealed record InspectionRequested(DateOnly? PreferredDate, string? Reason, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>安检 — an inspection visit and how it ended (R-INSP-2). Hazards found follow as <see cref="HazardFound"/>.</summary>
public sealed record InspectionVisited(
    Guid InspectionId,
    string Inspector,
    InspectionOutcome Outcome,
    bool RequestedByHolder,
    Charge? Charge,
    DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>
/// 隐患 — a hazard found on an inspection or a repair, with its rectification notice signed by the holder (R-HAZ-1).
/// Exactly one of <see cref="InspectionId"/> and <see cref="RepairId"/> names the visit that found it. The notice
/// (安全隐患整改通知单) is known by its <see cref="NoticeNumber"/>; <see cref="SignedByHolder"/> says whether the holder signed
/// it (false: refused to sign), both where recorded.
/// </summary>
public sealed record HazardFound(
    Guid HazardId,
    Guid? InspectionId,
    Guid? RepairId,
    HazardCode Code,
    HazardSeverity Severity,
    string? Description,
    DateTimeOffset OccurredAt,
    string? NoticeNumber = null,
    bool? SignedByHolder = null) : Accounts.IAccountEvent;

/// <summary>隐患整改 — rectified and re-checked: the hazard's loop is closed (R-HAZ-1).</summary>
public sealed record HazardRectified(Guid HazardId, string RecheckedBy, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;
