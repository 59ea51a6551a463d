using GasLedger.Api.Classification;
using GasLedger.Api.Hosting;
using GasLedger.Api.Ledgers;
using Npgsql;

namespace GasLedger.Api.Statistics;

/// <summary>
/// One month's movement (seed 001: customer retention rate): the accounts active on the day before it began (gas on,
/// not closed), gas-ons, transfers of ownership, suspensions of supply and closures in it, the accounts active on its
/// last day, and the retention rate — the accounts active at the end that were active at the start, over those active
/// at the start: (end − gas-ons) ÷ start.
/// </summary>
public sealed record RetentionMonth(string Month, int ActiveAtStart, int GasOn, int Transfers, int Suspensions, int Closures, int ActiveAtEnd,
    decimal? RetentionRate);

public sealed record RetentionStatistics(DateOnly From, DateOnly To, string? District, CustomerCategory? Category,
    IReadOnlyList<RetentionMonth> Months);

/// <summary>客户保有 — retention and movement.</summary>
public static class GetRetentionEndpoint
{
    /// <summary>客户保有 — accounts active, gained, moved and lost, month by month.</summary>
    /// <remarks>
    /// Each month from <c>from</c>'s to <c>to</c>'s (company dates; default this month) for the accounts in
    /// <c>district</c> and <c>category</c> if given: active at its start and end (from the classification's read model),
    /// and the gas-ons, transfers, suspensions and closures in it (running sums of the accounts' movements). With
    /// <c>Accept: text/csv</c>, the months as CSV.
    /// </remarks>
    [WolverineGet("/api/statistics/retention")]
    [ProducesResponseType<RetentionStatistics>(StatusCodes.Status200OK, "application/json", Ledger.CsvContentType)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to, string? district,
        [OneOf(typeof(CustomerCategory))] string? category, HttpRequest request, NpgsqlDataSource db, ServicePolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var scope = StatisticsScope.Read(from, to, district, category, "category", policy, clock, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var (first, last) = (scope.FirstMonth, scope.LastMonth);

        await using var cmd = db.CreateCommand($"""
            select month, kind, sum(accounts)::int from {RunningSums.MovementMonthSum}
            where month >= $1 and month <= $2 and ($3::text is null or district = $3) and ($4::text is null or category = $4)
            group by 1, 2
            """);
        cmd.Parameters.AddWithValue(first);
        cmd.Parameters.AddWithValue(last);
        cmd.Parameters.Add(SqlParameters.Text(scope.District));
        cmd.Parameters.Add(SqlParameters.Text(scope.Category?.ToString()));
        var moved = new Dictionary<(DateOnly, string), int>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                moved[(reader.GetFieldValue<DateOnly>(0), reader.GetString(1))] = reader.GetInt32(2);

        var active = await ClassificationReads.ActiveAtMonthEnds(db, first, last, scope.District, scope.Category, ct);
        var months = new List<RetentionMonth>();
        var atStart = active[first.AddMonths(-1)];
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var atEnd = active[month];
            var gasOn = moved.GetValueOrDefault((month, "GasOn"));
            months.Add(new RetentionMonth(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), atStart, gasOn,
                moved.GetValueOrDefault((month, "Transfer")), moved.GetValueOrDefault((month, "Suspension")),
                moved.GetValueOrDefault((month, "Closure")), atEnd,
                atStart == 0 ? null : Math.Round((decimal)(atEnd - gasOn) / atStart, 4)));
            atStart = atEnd;
        }
        if (Csv.Wanted(request)) return new CsvRows<RetentionMonth>(months, $"retention-{first:yyyyMM}-{last:yyyyMM}.csv");
        return Results.Ok(new RetentionStatistics(scope.From, scope.To, scope.District, scope.Category, months));
    }
}
