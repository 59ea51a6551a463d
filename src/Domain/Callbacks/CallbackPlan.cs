using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Callbacks;

/// <summary>
/// 回访计划 — one callback an account is owed (R-CB-1): its kind, the work it follows (or, for key customers and
/// holidays, the quarter or the holiday), the window in which it is due, the month in which it falls due (the month of
/// the window's last day), and whether and when it was made. <see cref="OnTime"/>: made by the window's last day, so it
/// counts for the rate (R-CB-3). <see cref="Cancelled"/>: the account was closed before the window ended and the
/// callback was not made by then; it is no longer due.
/// </summary>
public sealed record CallbackItem(
    string Key,
    CallbackKind Kind,
    Guid? WorkId,
    string Work,
    DateTimeOffset WorkAt,
    DateOnly WorkDate,
    string? WorkStaff,
    DateOnly WindowStart,
    DateOnly WindowEnd,
    string DueMonth,
    Guid? CallbackId,
    DateTimeOffset? CalledBackAt,
    DateOnly? CalledBackOn,
    string? CallbackStaff,
    bool OnTime,
    int UnreachedAttempts,
    bool Cancelled);

/// <summary>
/// R-CB-1 as a pure function of an account's events in order: the callbacks it is owed and which of them were made.
///
/// Windows (company dates, R-CAL-4): after ignition and after inspection, the ISO week after the work's week; after an
/// individual installation, the calendar month after the work's month; after a repair or a complaint resolution, the
/// work's day and the <see cref="ServicePolicy.AfterWorkCallbackDays"/> − 1 days after it; a key customer (R-CLS-4),
/// the calendar quarter; a holiday courtesy callback, the <see cref="ServicePolicy.HolidayCallbackDaysBefore"/> days
/// before the Spring Festival or National Day.
///
/// Key customers: at each usage reading the account is classified (<see cref="Classifier.Classify"/>) on the reading's
/// date; if it is key, it is owed that quarter's key-customer callback, and the courtesy callbacks of the holidays whose
/// window starts in that quarter and has not ended. Whether an account is key depends only on its category and its
/// usage (tier A, or non-residential tier B), which is what is folded here.
///
/// Matching a callback to what it completes (only a callback that reached the holder completes one; one that did not is
/// counted as an unreached attempt on the same item):
///   1. a callback of the item's kind whose <c>followsWorkId</c> is the item's work id completes the oldest such item
///      not yet completed, whenever it is made after the work (on time if by the window's end);
///   2. otherwise (no <c>followsWorkId</c>, or one that names no open item), a callback of the kind completes the open
///      item of that kind whose window contains the callback's date, the one ending first;
///   3. a complaint follow-up (R-CMP-5) is the callback after that complaint's resolution: it completes the oldest open
///      after-complaint item of the complaint.
/// </summary>
public static class CallbackPlan
{
    /// <summary>The callbacks owed after a whole history: <see cref="Next"/> folded over it from <see cref="Progress.Start"/>.</summary>
    public static IReadOnlyList<CallbackItem> Of(IReadOnlyList<StreamEvent> events, ServicePolicy policy, WorkingCalendar? calendar = null)
    {
        var progress = Progress.Start;
        foreach (var e in events) progress = Next(progress, e, policy, calendar);
        return progress.Items;
    }

    /// <summary>
    /// Where the fold stands after some of an account's events: the items owed so far, what the key-customer
    /// classification needs (the category, and the usage of the recent months: <see cref="UsageMonthsKept"/>), the
    /// application's nature, the technician of each repair's latest dispatch, and the day of closure, after which
    /// nothing changes.
    /// </summary>
    public sealed record Progress(
        IReadOnlyList<CallbackItem> Items,
        CustomerCategory? Category,
        IReadOnlyDictionary<string, decimal> RecentUsage,
        ApplicationNature Nature,
        IReadOnlyDictionary<Guid, string> Technicians,
        DateOnly? ClosedOn)
    {
        public static readonly Progress Start = new([], null, new Dictionary<string, decimal>(), ApplicationNature.Individual,
            new Dictionary<Guid, string>(), null);

        /// <summary>R-CLS-6: designated key by a customer manager, from the designation until it is undone.</summary>
        public bool DesignatedKey { get; init; }
    }

    /// <summary>
    /// The months of usage the fold keeps, counted back from the month of the latest reading: the 12-month window of the
    /// value tier (R-CLS-2), and as many again for readings recorded late.
    /// </summary>
    public const int UsageMonthsKept = 24;

