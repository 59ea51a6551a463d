using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Supply;

/// <summary>R-SUP-1/4: a planned interruption (notified ahead) or an emergency one (notified at once).</summary>
public enum InterruptionKind { Planned, Emergency }

/// <summary>R-SUP-4: how the holders of an area were told. 张贴 / 物业 / 短信 / 媒体 / 电话.</summary>
public enum NoticeChannel { Posting, PropertyOffice, Sms, Media, Phone }

/// <summary>R-SUP-2/4: why supply came back.</summary>
public enum ResumptionReason { WorkCompleted, WindowEnded, FaultRepaired, HazardRectified, ArrearsSettled, HolderRequest, Other }

/// <summary>
/// R-SUP-4: the area an interruption covers — a district, a community of it, or a list of that community's buildings.
/// </summary>
public sealed record SupplyArea(string District, string? Community, IReadOnlyList<string>? Buildings)
{
    public bool Covers(Address address) =>
        address.District == District
        && (Community is null || address.Community == Community)
        && (Buildings is not { Count: > 0 } || Buildings.Contains(address.Building));
}

/// <summary>
/// 区域停气 — supply to an account stopped by an interruption of its area (R-SUP-4): which notice, its kind, the planned
/// window, how and when the holders were told.
/// </summary>
public sealed record SupplyInterrupted(Guid InterruptionId, InterruptionKind Kind, DateTimeOffset PlannedFrom,
    DateTimeOffset? PlannedUntil, IReadOnlyList<NoticeChannel> Channels, DateTimeOffset NoticeGivenAt, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>区域复气 — supply back after the area's interruption, with the reason (R-SUP-2/4).</summary>
public sealed record SupplyRestored(Guid InterruptionId, ResumptionReason Reason, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>An interruption of the account's area as the account keeps it: open until <see cref="RestoredAt"/>.</summary>
public sealed record InterruptionRecord(Guid Id, InterruptionKind Kind, DateTimeOffset From, DateTimeOffset? RestoredAt);

/// <summary>Decisions of area interruptions (停气通知): R-SUP-1, R-SUP-2, R-SUP-4.</summary>
public static class AreaInterruptionDecisions
{
    /// <summary>
    /// R-SUP-1/4: an area notice is whole — a district, buildings only within a community, a channel; a planned one
    /// announced at least <see cref="ServicePolicy.PlannedInterruptionNoticeHours"/> before it starts and with its end;
    /// an emergency one notified at once (its notice is its start).
    /// </summary>
    public static FieldErrors CheckNotice(SupplyArea area, InterruptionKind kind, DateTimeOffset from, DateTimeOffset? until,
        IReadOnlyList<NoticeChannel> channels, DateTimeOffset noticeGivenAt, ServicePolicy policy)
    {
        var errors = new FieldErrors()
            .When(string.IsNullOrWhiteSpace(area.District), "area.district", "is required.")
            .When(area.Buildings is { Count: > 0 } && string.IsNullOrWhiteSpace(area.Community), "area.community",
                "is required when buildings are listed: buildings are named within a community.")
            .When(area.Buildings?.Any(string.IsNullOrWhiteSpace) == true, "area.buildings", "may not hold an empty building.")
            .When(channels.Count == 0, "channels", "needs at least one way the holders were told (R-SUP-4).")
            .When(until <= from, "until", "must be after from.");
        if (kind == InterruptionKind.Planned)
            errors.When(until is null, "until", "is required for a planned interruption: its window (R-SUP-4).")
                .When(noticeGivenAt > from.AddHours(-policy.PlannedInterruptionNoticeHours), "noticeGivenAt",
                    $"must be at least {policy.PlannedInterruptionNoticeHours} hours before a planned interruption starts (R-SUP-1).");
        else
            errors.When(noticeGivenAt > from, "noticeGivenAt", "may not be after an emergency interruption starts: it is notified at once (R-SUP-1).");
        return errors;
    }

    /// <summary>
    /// R-SUP-4: the account's part of an area interruption, once: an account whose gas is on (active or suspended) gets
    /// it; one without gas, closed, or that already has this interruption, gets nothing (a message delivered again after a
    /// crash adds nothing).
    /// </summary>
    public static IReadOnlyList<IAccountEvent> Interrupt(Account account, SupplyInterrupted interrupted) =>
        account.Status is AccountStatus.Active or AccountStatus.Suspended && !account.Interruptions.ContainsKey(interrupted.InterruptionId)
            ? [interrupted]
            : [];

    /// <summary>R-SUP-2/4: supply back to an account the interruption reached and that has not had it back; else nothing.</summary>
    public static IReadOnlyList<IAccountEvent> Restore(Account account, SupplyRestored restored) =>
        account.Interruptions.GetValueOrDefault(restored.InterruptionId) is { RestoredAt: null } && account.Status != AccountStatus.Closed
            ? [restored]
            : [];
}
