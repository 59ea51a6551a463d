namespace GasLedger.Domain.Calendar;

/// <summary>
/// R-CAL-2: the office's hours — working days of the official calendar (Monday to Friday but the statutory holidays,
/// and the adjusted working days it adds), 08:30–16:30 in winter and 08:30–17:00 in summer (1 May – 30 September);
/// the hotline for repairs and emergencies keeps 24 hours. R-CAL-5: the counters open every day, and home visits are made
/// within the visiting hours of the day. Every hour is a setting of the service policy, in the company's time (R-CAL-4).
/// </summary>
public static class OfficeHours
{
    /// <summary>R-CAL-2: the office's opening and closing on <paramref name="date"/>; null on a day it is closed.</summary>
    public static (TimeOnly Open, TimeOnly Close)? On(DateOnly date, WorkingCalendar calendar, ServicePolicy policy)
    {
        if (!calendar.IsWorkingDay(date)) return null;
        var summer = date >= new DateOnly(date.Year, policy.SummerHoursFrom.Month, policy.SummerHoursFrom.Day)
                     && date <= new DateOnly(date.Year, policy.SummerHoursUntil.Month, policy.SummerHoursUntil.Day);
        return (policy.OfficeOpens, summer ? policy.OfficeClosesSummer : policy.OfficeClosesWinter);
    }

    /// <summary>
    /// R-TL-3: the instant <paramref name="hours"/> of office hours after <paramref name="start"/>: the clock runs only while
    /// the office is open, so a report after closing starts counting at the next opening.
    /// </summary>
    public static DateTimeOffset After(DateTimeOffset start, TimeSpan hours, WorkingCalendar calendar, ServicePolicy policy)
    {
        var local = TimeZoneInfo.ConvertTime(start, policy.TimeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var from = TimeOnly.FromDateTime(local.DateTime);
        var remaining = hours;
        for (var i = 0; i < 800; i++, day = day.AddDays(1), from = TimeOnly.MinValue)
        {
            if (On(day, calendar, policy) is not var (open, close)) continue;
            var begin = from > open ? from : open;
            if (begin >= close) continue;
            var available = close - begin;
            if (remaining <= available) return Instant(day, begin.Add(remaining), policy);
            remaining -= available;
        }
        throw new ArgumentOutOfRangeException(nameof(hours), hours, "more office hours than the calendar holds");
    }

    /// <summary>R-CAL-5: the hours home visits are made on <paramref name="date"/>: one span on working days, another on the others.</summary>
    public static (TimeOnly From, TimeOnly Until) VisitingHours(DateOnly date, WorkingCalendar calendar, ServicePolicy policy) =>
        calendar.IsWorkingDay(date) ? (policy.WorkingDayVisitsFrom, policy.WorkingDayVisitsUntil) : (policy.OtherDayVisitsFrom, policy.OtherDayVisitsUntil);

    /// <summary>R-CAL-5: whether a home visit at <paramref name="at"/> falls within that day's visiting hours.</summary>
    public static bool WithinVisitingHours(DateTimeOffset at, WorkingCalendar calendar, ServicePolicy policy)
    {
        var local = TimeZoneInfo.ConvertTime(at, policy.TimeZone);
        var (from, until) = VisitingHours(DateOnly.FromDateTime(local.DateTime), calendar, policy);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return time >= from && time <= until;
    }

    private static DateTimeOffset Instant(DateOnly date, TimeOnly time, ServicePolicy policy)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, policy.TimeZone.GetUtcOffset(local));
    }
}
