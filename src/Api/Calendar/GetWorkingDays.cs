using System.Globalization;
using GasLedger.Domain.Calendar;

namespace GasLedger.Api.Calendar;

/// <summary>The next working days after a date, and whether any of them relied on a provisional year.</summary>
/// <param name="ProvisionalYears">
/// The years without an official arrangement between the day after <c>from</c> and the last day given.
/// </param>
public sealed record WorkingDaysAnswer(DateOnly From, int Count, IReadOnlyList<DateOnly> WorkingDays, bool Provisional,
    IReadOnlyList<int> ProvisionalYears);

/// <summary>工作日 — counting working days.</summary>
public static class GetWorkingDaysEndpoint
{
    public const int DefaultCount = 10;
    public const int MaxCount = 366;

    /// <summary>The last <c>from</c> accepted: 366 working days later still falls in a year the calendar knows.</summary>
    public static readonly DateOnly LastFrom = new(WorkingCalendar.LastYear - 2, 12, 31);

    public static readonly DateOnly FirstFrom = new(WorkingCalendar.FirstYear, 1, 1);

    /// <summary>工作日 — the next N working days after a date.</summary>
    /// <remarks>
    /// The next <c>count</c> working days after <c>from</c> (R-CAL-1, R-CAL-3): the N-th of them is the day a time
    /// limit of N working days counted from the day after <c>from</c> ends. <c>from</c> defaults to today in the
    /// company's time zone (R-CAL-4), <c>count</c> to 10 (1 to 366). The answer names the years it relied on that have
    /// no official arrangement yet. 400 when <c>from</c> is not a date the calendar covers, or <c>count</c> is not a
    /// whole number from 1 to 366.
    /// </remarks>
    [WolverineGet("/api/calendar/working-days"), ProducesResponseType<WorkingDaysAnswer>(StatusCodes.Status200OK),
     ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static IResult Get([Takes(QueryText.Date)] string? from, [Takes(QueryText.WholeNumber)] string? count, Calendars calendars, ServicePolicy policy, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var start = policy.LocalDate(clock.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
                errors["from"] = ["must be a date yyyy-MM-dd."];
            else if (start < FirstFrom || start > LastFrom)
                errors["from"] = [$"must be from {FirstFrom:yyyy-MM-dd} to {LastFrom:yyyy-MM-dd}: the calendar knows the years {WorkingCalendar.FirstYear}–{WorkingCalendar.LastYear}."];
        }
        var n = DefaultCount;
        if (!string.IsNullOrWhiteSpace(count)
            && (!int.TryParse(count.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > MaxCount))
            errors["count"] = [$"must be a whole number from 1 to {MaxCount}."];
        if (errors.Count > 0) return Problems.Invalid(errors);

        var calendar = calendars.Current;
        var days = calendar.WorkingDaysAfter(start, n);
        var provisional = calendar.ProvisionalYearsBetween(start.AddDays(1), days[^1]);
        return Results.Ok(new WorkingDaysAnswer(start, n, days, provisional.Count > 0, provisional));
    }
}
