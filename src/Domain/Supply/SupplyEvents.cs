namespace GasLedger.Domain.Supply;

/// <summary>用气 — a meter reading (抄表) or an IC-card purchase (购气), in m³ (R-SUP-3).
/// An IC-card purchase at the counter (a card top-up, R-APP-5) records its handling minutes and the counter.</summary>
public sealed record UsageRecorded(Guid UsageId, UsageKind Kind, decimal VolumeM3, DateOnly PeriodEnd, decimal? Amount,
    DateTimeOffset OccurredAt, int? HandlingMinutes = null, string? Counter = null) : Accounts.IAccountEvent;

/// <summary>
/// 停气 — supply suspended, with its reason (R-SUP-2). <see cref="NoticeGivenAt"/> is when holders were notified of
/// a planned interruption (R-SUP-1); <see cref="HazardId"/> names the severe hazard that caused it (R-HAZ-2).
/// </summary>
public sealed record SupplySuspended(SuspensionReason Reason, DateTimeOffset? NoticeGivenAt, Guid? HazardId, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;

/// <summary>复气 — supply resumed, with its reason where recorded (R-SUP-2).</summary>
public sealed record SupplyResumed(DateTimeOffset OccurredAt) : Accounts.IAccountEvent
{
    public ResumptionReason? Reason { get; init; }
}

/// <summary>销户 / 拆除 — the account is closed; this is final (R-ACC-6, R-SUP-2).</summary>
public sealed record AccountClosed(ClosureReason Reason, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;
