using System.Globalization;

namespace GasLedger.Domain.Calendar;

/// <summary>
/// 法定节假日 — the public holidays of the national regulations (全国年节及纪念日放假办法), for a year whose official
/// arrangement is not known (R-CAL-1): its working days are then provisional. The regulation in force that year decides:
/// <list type="bullet">
/// <item>from 2025 (revision of 2024-11-10, 国务院令第795号): 元旦 1月1日; 春节 4 days (农历除夕, 正月初一至初三);
/// 清明 1 day; 劳动节 5月1日、2日; 端午 农历五月初五; 中秋 农历八月十五; 国庆 10月1日至3日;</item>
/// <item>2014–2024 (revision of 2013-12-11, 国务院令第644号): as above but 春节 正月初一至初三 and 劳动节 5月1日
/// only;</item>
/// <item>2008–2013 (revision of 2007-12-14, 国务院令第513号): 春节 农历除夕、正月初一、初二 and 劳动节 5月1日
/// only.</item>
/// </list>
/// Article 6 of every revision: a holiday falling on a Saturday or Sunday is made up on a working day (补假) — here the
/// first following Monday–Friday that is not itself a holiday or a make-up day. There are no adjusted working days
/// (调休上班): only a notice sets those.
/// </summary>
public static class StatutoryHolidays
{
    /// <summary>The first year the rules here describe (the 2007 revision took effect on 2008-01-01).</summary>
    public const int FirstYear = 2008;

    /// <summary>The last year the Qingming formula below (valid for 2001–2099) covers.</summary>
    public const int LastYear = 2099;

    private static readonly ChineseLunisolarCalendar Lunar = new();

    /// <summary>The statutory holidays of <paramref name="year"/>, by name, in date order (without make-up days).</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> Of(int year)
    {
        if (year is < FirstYear or > LastYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The statutory holidays are known for {FirstYear}–{LastYear}.");

        var newYear = LunarNewYear(year);
        var days = new List<(DateOnly, string)> { (new DateOnly(year, 1, 1), "元旦") };
        if (year >= 2025 || year <= 2013) days.Add((newYear.AddDays(-1), "春节(除夕)"));
        days.Add((newYear, "春节(正月初一)"));
        days.Add((newYear.AddDays(1), "春节(正月初二)"));
        if (year >= 2014) days.Add((newYear.AddDays(2), "春节(正月初三)"));
        days.Add((Qingming(year), "清明节"));
        days.Add((new DateOnly(year, 5, 1), "劳动节"));
        if (year >= 2025) days.Add((new DateOnly(year, 5, 2), "劳动节"));
        days.Add((LunarDate(year, 5, 5), "端午节"));
        days.Add((LunarDate(year, 8, 15), "中秋节"));
        days.Add((new DateOnly(year, 10, 1), "国庆节"));
        days.Add((new DateOnly(year, 10, 2), "国庆节"));
        days.Add((new DateOnly(year, 10, 3), "国庆节"));
        return days.OrderBy(d => d.Item1).ToArray();
    }

    /// <summary>
    /// The provisional arrangement of <paramref name="year"/>: its statutory holidays and their make-up days (补假) off,
    /// no adjusted working days.
    /// </summary>
    public static YearArrangement ProvisionalArrangement(int year)
    {
        var holidays = Of(year).Select(d => d.Date).ToHashSet();
        var makeUps = new SortedSet<DateOnly>();
        foreach (var holiday in holidays.Where(WorkingCalendar.IsWeekend).Order())
        {
            var day = holiday.AddDays(1);
            while (WorkingCalendar.IsWeekend(day) || holidays.Contains(day) || makeUps.Contains(day)) day = day.AddDays(1);
            makeUps.Add(day);
        }
        var revision = year >= 2025 ? "2024年修订,国务院令第795号"
            : year >= 2014 ? "2013年修订,国务院令第644号"
            : "2007年修订,国务院令第513号";
        return new YearArrangement(year, holidays.Concat(makeUps).Order().ToArray(), [],
            $"Provisional: no official arrangement for {year} is recorded. Statutory holidays of 全国年节及纪念日放假办法({revision}) " +
            "with make-up days (补假) for those on a weekend, weekends otherwise, no adjusted working days.");
    }

    /// <summary>春节 — 农历正月初一 of the lunar year that begins in Gregorian <paramref name="year"/>.</summary>
    public static DateOnly LunarNewYear(int year) => LunarDate(year, 1, 1);

    /// <summary>
    /// The Gregorian date of lunar <paramref name="month"/>/<paramref name="day"/> (never the leap month of that number) of
    /// the lunar year that begins in Gregorian <paramref name="year"/>.
    /// </summary>
    public static DateOnly LunarDate(int year, int month, int day)
    {
        // ChineseLunisolarCalendar numbers the months of a year 1–13; the leap month, if any, has its own number L and
        // every month from L on is one higher than its traditional number.
        var leap = Lunar.GetLeapMonth(year);
        var index = leap != 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    /// <summary>
    /// 清明 — the day of the Qingming solar term (the sun at longitude 15°), 4 or 5 April, by the standard formula for
    /// 2001–2099: day = ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y the year's last two digits.
    /// </summary>
    public static DateOnly Qingming(int year)
    {
        if (year is < 2001 or > 2099)
            throw new ArgumentOutOfRangeException(nameof(year), year, "The Qingming formula holds for 2001–2099.");
        var y = year % 100;
        var day = (int)Math.Floor(y * 0.2422m + 4.81m) - y / 4;
        return new DateOnly(year, 4, day);
    }
}
