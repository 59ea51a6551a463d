using System.Globalization;

namespace GasLedger.Domain.Calendar;

/// <summary>
/// R-CAL-1: the official arrangements built into GasLedger, one per year, copied from the State Council General
/// Office's annual notices (国务院办公厅关于XXXX年部分节假日安排的通知). Each block below quotes the notice's line it
/// comes from. A later year is added by an administrator (<c>PUT /api/calendar/years/{year}</c>) once its notice is out,
/// or here in code.
/// </summary>
public static class OfficialArrangements
{
    /// <summary>国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号), 2023-10-25.</summary>
    public static YearArrangement Year2024 { get; } = new(2024,
        Holidays:
        [
            ..Days("2024-01-01"),                 // 元旦:1月1日放假,与周末连休。
            ..Days("2024-02-10", "2024-02-17"),   // 春节:2月10日至17日放假调休,共8天。
            ..Days("2024-04-04", "2024-04-06"),   // 清明节:4月4日至6日放假调休,共3天。
            ..Days("2024-05-01", "2024-05-05"),   // 劳动节:5月1日至5日放假调休,共5天。
            ..Days("2024-06-10"),                 // 端午节:6月10日放假,与周末连休。
            ..Days("2024-09-15", "2024-09-17"),   // 中秋节:9月15日至17日放假调休,共3天。
            ..Days("2024-10-01", "2024-10-07"),   // 国庆节:10月1日至7日放假调休,共7天。
        ],
        AdjustedWorkingDays:
        [
            ..Days("2024-02-04"), ..Days("2024-02-18"), // 春节:2月4日(星期日)、2月18日(星期日)上班。
            ..Days("2024-04-07"),                       // 清明节:4月7日(星期日)上班。
            ..Days("2024-04-28"), ..Days("2024-05-11"), // 劳动节:4月28日(星期日)、5月11日(星期六)上班。
            ..Days("2024-09-14"),                       // 中秋节:9月14日(星期六)上班。
            ..Days("2024-09-29"), ..Days("2024-10-12"), // 国庆节:9月29日(星期日)、10月12日(星期六)上班。
        ],
        Source: "国务院办公厅关于2024年部分节假日安排的通知(国办发明电〔2023〕7号,2023年10月25日)");

    /// <summary>
    /// 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号), 2024-11-12 — the first year under
    /// the public-holiday regulations as revised in 2024 (除夕 and 5月2日 added).
    /// </summary>
    public static YearArrangement Year2025 { get; } = new(2025,
        Holidays:
        [
            ..Days("2025-01-01"),                 // 元旦:1月1日(周三)放假1天,不调休。
            ..Days("2025-01-28", "2025-02-04"),   // 春节:1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,共8天。
            ..Days("2025-04-04", "2025-04-06"),   // 清明节:4月4日(周五)至6日(周日)放假,共3天。
            ..Days("2025-05-01", "2025-05-05"),   // 劳动节:5月1日(周四)至5日(周一)放假调休,共5天。
            ..Days("2025-05-31", "2025-06-02"),   // 端午节:5月31日(周六)至6月2日(周一)放假,共3天。
            ..Days("2025-10-01", "2025-10-08"),   // 国庆节、中秋节:10月1日(周三)至8日(周三)放假调休,共8天。
        ],
        AdjustedWorkingDays:
        [
            ..Days("2025-01-26"), ..Days("2025-02-08"), // 春节:1月26日(周日)、2月8日(周六)上班。
            ..Days("2025-04-27"),                       // 劳动节:4月27日(周日)上班。
            ..Days("2025-09-28"), ..Days("2025-10-11"), // 国庆节、中秋节:9月28日(周日)、10月11日(周六)上班。
        ],
        Source: "国务院办公厅关于2025年部分节假日安排的通知(国办发明电〔2024〕12号,2024年11月12日)");

    /// <summary>国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04 (published by Xinhua the same day).</summary>
    public static YearArrangement Year2026 { get; } = new(2026,
        Holidays:
        [
            ..Days("2026-01-01", "2026-01-03"),   // 元旦:1月1日(周四)至3日(周六)放假调休,共3天。
            ..Days("2026-02-15", "2026-02-23"),   // 春节:2月15日(农历腊月二十八、周日)至23日(农历正月初七、周一)放假调休,共9天。
            ..Days("2026-04-04", "2026-04-06"),   // 清明节:4月4日(周六)至6日(周一)放假,共3天。
            ..Days("2026-05-01", "2026-05-05"),   // 劳动节:5月1日(周五)至5日(周二)放假调休,共5天。
            ..Days("2026-06-19", "2026-06-21"),   // 端午节:6月19日(周五)至21日(周日)放假,共3天。
            ..Days("2026-09-25", "2026-09-27"),   // 中秋节:9月25日(周五)至27日(周日)放假,共3天。
            ..Days("2026-10-01", "2026-10-07"),   // 国庆节:10月1日(周四)至7日(周三)放假调休,共7天。
        ],
        AdjustedWorkingDays:
        [
            ..Days("2026-01-04"),                       // 元旦:1月4日(周日)上班。
            ..Days("2026-02-14"), ..Days("2026-02-28"), // 春节:2月14日(周六)、2月28日(周六)上班。
            ..Days("2026-05-09"),                       // 劳动节:5月9日(周六)上班。
            ..Days("2026-09-20"), ..Days("2026-10-10"), // 国庆节:9月20日(周日)、10月10日(周六)上班。
        ],
        Source: "国务院办公厅关于2026年部分节假日安排的通知(2025年11月4日)");

    /// <summary>Every built-in year, oldest first.</summary>
    public static IReadOnlyList<YearArrangement> All { get; } = [Year2024, Year2025, Year2026];

    /// <summary>The days from <paramref name="first"/> to <paramref name="last"/> (default: the one day), both included.</summary>
    private static IEnumerable<DateOnly> Days(string first, string? last = null)
    {
        var from = DateOnly.ParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = last is null ? from : DateOnly.ParseExact(last, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var day = from; day <= to; day = day.AddDays(1)) yield return day;
    }
}
