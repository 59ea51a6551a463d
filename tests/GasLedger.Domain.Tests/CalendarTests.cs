using System.Globalization;
using GasLedger.Domain;
using GasLedger.Domain.Calendar;

namespace GasLedger.Domain.Tests;

/// <summary>The working-day calendar: R-CAL-1 (official arrangements as data, provisional years), R-CAL-3, R-CAL-4.</summary>
public sealed class CalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IEnumerable<DateOnly> Range(string first, string last)
    {
        for (var day = D(first); day <= D(last); day = day.AddDays(1)) yield return day;
    }

    // ---- R-CAL-3 and R-CAL-4: deadlines in working days ----

    [Fact]
    public void R_CAL_3_complaint_decided_within_3_working_days_of_2026_09_30_is_due_end_of_2026_10_10()
    {
        // 1–7 October are National Day; 8 and 9 October (Thu, Fri) are working days, and so is Saturday 10 October (调休上班).
        var filed = new DateTimeOffset(2026, 9, 30, 15, 0, 0, TimeSpan.FromHours(8));
        var due = Calendar.DueAfterWorkingDays(filed, 3, ServicePolicy.Default);
        Assert.Equal(new DateTimeOffset(2026, 10, 11, 0, 0, 0, TimeSpan.FromHours(8)).AddTicks(-1), due);
        Assert.Equal("2026-10-10T23:59:59.9999999+08:00", due.ToString("o", CultureInfo.InvariantCulture));
        Assert.Empty(Calendar.ProvisionalYearsBetween(D("2026-10-01"), D("2026-10-10")));
    }

    [Fact]
    public void R_CAL_3_the_day_of_X_never_counts_even_when_it_is_a_working_day()
    {
        Assert.Equal(D("2026-11-24"), Calendar.AddWorkingDays(D("2026-11-23"), 1)); // Monday → Tuesday
        Assert.Equal(D("2026-11-30"), Calendar.AddWorkingDays(D("2026-11-27"), 1)); // Friday → Monday
        Assert.Equal(D("2026-11-30"), Calendar.AddWorkingDays(D("2026-11-28"), 1)); // Saturday → Monday
        Assert.Equal(D("2026-12-04"), Calendar.AddWorkingDays(D("2026-11-27"), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D("2026-11-27"), 0));
    }

    [Fact]
    public void R_CAL_4_the_date_of_X_is_the_company_local_date_not_the_utc_date()
    {
        // 2026-09-29 16:30 UTC is 2026-09-30 00:30 in Shanghai: counting starts on 1 October, not on 30 September.
        var filed = new DateTimeOffset(2026, 9, 29, 16, 30, 0, TimeSpan.Zero);
        Assert.Equal(D("2026-09-30"), ServicePolicy.Default.LocalDate(filed));
        Assert.Equal(new DateTimeOffset(2026, 10, 10, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(9_999_999),
            Calendar.DueAfterWorkingDays(filed, 3, ServicePolicy.Default));
        // One minute earlier it is still 29 September locally: due at the end of 9 October.
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(9_999_999),
            Calendar.DueAfterWorkingDays(filed.AddHours(-1), 3, ServicePolicy.Default));
    }

    [Fact]
    public void R_CAL_3_seven_working_days_from_the_eve_of_spring_festival_2026()
    {
        // 2026-02-13 (Fri): 14 Feb (Sat) is worked, 15–23 Feb are off, then 24, 25, 26, 27 Feb and Saturday 28 Feb (worked), 2 Mar.
        Assert.Equal(
            [D("2026-02-14"), D("2026-02-24"), D("2026-02-25"), D("2026-02-26"), D("2026-02-27"), D("2026-02-28"), D("2026-03-02")],
            Calendar.WorkingDaysAfter(D("2026-02-13"), 7));
        Assert.Equal(D("2026-03-02"), Calendar.AddWorkingDays(D("2026-02-13"), 7));
        Assert.Empty(Calendar.WorkingDaysAfter(D("2026-02-13"), 0));
    }

    // ---- R-CAL-1: weekends, official holidays and adjusted working days ----

    [Fact]
    public void R_CAL_1_an_ordinary_week_is_worked_monday_to_friday()
    {
        var week = Range("2026-11-23", "2026-11-29").Select(Calendar.IsWorkingDay).ToArray();
        Assert.Equal([true, true, true, true, true, false, false], week);
    }

    [Theory]
    [InlineData("2024-02-04")] [InlineData("2024-02-18")] [InlineData("2024-04-07")] [InlineData("2024-04-28")]
    [InlineData("2024-05-11")] [InlineData("2024-09-14")] [InlineData("2024-09-29")] [InlineData("2024-10-12")]
    [InlineData("2025-01-26")] [InlineData("2025-02-08")] [InlineData("2025-04-27")] [InlineData("2025-09-28")]
    [InlineData("2025-10-11")]
    [InlineData("2026-01-04")] [InlineData("2026-02-14")] [InlineData("2026-02-28")] [InlineData("2026-05-09")]
    [InlineData("2026-09-20")] [InlineData("2026-10-10")]
    public void R_CAL_1_an_adjusted_working_day_on_a_weekend_is_a_working_day(string date)
    {
        Assert.True(WorkingCalendar.IsWeekend(D(date)));
        Assert.True(Calendar.IsWorkingDay(D(date)));
    }

    [Theory]
    // 2024 (国办发明电〔2023〕7号)
    [InlineData("2024-01-01", "2024-01-01")] [InlineData("2024-02-10", "2024-02-17")] [InlineData("2024-04-04", "2024-04-06")]
    [InlineData("2024-05-01", "2024-05-05")] [InlineData("2024-06-10", "2024-06-10")] [InlineData("2024-09-15", "2024-09-17")]
    [InlineData("2024-10-01", "2024-10-07")]
    // 2025 (国办发明电〔2024〕12号)
    [InlineData("2025-01-01", "2025-01-01")] [InlineData("2025-01-28", "2025-02-04")] [InlineData("2025-04-04", "2025-04-06")]
    [InlineData("2025-05-01", "2025-05-05")] [InlineData("2025-05-31", "2025-06-02")] [InlineData("2025-10-01", "2025-10-08")]
    // 2026 (notice of 2025-11-04)
    [InlineData("2026-01-01", "2026-01-03")] [InlineData("2026-02-15", "2026-02-23")] [InlineData("2026-04-04", "2026-04-06")]
    [InlineData("2026-05-01", "2026-05-05")] [InlineData("2026-06-19", "2026-06-21")] [InlineData("2026-09-25", "2026-09-27")]
    [InlineData("2026-10-01", "2026-10-07")]
    public void R_CAL_1_every_day_of_an_official_holiday_block_is_off(string first, string last)
    {
        var days = Range(first, last).ToArray();
        Assert.All(days, day => Assert.False(Calendar.IsWorkingDay(day), $"{day:yyyy-MM-dd} should be off"));
        // The days around the block are worked unless they are a weekend (or, for 1 January, the previous year).
        var before = days[0].AddDays(-1);
        var after = days[^1].AddDays(1);
        if (before.Year == days[0].Year && !WorkingCalendar.IsWeekend(before)) Assert.True(Calendar.IsWorkingDay(before));
        if (!WorkingCalendar.IsWeekend(after)) Assert.True(Calendar.IsWorkingDay(after));
    }

    [Fact]
    public void R_CAL_1_official_years_count_their_working_days_from_the_notices()
    {
        // Working days in the year: 365 or 366 days less weekends, less holidays on weekdays, plus adjusted working days.
        int WorkingDays(int year) => Range($"{year}-01-01", $"{year}-12-31").Count(Calendar.IsWorkingDay);
        Assert.Equal(251, WorkingDays(2024));
        Assert.Equal(248, WorkingDays(2025));
        Assert.Equal(248, WorkingDays(2026));
    }

    [Fact]
    public void R_CAL_1_the_built_in_years_are_official_and_cite_their_notice()
    {
        Assert.Equal([2024, 2025, 2026], Calendar.OfficialYears.Select(a => a.Year));
        Assert.False(Calendar.IsProvisional(2024));
        Assert.False(Calendar.IsProvisional(2025));
        Assert.False(Calendar.IsProvisional(2026));
        Assert.All(Calendar.OfficialYears, a => Assert.Contains($"国务院办公厅关于{a.Year}年部分节假日安排的通知", a.Source));
    }

    [Theory]
    [InlineData(2024)] [InlineData(2025)] [InlineData(2026)]
    public void R_CAL_1_every_statutory_holiday_computed_from_the_lunar_calendar_lies_in_the_official_arrangement(int year)
    {
        // A check of the lunar and solar-term computation against the notices: each statutory holiday is off in the notice.
        var official = Calendar.ArrangementOf(year).Holidays.ToHashSet();
        Assert.All(StatutoryHolidays.Of(year), h => Assert.Contains(h.Date, official));
    }

    [Fact]
    public void R_CAL_1_lunar_dates_match_those_printed_in_the_notices()
    {
        Assert.Equal(D("2024-02-10"), StatutoryHolidays.LunarNewYear(2024)); // 2024 notice: 除夕 (2月9日)
        Assert.Equal(D("2025-01-29"), StatutoryHolidays.LunarNewYear(2025)); // 2025 notice: 1月28日 (农历除夕)
        Assert.Equal(D("2025-02-04"), StatutoryHolidays.LunarDate(2025, 1, 7)); // 2月4日 (农历正月初七)
        Assert.Equal(D("2026-02-15"), StatutoryHolidays.LunarDate(2025, 12, 28)); // 2026 notice: 2月15日 (农历腊月二十八)
        Assert.Equal(D("2026-02-23"), StatutoryHolidays.LunarDate(2026, 1, 7)); // 2月23日 (农历正月初七)
        // 2025 has a leap sixth month (闰六月): the Mid-Autumn festival is still the 15th of the eighth month, 6 October.
        Assert.Equal(D("2025-10-06"), StatutoryHolidays.LunarDate(2025, 8, 15));
        Assert.Equal(D("2025-05-31"), StatutoryHolidays.LunarDate(2025, 5, 5));
    }

    [Theory]
    [InlineData(2008, "2008-04-04")] [InlineData(2024, "2024-04-04")] [InlineData(2025, "2025-04-04")]
    [InlineData(2026, "2026-04-05")] [InlineData(2027, "2027-04-05")]
    public void R_CAL_1_qingming_is_the_solar_term_day(int year, string date) =>
        Assert.Equal(D(date), StatutoryHolidays.Qingming(year));

    // ---- R-CAL-1: a year without an official notice is provisional ----

    [Fact]
    public void R_CAL_1_2027_has_no_notice_yet_and_is_provisional()
    {
        Assert.True(Calendar.IsProvisional(2027));
        Assert.Equal([2027], Calendar.ProvisionalYearsBetween(D("2026-12-30"), D("2027-01-05")));
        Assert.StartsWith("Provisional", Calendar.ArrangementOf(2027).Source);
        Assert.Empty(Calendar.ArrangementOf(2027).AdjustedWorkingDays);
    }

    [Fact]
    public void R_CAL_1_the_statutory_holidays_of_2027_are_computed_from_the_regulation()
    {
        Assert.Equal(
        [
            (D("2027-01-01"), "元旦"),
            (D("2027-02-05"), "春节(除夕)"), (D("2027-02-06"), "春节(正月初一)"), (D("2027-02-07"), "春节(正月初二)"), (D("2027-02-08"), "春节(正月初三)"),
            (D("2027-04-05"), "清明节"),
            (D("2027-05-01"), "劳动节"), (D("2027-05-02"), "劳动节"),
            (D("2027-06-09"), "端午节"),
            (D("2027-09-15"), "中秋节"),
            (D("2027-10-01"), "国庆节"), (D("2027-10-02"), "国庆节"), (D("2027-10-03"), "国庆节"),
        ], StatutoryHolidays.Of(2027));
    }

    [Fact]
    public void R_CAL_1_provisional_2027_makes_up_weekend_holidays_on_the_next_working_days_and_adjusts_no_weekend()
    {
        // 6, 7 Feb (Sat, Sun: 初一, 初二) → 9, 10 Feb; 1, 2 May (Sat, Sun) → 3, 4 May; 2, 3 Oct (Sat, Sun) → 4, 5 Oct.
        Assert.Equal(
        [
            D("2027-01-01"),
            D("2027-02-05"), D("2027-02-06"), D("2027-02-07"), D("2027-02-08"), D("2027-02-09"), D("2027-02-10"),
            D("2027-04-05"),
            D("2027-05-01"), D("2027-05-02"), D("2027-05-03"), D("2027-05-04"),
            D("2027-06-09"),
            D("2027-09-15"),
            D("2027-10-01"), D("2027-10-02"), D("2027-10-03"), D("2027-10-04"), D("2027-10-05"),
        ], Calendar.ArrangementOf(2027).Holidays);

        Assert.Equal([D("2027-02-04"), D("2027-02-11"), D("2027-02-12"), D("2027-02-15")], Calendar.WorkingDaysAfter(D("2027-02-03"), 4));
        Assert.False(Calendar.IsWorkingDay(D("2027-02-13"))); // a Saturday stays off: no adjusted working days without a notice
        Assert.Equal([D("2027-04-02"), D("2027-04-06")], Calendar.WorkingDaysAfter(D("2027-04-01"), 2));
        Assert.Equal([D("2027-06-08"), D("2027-06-10")], Calendar.WorkingDaysAfter(D("2027-06-07"), 2));
        Assert.Equal([D("2027-09-14"), D("2027-09-16")], Calendar.WorkingDaysAfter(D("2027-09-13"), 2));
        Assert.Equal([D("2027-09-30"), D("2027-10-06")], Calendar.WorkingDaysAfter(D("2027-09-29"), 2));
    }

    [Fact]
    public void R_CAL_1_a_provisional_year_follows_the_regulation_in_force_that_year()
    {
        // 2013 (2007 revision): 除夕, 初一, 初二; 2020 (2013 revision): 初一 to 初三; both with 5月1日 only.
        Assert.Equal([D("2013-02-09"), D("2013-02-10"), D("2013-02-11")],
            StatutoryHolidays.Of(2013).Where(h => h.Name.StartsWith("春节")).Select(h => h.Date));
        Assert.Equal([D("2020-01-25"), D("2020-01-26"), D("2020-01-27")],
            StatutoryHolidays.Of(2020).Where(h => h.Name.StartsWith("春节")).Select(h => h.Date));
        Assert.Equal([D("2020-05-01")], StatutoryHolidays.Of(2020).Where(h => h.Name == "劳动节").Select(h => h.Date));
        Assert.True(Calendar.IsProvisional(2020));
    }

    [Fact]
    public void R_CAL_1_an_added_official_arrangement_makes_2027_official()
    {
        // An arrangement as an administrator would enter it (made up for the test: the 2027 notice is not out).
        var arrangement = new YearArrangement(2027,
            [D("2027-01-01"), D("2027-01-02"), D("2027-01-03"), .. Range("2027-02-05", "2027-02-12")],
            [D("2027-02-20")],
            "Test arrangement for 2027");
        var calendar = Calendar.With([arrangement]);

        Assert.False(calendar.IsProvisional(2027));
        Assert.Empty(calendar.ProvisionalYearsBetween(D("2027-01-01"), D("2027-12-31")));
        Assert.Same(arrangement, calendar.ArrangementOf(2027));
        Assert.False(calendar.IsWorkingDay(D("2027-02-11")));
        Assert.True(calendar.IsWorkingDay(D("2027-02-20"))); // a Saturday worked
        Assert.True(calendar.IsWorkingDay(D("2027-05-03"))); // no make-up day: the notice decides
        Assert.Equal([D("2027-02-04"), D("2027-02-15")], calendar.WorkingDaysAfter(D("2027-02-03"), 2));
        // The calendar it was made from is unchanged.
        Assert.True(Calendar.IsProvisional(2027));
    }

    [Fact]
    public void R_CAL_1_an_added_arrangement_replaces_the_one_for_its_year()
    {
        var corrected = OfficialArrangements.Year2026 with
        {
            Holidays = [.. OfficialArrangements.Year2026.Holidays, D("2026-12-31")],
            Source = "corrected",
        };
        var calendar = Calendar.With([corrected]);
        Assert.False(calendar.IsWorkingDay(D("2026-12-31")));
        Assert.True(Calendar.IsWorkingDay(D("2026-12-31")));
        Assert.Equal("corrected", calendar.ArrangementOf(2026).Source);
    }

    [Fact]
    public void R_CAL_1_an_inconsistent_arrangement_is_refused_with_field_errors()
    {
        var errors = YearArrangement.Check(2027,
            [D("2027-01-01"), D("2026-12-31"), D("2027-01-01")],
            [D("2027-01-01"), D("2027-02-10")],
            " ").ToDictionary();

        Assert.Equal(["source", "holidays[1]", "holidays[2]", "adjustedWorkingDays[0]", "adjustedWorkingDays[1]"], errors.Keys);
        Assert.Equal(["2026-12-31 is not in 2027."], errors["holidays[1]"]);
        Assert.Equal(["2027-01-01 is listed twice."], errors["holidays[2]"]);
        Assert.Equal("2027-01-01 is also listed as a holiday.", errors["adjustedWorkingDays[0]"][0]);
        Assert.StartsWith("2027-01-01 is a Friday", errors["adjustedWorkingDays[0]"][1]);
        Assert.StartsWith("2027-02-10 is a Wednesday", errors["adjustedWorkingDays[1]"].Single());
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(
            [new YearArrangement(2027, [D("2027-01-01")], [D("2027-01-01")], "x")]));
    }

    [Fact]
    public void R_CAL_1_dates_outside_the_known_years_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.IsWorkingDay(D("2100-01-04")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.IsProvisional(2007));
        Assert.True(Calendar.IsWorkingDay(D("2099-12-31"))); // a Thursday
    }
}
