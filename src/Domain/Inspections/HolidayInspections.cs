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

        var due = new List<HolidayInspectionDue>();
        foreach (var year in new[] { asOf.Year, asOf.Year + 1 })
        foreach (var holiday in Enum.GetValues<InspectionHoliday>())
        {
            var starts = Start(Anchor(holiday, year), calendar);
            // Owed from the start of its window until the holiday begins, if it falls within the horizon asked for.
            var windowOpens = starts.AddDays(-policy.HolidayInspectionWindowDays);
            if (starts <= asOf || windowOpens > asOf.AddDays(withinDays)) continue;
            if (inspected.Any(d => d >= windowOpens && d < starts)) continue;
            due.Add(new HolidayInspectionDue(holiday, starts, starts.AddDays(-1)));
        }
        return due;
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
