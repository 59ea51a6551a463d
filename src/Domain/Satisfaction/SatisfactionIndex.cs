using GasLedger.Domain.Callbacks;

namespace GasLedger.Domain.Satisfaction;

/// <summary>满意度来源 — the four sources of satisfaction observations (R-SAT-1).</summary>
public enum SatisfactionSource { Callback, Technician, CounterKeypad, ComplaintFollowUp, MysteryCustomer, Survey }

/// <summary>The observations of one source in a group: how many, and the sum of their scores (R-SAT-4).</summary>
public sealed record SourceTally(SatisfactionSource Source, int Observations, decimal ScoreTotal)
{
    public decimal MeanScore => ScoreTotal / Observations;
}

/// <summary>One source's part in an index: its weight (R-SAT-4) and that weight renormalised over the sources present.</summary>
public sealed record SourcePart(SatisfactionSource Source, decimal Weight, int Observations, decimal? MeanScore, decimal EffectiveWeight);

/// <summary>满意度指数 — the index of a group (a month, a district, a stage, a staff member) and how it was made.</summary>
public sealed record IndexResult(decimal? Index, decimal? Display, int Observations, IReadOnlyList<SourcePart> Sources);

/// <summary>
/// R-SAT-3/4 as pure functions: scores of levels and ratings, and the weighted index renormalised over the sources
/// that have observations. The index is never rounded; <see cref="IndexResult.Display"/> is, for display only.
/// </summary>
public static class SatisfactionIndex
{
    public static IReadOnlyList<SatisfactionSource> Sources { get; } = Enum.GetValues<SatisfactionSource>();

    /// <summary>R-SAT-4: the weight of a source.</summary>
    public static decimal Weight(SatisfactionSource source, ServicePolicy policy) => source switch
    {
        SatisfactionSource.Callback => policy.SatisfactionWeightCallbacks,
        SatisfactionSource.Technician => policy.SatisfactionWeightTechnicianRatings,
        SatisfactionSource.CounterKeypad => policy.SatisfactionWeightCounterKeypad,
        SatisfactionSource.ComplaintFollowUp => policy.SatisfactionWeightComplaintFollowUps,
        SatisfactionSource.MysteryCustomer => policy.SatisfactionWeightMysteryCustomer,
        SatisfactionSource.Survey => policy.SatisfactionWeightSurveys,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>
    /// R-SAT-2/3: a technician rating is one observation scored with the mean of its four items (attitude, skill,
    /// arrival time, keeping promises), each scored by its level. Items left out are not counted; a rating with none
    /// has no score. A counter keypad evaluation, a mystery-customer visit and a survey answer are their one level's score
    /// (R-SAT-5).
    /// </summary>
    public static decimal? Score(RatingGiven rating, ServicePolicy policy)
    {
        if (rating.Source != RatingSource.Technician)
            return rating.Satisfaction is { } level ? policy.Score(level) : null;
        var items = new[] { rating.Attitude, rating.Skill, rating.ArrivalTime, rating.PromiseKeeping }
            .Where(i => i is not null).Select(i => policy.Score(i!.Value)).ToArray();
        return items.Length == 0 ? null : items.Sum() / items.Length;
    }

    /// <summary>
    /// R-SAT-4: Σ weight × mean over the sources present, divided by Σ weight of the sources present. No observation
    /// at all: no index.
    /// </summary>
    public static IndexResult Of(IEnumerable<SourceTally> tallies, ServicePolicy policy)
    {
        var bySource = tallies.Where(t => t.Observations > 0).GroupBy(t => t.Source)
            .ToDictionary(g => g.Key, g => Merge(g.ToArray()));
        var present = bySource.Keys.Sum(s => Weight(s, policy));
        var parts = Sources.Select(s => bySource.TryGetValue(s, out var t)
                ? new SourcePart(s, Weight(s, policy), t.Observations, t.MeanScore, present == 0 ? 0 : Weight(s, policy) / present)
                : new SourcePart(s, Weight(s, policy), 0, null, 0m))
            .ToArray();
        if (bySource.Count == 0 || present == 0)
            return new IndexResult(null, null, 0, parts);
        var index = bySource.Sum(p => Weight(p.Key, policy) * p.Value.MeanScore) / present;
        return new IndexResult(index, Display(index, policy), bySource.Values.Sum(t => t.Observations), parts);
    }

    /// <summary>R-SAT-4: rounded for display only (half away from zero).</summary>
    public static decimal Display(decimal index, ServicePolicy policy) =>
        Math.Round(index, policy.SatisfactionDisplayDecimals, MidpointRounding.AwayFromZero);

    /// <summary>Observations (source and score) counted per source.</summary>
    public static IReadOnlyList<SourceTally> Tally(IEnumerable<(SatisfactionSource Source, decimal Score)> observations) =>
        observations.GroupBy(o => o.Source).Select(g => new SourceTally(g.Key, g.Count(), g.Sum(o => o.Score))).ToArray();

    /// <summary>One source's tallies from several parts (several rows of a grouped query) summed.</summary>
    private static SourceTally Merge(SourceTally[] parts) =>
        new(parts[0].Source, parts.Sum(p => p.Observations), parts.Sum(p => p.ScoreTotal));
}
