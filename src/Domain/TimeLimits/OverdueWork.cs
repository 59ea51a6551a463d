using GasLedger.Domain.Calendar;

namespace GasLedger.Domain.TimeLimits;

/// <summary>
/// R-TL-4: a work order still open the day after it was due counts against its team's month (次日未关闭者…扣除当月绩效):
/// the month of that next day. The team is the item's owner — the crew or technician it was dispatched to, else the desk
/// that received it.
/// </summary>
public static class OverdueWork
{
    /// <summary>The commitments that are work orders (工单): field work, not the counter's minutes or a notice.</summary>
    public static readonly IReadOnlySet<CommitmentKind> WorkOrders = new HashSet<CommitmentKind>
    {
        CommitmentKind.Installation, CommitmentKind.Ignition, CommitmentKind.RequestedInspection, CommitmentKind.RepairHandling,
        CommitmentKind.RepairCompletion, CommitmentKind.EmergencyArrival, CommitmentKind.RepairArrival, CommitmentKind.HolderVisit,
    };

    /// <summary>
    /// The day an item counts against its team: the day after its due date, when the item was still not done by the end of
    /// that day (as known at <paramref name="now"/>); null when it was done in time for that, or that day has not ended.
    /// </summary>
    public static DateOnly? CountedOn(WorkItem item, DateTimeOffset now, ServicePolicy policy)
    {
        if (!WorkOrders.Contains(item.Kind) || item.PausedSince is not null) return null;
        var nextDay = policy.LocalDate(item.DueAt).AddDays(1);
        var endOfNextDay = WorkingCalendar.EndOfDay(nextDay, policy);
        if (now <= endOfNextDay) return null;
        return item.DoneAt is { } done && done <= endOfNextDay ? null : nextDay;
    }
}
