using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;

namespace GasLedger.Domain.Inspections;

/// <summary>The holidays before which public-service buildings are inspected (R-INSP-1).</summary>
public enum InspectionHoliday { SpringFestival, LabourDay, NationalDay }

/// <summary>An inspection a public-service account owes before a holiday: due by the day before the holiday begins.</summary>
public sealed record HolidayInspectionDue(InspectionHoliday Holiday, DateOnly HolidayStarts, DateOnly DueBy);

/// <summary>
/// R-INSP-1: public-service buildings are inspected, besides their periodic inspections, before the Spring Festival,
/// Labour Day and National Day. The holiday begins on the first day off of the block of days off around it on the
/// working calendar in force; an inspection that counts (R-INSP-2) within <see cref="ServicePolicy.HolidayInspectionWindowDays"/>
/// days before that day answers it.
/// </summary>
public static class HolidayInspections
{
    public static IReadOnlyList<HolidayInspectionDue> Due(Account account, DateOnly asOf, int withinDays, WorkingCalendar calendar,
        ServicePolicy policy)
    {
        if (account.Category != CustomerCategory.PublicService) return [];
        if (account.GasOnAt is not { } gasOn || policy.LocalDate(gasOn) > asOf) return [];
        if (account.ClosedAt is { } closed && policy.LocalDate(closed) <= asOf) return [];
        var inspected = account.InspectedAt.Select(policy.LocalDate).Where(d => d <= asOf).ToArray();
        return Windows(asOf, withinDays, calendar, policy)
            .Where(w => !inspected.Any(d => d >= w.Opens && d < w.Due.HolidayStarts))
            .Select(w => w.Due).ToArray();
    }

    /// <summary>A holiday's inspection window: it opens <see cref="ServicePolicy.HolidayInspectionWindowDays"/> before the holiday.</summary>
    public sealed record Window(HolidayInspectionDue Due, DateOnly Opens);

    /// <summary>
    /// The holidays of <paramref name="asOf"/>'s year and the next whose inspection is owed on that date within the
    /// horizon asked for — not begun yet, their window open by <paramref name="asOf"/> + <paramref name="withinDays"/> —
    /// in the order the years and holidays come.
    /// </summary>
    public static IReadOnlyList<Window> Windows(DateOnly asOf, int withinDays, WorkingCalendar calendar, ServicePolicy policy)
    {
        var windows = new List<Window>();
        foreach (var year in new[] { asOf.Year, asOf.Year + 1 })
        foreach (var holiday in Enum.GetValues<InspectionHoliday>())
        {
            var starts = Start(Anchor(holiday, year), calendar);
            var opens = starts.AddDays(-policy.HolidayInspectionWindowDays);
            if (starts <= asOf || opens > asOf.AddDays(withinDays)) continue;
            windows.Add(new Window(new HolidayInspectionDue(holiday, starts, starts.AddDays(-1)), opens));
        }
        return windows;
    }

    /// <summary>A day the holiday always covers: lunar New Year's day, 1 May, 1 October.</summary>
    public static DateOnly Anchor(InspectionHoliday holiday, int year) => holiday switch
    {
        InspectionHoliday.SpringFestival => DateOnly.FromDateTime(new ChineseLunisolarCalendar().ToDateTime(year, 1, 1, 0, 0, 0, 0)),
        InspectionHoliday.LabourDay => new DateOnly(year, 5, 1),
        _ => new DateOnly(year, 10, 1),
    };

    /// <summary>The first day of the block of days off that holds <paramref name="anchor"/>.</summary>
    public static DateOnly Start(DateOnly anchor, WorkingCalendar calendar)
    {
        var day = anchor;
        while (!calendar.IsWorkingDay(day.AddDays(-1))) day = day.AddDays(-1);
        return day;
    }
}
