using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Calendar;

/// <summary>
/// 放假调休安排 — one year's official arrangement of days off and adjusted working days (R-CAL-1), as published each
/// year by the State Council General Office (国务院办公厅关于XXXX年部分节假日安排的通知).
/// </summary>
/// <param name="Year">The Gregorian year the arrangement is for.</param>
/// <param name="Holidays">
/// Every day off of the holiday blocks (放假), weekend days inside a block included. A day not listed here and not in
/// <paramref name="AdjustedWorkingDays"/> is a working day from Monday to Friday and off on Saturday and Sunday.
/// </param>
/// <param name="AdjustedWorkingDays">调休上班 — Saturdays and Sundays that are working days.</param>
/// <param name="Source">The notice the dates come from, so a reader can check them.</param>
public sealed record YearArrangement(int Year, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> AdjustedWorkingDays, string Source)
{
    /// <summary>Who added the arrangement (a staff id); null for the built-in data and provisional years.</summary>
    public string? RecordedBy { get; init; }

    /// <summary>When it was added; null for the built-in data and provisional years.</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    public const int MaxSourceLength = 500;

    /// <summary>
    /// The input rules of an arrangement: a source is named, there is at least one holiday, every date lies in
    /// <paramref name="year"/> and is listed once, no date is both a holiday and a working day, and an adjusted working
    /// day is a Saturday or a Sunday (a weekday is a working day anyway). Field names are those of the HTTP body.
    /// </summary>
    public static FieldErrors Check(int year, IReadOnlyList<DateOnly> holidays, IReadOnlyList<DateOnly> adjustedWorkingDays, string? source)
    {
        var errors = new FieldErrors()
            .Require(source, "source")
            .When(source is { Length: > MaxSourceLength }, "source", $"is longer than {MaxSourceLength} characters.")
            .When(holidays.Count == 0, "holidays", "must list at least one day off.");

        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < holidays.Count; i++)
        {
            var day = holidays[i];
            errors.When(day.Year != year, $"holidays[{i}]", $"{day:yyyy-MM-dd} is not in {year}.")
                .When(!seen.Add(day), $"holidays[{i}]", $"{day:yyyy-MM-dd} is listed twice.");
        }
        var holidaySet = seen;
        var seenWorking = new HashSet<DateOnly>();
        for (var i = 0; i < adjustedWorkingDays.Count; i++)
        {
            var day = adjustedWorkingDays[i];
            errors.When(day.Year != year, $"adjustedWorkingDays[{i}]", $"{day:yyyy-MM-dd} is not in {year}.")
                .When(!seenWorking.Add(day), $"adjustedWorkingDays[{i}]", $"{day:yyyy-MM-dd} is listed twice.")
                .When(holidaySet.Contains(day), $"adjustedWorkingDays[{i}]", $"{day:yyyy-MM-dd} is also listed as a holiday.")
                .When(!WorkingCalendar.IsWeekend(day), $"adjustedWorkingDays[{i}]",
                    $"{day:yyyy-MM-dd} is a {day.DayOfWeek}: an adjusted working day (调休上班) is a Saturday or Sunday that is worked.");
        }
        return errors;
    }
}
