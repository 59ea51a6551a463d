using System.Globalization;
using GasLedger.Api.Classification;
using GasLedger.Api.Hosting;
using GasLedger.Api.Ledgers;
using Npgsql;

namespace GasLedger.Api.Statistics;

/// <summary>
/// The gas of one month, category and district (seed 004: residential, industrial and public-service volume analysis),
/// the same month a year before, and the change year on year as a fraction of it (none where it was nothing).
/// </summary>
public sealed record VolumeRow(string Month, CustomerCategory Category, string District, decimal VolumeM3, decimal PreviousYearM3,
    decimal? YearOnYear);

/// <summary>A month's total over the rows, with its change year on year.</summary>
public sealed record VolumeMonth(string Month, decimal VolumeM3, decimal PreviousYearM3, decimal? YearOnYear);

public sealed record GasVolumeStatistics(DateOnly From, DateOnly To, string? District, CustomerCategory? Category,
    IReadOnlyList<VolumeMonth> Months, IReadOnlyList<VolumeRow> Rows);

/// <summary>用气量分析 — gas volume statistics.</summary>
public static class GetGasVolumeEndpoint
{
    /// <summary>用气量分析 — gas volume per month, category and district, year on year.</summary>
    /// <remarks>
    /// The volume recorded for each month from <c>from</c>'s to <c>to</c>'s (usage readings and IC-card purchases by
    /// the month they cover), per customer category and district (only <c>district</c> and <c>category</c> if given),
    /// beside the same month a year before; and each month's total. Answered from running sums PostgreSQL keeps from the
    /// accounts' usage by month. With <c>Accept: text/csv</c>, the rows as CSV.
    /// </remarks>
    [WolverineGet("/api/statistics/gas-volume")]
    [ProducesResponseType<GasVolumeStatistics>(StatusCodes.Status200OK, "application/json", Ledger.CsvContentType)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to, string? district,
        [OneOf(typeof(CustomerCategory))] string? category, HttpRequest request, NpgsqlDataSource db, ServicePolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var scope = StatisticsScope.Read(from, to, district, category, "category", policy, clock, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var (first, last) = (scope.FirstMonth, scope.LastMonth);

        await using var cmd = db.CreateCommand($"""
            select month, category, district, sum(volume_m3) from {RunningSums.VolumeMonthSum}
            where month >= $1 and month <= $2 and ($3::text is null or district = $3) and ($4::text is null or category = $4)
            group by 1, 2, 3
            """);
        cmd.Parameters.AddWithValue(first.AddYears(-1));
        cmd.Parameters.AddWithValue(last);
        cmd.Parameters.Add(SqlParameters.Text(scope.District));
        cmd.Parameters.Add(SqlParameters.Text(scope.Category?.ToString()));
        var volumes = new Dictionary<(DateOnly Month, CustomerCategory Category, string District), decimal>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                volumes[(reader.GetFieldValue<DateOnly>(0), ReadInput.Stored<CustomerCategory>(reader.GetString(1)), reader.GetString(2))] =
                    reader.GetDecimal(3);

        static decimal? Change(decimal now, decimal before) => before == 0 ? null : Math.Round((now - before) / before, 4);
        static string Name(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var rows = volumes.Keys.Where(k => k.Month >= first)
            .Concat(volumes.Keys.Where(k => k.Month < first.AddYears(1) && k.Month.AddYears(1) <= last).Select(k => k with { Month = k.Month.AddYears(1) }))
            .Distinct()
            .Select(k => (k, Now: volumes.GetValueOrDefault(k), Before: volumes.GetValueOrDefault(k with { Month = k.Month.AddYears(-1) })))
            .Where(r => r.Now != 0 || r.Before != 0)
            .OrderBy(r => r.k.Month).ThenBy(r => r.k.Category).ThenBy(r => r.k.District, StringComparer.Ordinal)
            .Select(r => new VolumeRow(Name(r.k.Month), r.k.Category, r.k.District, r.Now, r.Before, Change(r.Now, r.Before)))
            .ToArray();
        var months = new List<VolumeMonth>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var now = volumes.Where(v => v.Key.Month == month).Sum(v => v.Value);
            var before = volumes.Where(v => v.Key.Month == month.AddYears(-1)).Sum(v => v.Value);
            months.Add(new VolumeMonth(Name(month), now, before, Change(now, before)));
        }
        if (Csv.Wanted(request)) return new CsvRows<VolumeRow>(rows, $"gas-volume-{first:yyyyMM}-{last:yyyyMM}.csv");
        return Results.Ok(new GasVolumeStatistics(scope.From, scope.To, scope.District, scope.Category, months, rows));
    }
}
