using System.Globalization;
using System.Text.RegularExpressions;

namespace GasLedger.Api.Http;

/// <summary>
/// The query-string inputs of the satisfaction and callback reads, checked into field errors (400), never a 5xx: dates
/// (<c>yyyy-MM-dd</c>, inclusive), months (<c>yyyy-MM</c>), ISO weeks (<c>2026-W48</c>), pages. Defaults are taken in
/// the company's time zone (R-CAL-4).
/// </summary>
public static partial class ReadInput
{
    public const int MaxRangeDays = 3660;

    /// <summary>
    /// A period <c>from</c>..<c>to</c>, both days included. Without <c>to</c>: the end of <c>from</c>'s month, or today;
    /// without <c>from</c>: the first day of <c>to</c>'s month.
    /// </summary>
    public static (DateOnly From, DateOnly To) Period(string? from, string? to, DateOnly today, FieldErrors errors)
    {
        var givenFrom = Date(from, "from", errors);
        var end = Date(to, "to", errors) ?? (givenFrom is { } f ? new DateOnly(f.Year, f.Month, 1).AddMonths(1).AddDays(-1) : today);
        var start = givenFrom ?? new DateOnly(end.Year, end.Month, 1);
        if (errors.Any) return (start, end);
        errors.When(end < start, "to", $"must not be before from ({start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}).")
            .When(end.DayNumber - start.DayNumber > MaxRangeDays, "to", $"the period may be at most {MaxRangeDays} days.");
        return (start, end);
    }

    public static DateOnly? Date(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (BusinessDates.TryParse(text, out var date) && BusinessDates.Holds(date.Year))
            return date;
        errors.Add(field, $"must be a date yyyy-MM-dd ({BusinessDates.Range}).");
        return null;
    }

    /// <summary>A month <c>yyyy-MM</c>; by default this month.</summary>
    public static DateOnly Month(string? text, DateOnly today, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return new DateOnly(today.Year, today.Month, 1);
        if (DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && BusinessDates.Holds(month.Year))
            return month;
        errors.Add("month", $"must be a month yyyy-MM ({BusinessDates.Range}).");
        return default;
    }

    /// <summary>An ISO week <c>yyyy-Www</c> (Monday first, R-CAL-4): its name, Monday and Sunday; by default this week.</summary>
    public static (string Name, DateOnly Monday, DateOnly Sunday) Week(string? text, DateOnly today, FieldErrors errors)
    {
        int year, week;
        if (string.IsNullOrWhiteSpace(text))
        {
            year = ISOWeek.GetYear(today.ToDateTime(TimeOnly.MinValue));
            week = ISOWeek.GetWeekOfYear(today.ToDateTime(TimeOnly.MinValue));
        }
        else if (!TryIsoWeek(text.Trim(), out year, out week))
        {
            errors.Add("week", "must be an ISO week yyyy-Www (2026-W48) that exists in that year.");
            return ("", default, default);
        }
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return ($"{year}-W{week:D2}", monday, monday.AddDays(6));
    }

    private static bool TryIsoWeek(string text, out int year, out int week)
    {
        year = week = 0;
        var match = IsoWeek().Match(text);
        if (!match.Success) return false;
        year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return BusinessDates.Holds(year) && week >= 1 && week <= ISOWeek.GetWeeksInYear(year);
    }

    /// <summary>A district filter: trimmed, or none.</summary>
    public static string? District(string? district) => string.IsNullOrWhiteSpace(district) ? null : district.Trim();

    /// <summary>An enumeration value in its wire form (camelCase), case-insensitively.</summary>
    public static T? Enum<T>(string? text, string field, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (System.Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            && !int.TryParse(text, out _))
            return value;
        errors.Add(field, $"must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(WireNames.Of))}.");
        return null;
    }

    /// <summary>An enumeration value as the documents store it (by name, in any case) read back.</summary>
    public static T Stored<T>(string text) where T : struct, Enum => System.Enum.Parse<T>(text, ignoreCase: true);

    [GeneratedRegex(@"^([0-9]{4})-W([0-9]{2})$")]
    private static partial Regex IsoWeek();
}
