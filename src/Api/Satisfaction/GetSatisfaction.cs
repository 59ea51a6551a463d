using GasLedger.Api.Hosting;
using GasLedger.Domain.Satisfaction;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections.Satisfaction;
using GasLedger.Projections;
using Marten;
using Npgsql;

namespace GasLedger.Api.Satisfaction;

/// <summary>What the satisfaction index is grouped by (R-SAT-4).</summary>
public enum SatisfactionGrouping { Month, District, Stage, Staff }

/// <summary>
/// One source's part in an index: its weight, that weight renormalised over the sources present, its observations and
/// mean score.
/// </summary>
public sealed record SourceView(SatisfactionSource Source, decimal Weight, decimal EffectiveWeight, int Observations, decimal? MeanScore);

/// <summary>
/// An index (R-SAT-4): unrounded, its display value (one decimal), the number of observations, and each source's part.
/// No observation: no index.
/// </summary>
public sealed record IndexView(decimal? Index, decimal? Display, int Observations, IReadOnlyList<SourceView> Sources)
{
    public static IndexView Of(IndexResult r) => new(r.Index, r.Display, r.Observations,
        r.Sources.Select(s => new SourceView(s.Source, s.Weight, s.EffectiveWeight, s.Observations, s.MeanScore)).ToArray());
}

/// <summary>
/// One group: its key (a month <c>yyyy-MM</c>, a district, a stage, or a staff id; null for observations whose staff is
/// not known) and its index.
/// </summary>
public sealed record SatisfactionGroup(string? Key, decimal? Index, decimal? Display, int Observations, IReadOnlyList<SourceView> Sources);

public sealed record SatisfactionAnswer(
    DateOnly From, DateOnly To, SatisfactionGrouping GroupBy, string? District, IndexView Overall, IReadOnlyList<SatisfactionGroup> Groups);

/// <summary>满意度指数 — the satisfaction index.</summary>
public static class GetSatisfactionEndpoint
{
    /// <summary>满意度指数 — the satisfaction index of a period, per group and overall.</summary>
    /// <remarks>
    /// The index of each group and of the whole period (R-SAT-4), over the observations whose company date is in
    /// <c>from</c>..<c>to</c> (both included; default this month), grouped by month (default), district, stage or
    /// staff. The database sums the running counts and scores per group and source (kept per day, district, stage, staff
    /// and source); the index is made of those sums, each source weighted and the weights renormalised over the
    /// sources present.
    /// </remarks>
    [WolverineGet("/api/satisfaction"), ProducesResponseType<SatisfactionAnswer>(StatusCodes.Status200OK),
     ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to, [OneOf(typeof(SatisfactionGrouping))] string? groupBy, string? district,
        NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (start, end) = ReadInput.Period(from, to, policy.LocalDate(clock.GetUtcNow()), errors);
        var grouping = ReadInput.Enum<SatisfactionGrouping>(groupBy, "groupBy", errors) ?? SatisfactionGrouping.Month;
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var onlyDistrict = ReadInput.District(district);

        var rows = await Tallies(db, grouping, start, end, onlyDistrict, ct);
        var groups = rows.GroupBy(r => r.Key)
            .Select(g =>
            {
                var index = SatisfactionIndex.Of(g.Select(r => r.Tally), policy);
                return new SatisfactionGroup(g.Key, index.Index, index.Display, index.Observations, IndexView.Of(index).Sources);
            })
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToArray();
        var overall = IndexView.Of(SatisfactionIndex.Of(rows.Select(r => r.Tally), policy));
        return Results.Ok(new SatisfactionAnswer(start, end, grouping, onlyDistrict, overall, groups));
    }

    private static async Task<List<(string? Key, SourceTally Tally)>> Tallies(
        NpgsqlDataSource db, SatisfactionGrouping grouping, DateOnly from, DateOnly to, string? district,
        CancellationToken ct)
    {
        // The grouping column comes from this fixed map, never from the request's text. The running sums per day (and
        // per month) × district × stage × staff × source (RunningSums.Satisfaction) answer any grouping and period as a
        // sum over the period's few rows; '' is an observation without district or staff.
        var key = grouping switch
        {
            SatisfactionGrouping.Month => "to_char(s.day, 'YYYY-MM')",
            SatisfactionGrouping.District => "nullif(s.district, '')",
            SatisfactionGrouping.Stage => "s.stage",
            SatisfactionGrouping.Staff => "nullif(s.staff, '')",
            _ => throw new ArgumentOutOfRangeException(nameof(grouping)),
        };
        // Whole months from the monthly sums, the days of a month the period takes only part of from the daily ones.
        var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var afterWhole = to.AddDays(1).Day == 1 ? to.AddDays(1) : new DateOnly(to.Year, to.Month, 1);
        if (afterWhole < firstWhole) afterWhole = firstWhole;
        await using var cmd = db.CreateCommand($"""
            select {key} as group_key, s.source, sum(s.observations)::int as observations, sum(s.score_total) as score_total
            from (
              select month as day, district, stage, staff, source, observations, score_total from {RunningSums.SatisfactionMonthSum}
              where month >= $4 and month < $5 and ($3::text is null or district = $3)
              union all
              select day, district, stage, staff, source, observations, score_total from {RunningSums.SatisfactionDaySum}
              where day >= $1 and day <= $2 and (day < $4 or day >= $5) and ($3::text is null or district = $3)
            ) s
            group by 1, 2 having sum(s.observations) > 0
            """);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        cmd.Parameters.Add(SqlParameters.Text(district));
        cmd.Parameters.AddWithValue(firstWhole);
        cmd.Parameters.AddWithValue(afterWhole);

        var rows = new List<(string?, SourceTally)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var groupKey = reader.IsDBNull(0) ? null : reader.GetString(0);
            if (grouping == SatisfactionGrouping.Stage && groupKey is not null)
                groupKey = WireNames.Of(ReadInput.Stored<ServiceStage>(groupKey).ToString());
            rows.Add((groupKey,
                new SourceTally(ReadInput.Stored<SatisfactionSource>(reader.GetString(1)), reader.GetInt32(2), reader.GetDecimal(3))));
        }
        return rows;
    }
}
