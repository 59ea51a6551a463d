using System.Collections.Concurrent;

namespace GasLedger.Domain.Calendar;

/// <summary>
/// 工作日历 — which days are working days (R-CAL-1), and time limits counted in working days (R-CAL-3), with dates and
/// day boundaries in the company's time zone (R-CAL-4).
/// <para>
/// A year with an official arrangement (built in, <see cref="OfficialArrangements"/>, or added by an administrator)
/// follows it: its holidays are off, its adjusted working days (调休上班) are worked, other days are worked Monday to
/// Friday. A year without one is <b>provisional</b>: it follows <see cref="StatutoryHolidays.ProvisionalArrangement"/>,
/// and whoever relies on it must say so (<see cref="IsProvisional"/>, <see cref="ProvisionalYearsBetween"/>).
/// </para>
/// <para>
/// Immutable and safe to share: a new arrangement makes a new calendar (<see cref="With"/>). The calendar knows the
/// years <see cref="FirstYear"/>–<see cref="LastYear"/>; asking about a date outside them throws
/// <see cref="ArgumentOutOfRangeException"/>.
/// </para>
/// </summary>
public sealed class WorkingCalendar
{
    public const int FirstYear = StatutoryHolidays.FirstYear;
    public const int LastYear = StatutoryHolidays.LastYear;

    /// <summary>The calendar of the built-in official arrangements (2024–2026); later years are provisional.</summary>
    public static WorkingCalendar Official { get; } = new(OfficialArrangements.All);

    private readonly IReadOnlyDictionary<int, YearArrangement> _official;
    private readonly ConcurrentDictionary<int, YearDays> _years = new();

    private sealed record YearDays(YearArrangement Arrangement, bool Provisional, HashSet<DateOnly> Off, HashSet<DateOnly> Worked);

    /// <summary>
    /// A calendar of these official arrangements; of two for the same year the later one counts. An arrangement that
    /// breaks <see cref="YearArrangement.Check"/> or lies outside the known years is refused with an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public WorkingCalendar(IEnumerable<YearArrangement> official)
    {
        var byYear = new Dictionary<int, YearArrangement>();
        foreach (var arrangement in official)
        {
            if (arrangement.Year is < FirstYear or > LastYear)
                throw new ArgumentException($"The calendar knows the years {FirstYear}–{LastYear}, not {arrangement.Year}.",
                    nameof(official));
            var errors = YearArrangement.Check(arrangement.Year, arrangement.Holidays, arrangement.AdjustedWorkingDays, arrangement.Source);
            if (errors.Any)
                throw new ArgumentException($"The arrangement of {arrangement.Year} is inconsistent: " +
                    string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), nameof(official));
            byYear[arrangement.Year] = arrangement;
        }
        _official = byYear;
    }

    /// <summary>This calendar with more official arrangements, each replacing any for its year.</summary>
    public WorkingCalendar With(IEnumerable<YearArrangement> arrangements) => new(_official.Values.Concat(arrangements));

    /// <summary>The official arrangements this calendar follows, by year.</summary>
    public IReadOnlyList<YearArrangement> OfficialYears => _official.Values.OrderBy(a => a.Year).ToArray();

    /// <summary>True when <paramref name="year"/> has no official arrangement: its working days are provisional.</summary>
    public bool IsProvisional(int year) => Year(year).Provisional;

    /// <summary>
    /// The arrangement <paramref name="year"/> follows: the official one, or the provisional one made from the
    /// statutory holidays.
    /// </summary>
    public YearArrangement ArrangementOf(int year) => Year(year).Arrangement;

    /// <summary>R-CAL-1: whether <paramref name="date"/> (a company-local date) is a working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        var year = Year(date.Year);
        if (year.Worked.Contains(date)) return true;
        if (year.Off.Contains(date)) return false;
        return !IsWeekend(date);
    }

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>
    /// R-CAL-3: the <paramref name="n"/>-th working day after <paramref name="date"/> (<paramref name="date"/> itself never
    /// counts, working day or not). <paramref name="n"/> is at least 1.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var day = date;
        for (var found = 0; found < n;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) found++;
        }
        return day;
    }

    /// <summary>
    /// The next <paramref name="count"/> working days after <paramref name="from"/> (not counting
    /// <paramref name="from"/>), in order.
    /// </summary>
    public IReadOnlyList<DateOnly> WorkingDaysAfter(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var days = new List<DateOnly>(count);
        for (var day = from; days.Count < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) days.Add(day);
        }
        return days;
    }

    /// <summary>
    /// The provisional years among the days from <paramref name="first"/> to <paramref name="last"/>, both included:
    /// an answer about those days relies on them. Empty when <paramref name="last"/> is before <paramref name="first"/>.
    /// </summary>
    public IReadOnlyList<int> ProvisionalYearsBetween(DateOnly first, DateOnly last) =>
        Enumerable.Range(first.Year, Math.Max(0, last.Year - first.Year + 1)).Where(IsProvisional).ToArray();

    /// <summary>
    /// R-CAL-3 and R-CAL-4: the deadline of "within <paramref name="n"/> working days counted from the day after
    /// <paramref name="start"/>" — the end of the <paramref name="n"/>-th working day after the company-local date of
    /// <paramref name="start"/>. The answer is the <b>last instant</b> of that day (the next local midnight less one tick,
    /// as <see cref="EndOfDay"/>): the time limit is met by anything done at or before it.
    /// Whether it relies on a provisional year: <c>ProvisionalYearsBetween(policy.LocalDate(start).AddDays(1), policy.LocalDate(due))</c>.
    /// </summary>
    public DateTimeOffset DueAfterWorkingDays(DateTimeOffset start, int n, ServicePolicy policy) =>
        EndOfDay(AddWorkingDays(policy.LocalDate(start), n), policy);

    /// <summary>
    /// R-CAL-4: the last instant of a company-local date (the next local midnight less one tick), in the company's
    /// offset.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly date, ServicePolicy policy)
    {
        var nextMidnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(nextMidnight, policy.TimeZone.GetUtcOffset(nextMidnight)).AddTicks(-1);
    }

    private YearDays Year(int year)
    {
        if (year is < FirstYear or > LastYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The working calendar knows the years {FirstYear}–{LastYear}.");
        return _years.GetOrAdd(year, y =>
        {
            var provisional = !_official.TryGetValue(y, out var arrangement);
            arrangement ??= StatutoryHolidays.ProvisionalArrangement(y);
            return new YearDays(arrangement, provisional, arrangement.Holidays.ToHashSet(), arrangement.AdjustedWorkingDays.ToHashSet());
        });
    }
}