    /// <summary>One event folded onto the plan (R-CB-1). Pure: the progress given is never changed.</summary>
    /// R-CB-6: the windows skip the non-working days of <paramref name="calendar"/> (default the official one).
    public static Progress Next(Progress p, StreamEvent e, ServicePolicy policy, WorkingCalendar? calendar = null)
    {
        var days = calendar ?? WorkingCalendar.Official;
        if (p.ClosedOn is not null) return p;
        switch (e.Data)
        {
            case ApplicationSubmitted submitted:
                return p with { Category = submitted.Category, Nature = submitted.Nature };
            case RepairDispatched dispatched:
                return p
                    with { Technicians = new Dictionary<Guid, string>(p.Technicians) { [dispatched.RepairId] = dispatched.Technician } };
            case UsageRecorded usage when p.Category is { } category:
                var usageByMonth = WithUsage(p.RecentUsage, usage, policy);
                return p with { RecentUsage = usageByMonth,
                    Items = KeyCustomerItems(category, usageByMonth, usage.OccurredAt, p.Items, p.DesignatedKey, policy, days) };
            case KeyCustomerDesignated designated when p.Category is { } category: // R-CLS-6: key from that day
                return p with { DesignatedKey = true,
                    Items = KeyCustomerItems(category, p.RecentUsage, designated.OccurredAt, p.Items, designatedKey: true, policy, days) };
            case KeyCustomerUndesignated:
                return p with { DesignatedKey = false };
            case CallbackMade callback:
                return p with { Items = Complete(p.Items, callback.Kind, callback.FollowsWorkId, callback.CallbackId, callback.Staff,
                    callback.Reached, callback.OccurredAt, policy) };
            case ComplaintFollowedUp followUp:
                return p with { Items = Complete(p.Items, CallbackKind.AfterComplaint, followUp.ComplaintId, null, followUp.By, true,
                    followUp.OccurredAt, policy) };
            case AccountClosed closed:
                var closedOn = policy.LocalDate(closed.OccurredAt);
                return p with
                {
                    ClosedOn = closedOn,
                    Items = p.Items.Select(i => i.CalledBackAt is null && i.WindowEnd >= closedOn ? i with { Cancelled = true } : i)
                        .ToArray(),
                };
        }
        return CallbackWork.Done(e, p.Nature, p.Technicians) is { NeedsCallback: true } work
            ? p with { Items = [.. p.Items, ForWork(work, policy, days)] } : p;
    }

