using System.Globalization;
using GasLedger.Api.Classification;
using GasLedger.Api.Hosting;
using GasLedger.Api.Ledgers;
using GasLedger.Domain.Complaints;
using Npgsql;

namespace GasLedger.Api.Statistics;

/// <summary>What the complaint statistics are grouped by.</summary>
public enum ComplaintGrouping { Month, District, Category, Channel }

/// <summary>
/// The complaint figures of a group: complaints, the accounts active at the end of the group's period and scope and
/// the complaints per 1,000 of them, and the shares (of the complaints) replied within 48 hours, decided within 3
/// working days (R-CMP-4), ever reopened (R-CMP-5), and repeats — an account's complaint within 12 months of its
/// previous one.
/// </summary>
public sealed record ComplaintFigures(string? Key, int Complaints, int ActiveAccounts, decimal? RatePerThousand, int Replied,
    int RepliedInTime, decimal? RepliedInTimeShare, int DecidedInTime, decimal? DecidedInTimeShare, int Reopened, decimal? ReopenedShare,
    int Repeats, decimal? RepeatShare);

public sealed record ComplaintStatistics(DateOnly From, DateOnly To, ComplaintGrouping GroupBy, string? District,
    CustomerCategory? AccountCategory, ComplaintFigures Overall, IReadOnlyList<ComplaintFigures> Groups);

/// <summary>投诉统计 — complaint statistics.</summary>
public static class GetComplaintStatisticsEndpoint
{
    /// <summary>投诉统计 — complaints of a period per month, district, category or channel, with rates and shares.</summary>
    /// <remarks>
    /// The complaints filed in <c>from</c>..<c>to</c> (company dates, both included; default this month) of the accounts
    /// in <c>district</c> and <c>accountCategory</c> if given, grouped by month (default), district, complaint category
    /// or channel (seed 002: types and patterns), with the complaint rate per 1,000 active accounts (seed 001: accounts
    /// with gas on and not closed at the end of the month, or of the period; for a district, that district's), and the
    /// shares replied in time, decided in time, reopened and repeated. Answered from running sums per day, district,
    /// account category, complaint category and channel. With <c>Accept: text/csv</c>, the groups as CSV.
    /// </remarks>
    [WolverineGet("/api/statistics/complaints")]
    [ProducesResponseType<ComplaintStatistics>(StatusCodes.Status200OK, "application/json", Ledger.CsvContentType)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to,
        [OneOf(typeof(ComplaintGrouping))] string? groupBy, string? district, [OneOf(typeof(CustomerCategory))] string? accountCategory,
        HttpRequest request, NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var scope = StatisticsScope.Read(from, to, district, accountCategory, "accountCategory", policy, clock, errors);
        var grouping = ReadInput.Enum<ComplaintGrouping>(groupBy, "groupBy", errors) ?? ComplaintGrouping.Month;
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var (start, end, onlyDistrict, category) = scope;

        var key = grouping switch
        {
            ComplaintGrouping.Month => "to_char(day, 'YYYY-MM')",
            ComplaintGrouping.District => "district",
            ComplaintGrouping.Category => "category",
            _ => "channel",
        };
        await using var cmd = db.CreateCommand($"""
            select {key}, sum(complaints)::int, sum(replied)::int, sum(replied_in_time)::int, sum(decided_in_time)::int,
                   sum(reopened)::int, sum(repeats)::int
            from {RunningSums.ComplaintDaySum}
            where day >= $1 and day <= $2 and ($3::text is null or district = $3) and ($4::text is null or account_category = $4)
            group by 1 having sum(complaints) <> 0 order by 1
            """);
        cmd.Parameters.AddWithValue(start);
        cmd.Parameters.AddWithValue(end);
        cmd.Parameters.Add(SqlParameters.Text(onlyDistrict));
        cmd.Parameters.Add(SqlParameters.Text(category?.ToString()));
        var rows = new List<(string Key, int[] Counts)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), Enumerable.Range(1, 6).Select(reader.GetInt32).ToArray()));

        // The rate's denominator: the active accounts at the end of each month (month groups), of each district (district
        // groups), or of the whole scope at the end of the period.
        var atEnd = await ClassificationReads.Active(db, end, onlyDistrict, category, grouping == ComplaintGrouping.District, ct);
        var lastMonth = scope.LastMonth;
        var monthEnds = grouping == ComplaintGrouping.Month
            ? await ClassificationReads.ActiveAtMonthEnds(db, scope.FirstMonth, lastMonth, onlyDistrict, category, ct)
            : [];
        int Active(string groupKey)
        {
            if (grouping == ComplaintGrouping.District) return atEnd.GetValueOrDefault(groupKey);
            if (grouping != ComplaintGrouping.Month) return atEnd.Values.Sum();
            // A month's end, or the period's where it ends within the month.
            var month = DateOnly.ParseExact(groupKey + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return month == lastMonth ? atEnd.Values.Sum() : monthEnds[month];
        }

        var groups = new List<ComplaintFigures>();
        foreach (var (groupKey, counts) in rows)
            groups.Add(Figures(grouping switch
            {
                ComplaintGrouping.Category => WireNames.Of(ReadInput.Stored<ComplaintCategory>(groupKey).ToString()),
                ComplaintGrouping.Channel => WireNames.Of(ReadInput.Stored<ComplaintChannel>(groupKey).ToString()),
                _ => groupKey,
            }, counts, Active(groupKey)));
        var total = Enumerable.Range(0, 6).Select(i => rows.Sum(r => r.Counts[i])).ToArray();
        var overall = Figures(null, total, atEnd.Values.Sum());
        var answer = new ComplaintStatistics(start, end, grouping, onlyDistrict, category, overall, groups);
        if (Csv.Wanted(request))
            return new CsvRows<ComplaintFigures>(groups, $"complaint-statistics-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");
        return Results.Ok(answer);
    }

    private static ComplaintFigures Figures(string? key, int[] c, int active)
    {
        decimal? Share(int part) => c[0] == 0 ? null : Math.Round((decimal)part / c[0], 4);
        return new ComplaintFigures(key, c[0], active, active == 0 ? null : Math.Round(c[0] * 1000m / active, 2), c[1], c[2], Share(c[2]),
            c[3], Share(c[3]), c[4], Share(c[4]), c[5], Share(c[5]));
    }
}

/// <summary>An answer's rows as a CSV download (<see cref="Csv"/>).</summary>
public sealed class CsvRows<TRow>(IReadOnlyList<TRow> rows, string fileName) : IResult where TRow : notnull
{
    public Task ExecuteAsync(HttpContext http) => Csv.Write(http, rows.ToAsyncEnumerable(), fileName);
}
