using GasLedger.Domain.Calendar;

namespace GasLedger.Api.Calendar;

/// <summary>Where a year's arrangement comes from.</summary>
public enum CalendarYearOrigin
{
    /// <summary>An official notice built into GasLedger (src/Domain/Calendar/OfficialArrangements.cs).</summary>
    BuiltIn,

    /// <summary>An official notice an administrator added (or corrected) through <c>PUT /api/calendar/years/{year}</c>.</summary>
    Added,

    /// <summary>No notice: the statutory holidays of the regulations, and answers relying on the year say so.</summary>
    Provisional,
}

/// <summary>A year of the working calendar: its days off, its adjusted working days, and where they come from.</summary>
/// <param name="WorkingDays">How many working days the year has.</param>
public sealed record CalendarYearView(
    int Year, bool Provisional, CalendarYearOrigin Origin, string Source, int WorkingDays,
    IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> AdjustedWorkingDays, string? RecordedBy, DateTimeOffset? RecordedAt)
{
    public static CalendarYearView Of(WorkingCalendar calendar, int year)
    {
        var arrangement = calendar.ArrangementOf(year);
        var provisional = calendar.IsProvisional(year);
        var origin = provisional ? CalendarYearOrigin.Provisional
            : arrangement.RecordedAt is null ? CalendarYearOrigin.BuiltIn : CalendarYearOrigin.Added;
        var first = new DateOnly(year, 1, 1);
        var workingDays = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Count(i => calendar.IsWorkingDay(first.AddDays(i)));
        return new CalendarYearView(year, provisional, origin, arrangement.Source, workingDays, arrangement.Holidays.Order().ToArray(),
            arrangement.AdjustedWorkingDays.Order().ToArray(), arrangement.RecordedBy, arrangement.RecordedAt);
    }

    /// <summary>A year outside those the calendar knows: 400 on <c>year</c>; null for a known year.</summary>
    public static IResult? Unknown(int year) => year is < WorkingCalendar.FirstYear or > WorkingCalendar.LastYear
        ? Problems.Invalid(new Dictionary<string, string[]>
        {
            ["year"] = [$"must be from {WorkingCalendar.FirstYear} to {WorkingCalendar.LastYear}, the years the calendar knows."],
        })
        : null;
}

/// <summary>工作日历 — reading a year of the working calendar.</summary>
public static class GetCalendarYearEndpoint
{
    /// <summary>工作日历 — one year of the working calendar, with its days off and working days.</summary>
    /// <remarks>
    /// A year of the working calendar (R-CAL-1) — official (built in or added) or provisional — with its days off, its
    /// adjusted working days and how many working days it has. 400 when the year is outside those the calendar knows.
    /// </remarks>
    [WolverineGet("/api/calendar/years/{year}"), ProducesResponseType<CalendarYearView>(StatusCodes.Status200OK),
     ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static IResult Get(int year, Calendars calendars) =>
        CalendarYearView.Unknown(year) ?? Results.Ok(CalendarYearView.Of(calendars.Current, year));
}
