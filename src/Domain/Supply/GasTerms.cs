using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Supply;

/// <summary>A price of gas for one customer category, CNY per m³.</summary>
public sealed record GasPrice(CustomerCategory Category, decimal YuanPerM3);

/// <summary>
/// 燃气信息公示 — the gas the company supplies from a date on (R-SUP-5): its type, composition, calorific value,
/// pressure and prices by category, as an administrator recorded them. The terms in force on a date are the latest
/// whose <see cref="EffectiveFrom"/> is on or before it.
/// </summary>
public sealed record GasTerms
{
    public Guid Id { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public string GasType { get; init; } = "";
    public string Composition { get; init; } = "";
    public decimal CalorificValueMjPerM3 { get; init; }
    public decimal PressureKpa { get; init; }
    public IReadOnlyList<GasPrice> Prices { get; init; } = [];
    public string? Source { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>R-SUP-5: the terms in force on <paramref name="date"/>, of all recorded; null before the first.</summary>
    public static GasTerms? InForce(IEnumerable<GasTerms> all, DateOnly date) =>
        all.Where(t => t.EffectiveFrom <= date).MaxBy(t => t.EffectiveFrom);

    /// <summary>R-SUP-5: the terms in force from <paramref name="from"/> to <paramref name="to"/>: the one at the start, then each change, in order.</summary>
    public static IReadOnlyList<GasTerms> Over(IReadOnlyCollection<GasTerms> all, DateOnly from, DateOnly to) =>
        (InForce(all, from) is { } first ? [first] : Array.Empty<GasTerms>())
        .Concat(all.Where(t => t.EffectiveFrom > from && t.EffectiveFrom <= to).OrderBy(t => t.EffectiveFrom)).ToArray();

    /// <summary>
    /// R-SUP-5: published terms are whole — a type and composition, a calorific value of 1–100 MJ/m³, a pressure of
    /// 0.1–10,000 kPa, a price of 0–1,000 CNY/m³ for each category named once, at least one.
    /// </summary>
    public static FieldErrors Check(string? gasType, string? composition, decimal? calorific, decimal? pressure,
        IReadOnlyList<GasPrice?>? prices)
    {
        var errors = new FieldErrors().Require(gasType, "gasType").Require(composition, "composition")
            .Require(calorific, "calorificValueMjPerM3").Require(pressure, "pressureKpa")
            .When(gasType?.Trim().Length > 40, "gasType", "may be at most 40 characters.")
            .When(composition?.Trim().Length > 500, "composition", "may be at most 500 characters.")
            .InRange(calorific, "calorificValueMjPerM3", 1m, 100m, "MJ/m³")
            .InRange(pressure, "pressureKpa", 0.1m, 10_000m, "kPa")
            .When(prices is not { Count: > 0 }, "prices", "needs at least one category's price (R-SUP-5).");
        for (var i = 0; i < (prices?.Count ?? 0); i++)
            if (prices![i] is not { } price) errors.Add($"prices[{i}]", "needs its category and yuanPerM3.");
            else errors.InRange(price.YuanPerM3, $"prices[{i}].yuanPerM3", 0m, 1_000m, "CNY/m³");
        if (prices?.Where(p => p is not null).GroupBy(p => p!.Category).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.Add("prices", $"names {WireNames.Of(twice.Key.ToString())} twice.");
        return errors;
    }
}