    /// <summary>
    /// R-CB-1: the window of a callback after a piece of work. R-CB-6: no callbacks on holidays — the window runs on the
    /// working days of the calendar: a week's or a month's window from its first working day to its last; after a
    /// repair or a complaint, <see cref="ServicePolicy.AfterWorkCallbackDays"/> working days from the work's day (or the
    /// working day after it).
    /// </summary>
    public static (DateOnly Start, DateOnly End) WindowAfter(CallbackKind kind, DateOnly workDate, ServicePolicy policy,
        WorkingCalendar? calendar = null)
    {
        var days = calendar ?? WorkingCalendar.Official;
        switch (kind)
        {
            case CallbackKind.AfterIgnition or CallbackKind.AfterInspection:
                var nextMonday = WeekStart(workDate).AddDays(7);
                return WorkingDaysOf(nextMonday, nextMonday.AddDays(6), days);
            case CallbackKind.AfterInstallation:
                var nextMonth = new DateOnly(workDate.Year, workDate.Month, 1).AddMonths(1);
                return WorkingDaysOf(nextMonth, nextMonth.AddMonths(1).AddDays(-1), days);
            case CallbackKind.AfterRepair or CallbackKind.AfterComplaint:
                var first = days.IsWorkingDay(workDate) ? workDate : days.AddWorkingDays(workDate, 1);
                return (first, days.AddWorkingDays(first, Math.Max(1, policy.AfterWorkCallbackDays) - 1));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "key-customer and holiday callbacks follow no work");
        }
    }

    /// <summary>
    /// R-CB-6: a window's working days: from the first working day in it to the last; a window with none (a week of
    /// holidays) moves to the first working day after it.
    /// </summary>
    public static (DateOnly Start, DateOnly End) WorkingDaysOf(DateOnly start, DateOnly end, WorkingCalendar calendar)
    {
        var first = start;
        while (first <= end && !calendar.IsWorkingDay(first)) first = first.AddDays(1);
        if (first > end)
        {
            var next = calendar.AddWorkingDays(end, 1);
            return (next, next);
        }
        var last = end;
        while (!calendar.IsWorkingDay(last)) last = last.AddDays(-1);
        return (first, last);
    }

    /// <summary>The Monday of a date's ISO week (R-CAL-4: weeks start on Monday).</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The calendar quarter of a date: its first and last day, and its name (<c>2026-Q4</c>).</summary>
    public static (DateOnly Start, DateOnly End, string Name) Quarter(DateOnly date)
    {
        var q = (date.Month - 1) / 3;
        var start = new DateOnly(date.Year, q * 3 + 1, 1);
        return (start, start.AddMonths(3).AddDays(-1), $"{date.Year}-Q{q + 1}");
    }

    /// <summary>R-CB-1: the holidays with courtesy callbacks: each Spring Festival of the policy, and 1 October.</summary>
    public static IEnumerable<(string Name, DateOnly Day)> Holidays(int year, ServicePolicy policy)
    {
        foreach (var day in policy.SpringFestivals.Where(d => d.Year == year))
            yield return ($"springFestival {year}", day);
        yield return ($"nationalDay {year}", new DateOnly(year, 10, 1));
    }

    /// <summary>The month a window falls due in: the month of its last day, <c>yyyy-MM</c>.</summary>
    public static string DueMonth(DateOnly windowEnd) => windowEnd.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static CallbackItem ForWork(WorkDone work, ServicePolicy policy, WorkingCalendar calendar)
    {
        var date = policy.LocalDate(work.At);
        var (start, end) = WindowAfter(work.Kind, date, policy, calendar);
        return new CallbackItem(work.Key.ToString(), work.Kind, work.WorkId, WireNames.Of(work.Kind.ToString()), work.At, date, work.Staff,
            start, end, DueMonth(end), null, null, null, null, false, 0, false);
    }

    /// <summary>
    /// The reading added to its month (as <see cref="Account.UsageByMonth"/> does), the months before those kept
    /// dropped.
    /// </summary>
    private static IReadOnlyDictionary<string, decimal> WithUsage(IReadOnlyDictionary<string, decimal> usage, UsageRecorded e,
        ServicePolicy policy)
    {
        var month = Classifier.MonthKey(e.PeriodEnd);
        var latest = policy.LocalDate(e.OccurredAt);
        var oldestKept = Classifier.MonthKey(new DateOnly(latest.Year, latest.Month, 1).AddMonths(-(UsageMonthsKept - 1)));
        var kept = usage.Where(m => string.CompareOrdinal(m.Key, oldestKept) >= 0).ToDictionary(m => m.Key, m => m.Value);
        kept[month] = kept.GetValueOrDefault(month) + e.VolumeM3;
        return kept;
    }

    private static IReadOnlyList<CallbackItem> KeyCustomerItems(CustomerCategory category, IReadOnlyDictionary<string, decimal> usage,
        DateTimeOffset at, IReadOnlyList<CallbackItem> owed, bool designatedKey, ServicePolicy policy, WorkingCalendar calendar)
    {
        var date = policy.LocalDate(at);
        var tier = Classifier.Tier(category, Classifier.Volume(usage, date, 12), policy);
        if (Classifier.Level(category, tier, specialCare: false, designatedKey) != ServiceLevel.Key) return owed;

        var items = owed.ToList();
        var (start, end, name) = Quarter(date);
        var key = $"keyCustomer:{name}";
        if (items.All(i => i.Key != key))
        {
            var (from, until) = WorkingDaysOf(start, end, calendar); // R-CB-6
            items.Add(new CallbackItem(key, CallbackKind.KeyCustomer, null, name, at, start, null, from, until, DueMonth(until),
                null, null, null, null, false, 0, false));
        }

        foreach (var (holiday, day) in Holidays(start.Year, policy).Concat(Holidays(start.Year + 1, policy)))
        {
            var windowStart = day.AddDays(-policy.HolidayCallbackDaysBefore);
            var windowEnd = day.AddDays(-1);
            var holidayKey = "holiday:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (windowStart < start || windowStart > end || windowEnd < date || items.Any(i => i.Key == holidayKey)) continue;
            var (from, until) = WorkingDaysOf(windowStart, windowEnd, calendar); // R-CB-6
            items.Add(new CallbackItem(holidayKey, CallbackKind.Holiday, null, holiday, at, day, null, from, until,
                DueMonth(until), null, null, null, null, false, 0, false));
        }
        return items.Count == owed.Count ? owed : items;
    }

    private static IReadOnlyList<CallbackItem> Complete(IReadOnlyList<CallbackItem> owed, CallbackKind kind, Guid? workId, Guid? callbackId,
        string staff, bool reached, DateTimeOffset at, ServicePolicy policy)
    {
        var date = policy.LocalDate(at);
        var open = owed.Select((item, index) => (item, index))
            .Where(x => x.item.Kind == kind && x.item.CalledBackAt is null && !x.item.Cancelled)
            .ToArray();
        var target = open.Where(x => workId is not null && x.item.WorkId == workId && x.item.WorkAt <= at)
                .OrderBy(x => x.item.WorkAt).Select(x => (int?)x.index).FirstOrDefault()
            ?? open.Where(x => x.item.WindowStart <= date && date <= x.item.WindowEnd)
                .OrderBy(x => x.item.WindowEnd).Select(x => (int?)x.index).FirstOrDefault();
        if (target is not { } i) return owed;

        var items = owed.ToArray();
        items[i] = reached
            ? items[i] with { CallbackId = callbackId, CalledBackAt = at, CalledBackOn = date, CallbackStaff = staff,
                OnTime = date <= items[i].WindowEnd }
            : items[i] with { UnreachedAttempts = items[i].UnreachedAttempts + 1 };
        return items;
    }
}
