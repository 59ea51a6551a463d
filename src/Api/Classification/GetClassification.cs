using GasLedger.Api.Hosting;
using GasLedger.Projections;
using GasLedger.Projections.Classification;
using Marten;
using Npgsql;

namespace GasLedger.Api.Classification;

public sealed record ClassifiedAccount(Guid AccountId, string Number, string District, CustomerCategory Category, ValueTier Tier,
    LifecycleStage Stage, ServiceLevel ServiceLevel, IReadOnlyList<RiskFlag> RiskFlags, decimal VolumeLast12Months);

public sealed record ClassCount(CustomerCategory Category, ValueTier Tier, LifecycleStage Stage, ServiceLevel ServiceLevel, int Count);

public sealed record ClassCounts(
    int Total,
    IReadOnlyDictionary<string, int> ByTier,
    IReadOnlyDictionary<string, int> ByStage,
    IReadOnlyDictionary<string, int> ByServiceLevel,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyList<ClassCount> ByClass);

public sealed record ClassificationAnswer(DateOnly AsOf, ClassCounts Counts, IReadOnlyList<ClassifiedAccount> Items, int Page, int PageSize,
    long Total);

/// <summary>分类分级 — classifying the accounts.</summary>
public static class GetClassificationEndpoint
{
    /// <summary>分类分级 — every account classified as of a date, with counts per class.</summary>
    /// <remarks>
    /// Every account that had applied by <c>asOf</c> (default today), classified as of that date (R-CLS-1..5), with
    /// counts per class of the accounts in the district and category asked for, and the accounts matching every filter,
    /// paged by account number. Answered from the classification's read model: each account's class as periods, the
    /// changes time alone makes written ahead, and the per-day changes of each class's count summed.
    /// </remarks>
    [WolverineGet("/api/classification"), ProducesResponseType<ClassificationAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? asOf, string? district, [OneOf(typeof(CustomerCategory))] string? category, [OneOf(typeof(ValueTier))] string? tier,
        [OneOf(typeof(ServiceLevel))] string? serviceLevel,
        [OneOf(typeof(LifecycleStage))] string? stage, int? page, int? pageSize, IQuerySession session, NpgsqlDataSource db, ServicePolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var date = ReadInput.Date(asOf, "asOf", errors) ?? policy.LocalDate(clock.GetUtcNow());
        var categoryFilter = ReadInput.Enum<CustomerCategory>(category, "category", errors);
        var tierFilter = ReadInput.Enum<ValueTier>(tier, "tier", errors);
        var levelFilter = ReadInput.Enum<ServiceLevel>(serviceLevel, "serviceLevel", errors);
        var stageFilter = ReadInput.Enum<LifecycleStage>(stage, "stage", errors);
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var onlyDistrict = ReadInput.District(district);

        var byClass = await ClassificationReads.Counts(db, date, onlyDistrict, categoryFilter, ct);
        var matching = byClass.Where(e => (tierFilter is not { } t || e.Key.Tier == t) && (levelFilter is not { } l || e.Key.Level == l)
                                          && (stageFilter is not { } s || e.Key.Stage == s)).Sum(e => (long)e.Value);
        var skip = (number - 1) * size;
        var ids = matching > skip
            ? await ClassificationReads.Page(db, DocumentTables.Of<AccountClassPeriod>(session.DocumentStore), date, onlyDistrict, categoryFilter,
                tierFilter, stageFilter, levelFilter, matching, skip, size, ct)
            : [];
        var accounts = (await session.LoadManyAsync<Account>(ct, ids)).ToDictionary(a => a.Id);
        var items = ids.Where(accounts.ContainsKey).Select(id =>
        {
            var account = accounts[id];
            var k = Classifier.Classify(account, date, policy);
            return new ClassifiedAccount(account.Id, account.Number, account.Address.District, k.Category, k.Tier, k.Stage, k.ServiceLevel,
                k.RiskFlags, k.VolumeLast12Months);
        }).ToArray();

        Dictionary<string, int> By<T>(Func<ClassificationReads.Class, T> pick) where T : notnull =>
            byClass.GroupBy(e => pick(e.Key)).OrderBy(g => g.Key).ToDictionary(g => Name(g.Key), g => g.Sum(e => e.Value));
        var counts = new ClassCounts(byClass.Values.Sum(), By(k => k.Tier), By(k => k.Stage), By(k => k.Level), By(k => k.Category),
            byClass.OrderBy(e => e.Key).Select(e => new ClassCount(e.Key.Category, e.Key.Tier, e.Key.Stage, e.Key.Level, e.Value)).ToArray());
        return Results.Ok(new ClassificationAnswer(date, counts, items, number, size, matching));
    }

    private static string Name<T>(T value) where T : notnull =>
        value is ValueTier tier ? tier.ToString() : WireNames.Of(value.ToString()!);
}

/// <summary>The classification's read model read: the counts per class on a date, and the accounts of one page.</summary>
public static class ClassificationReads
{
    public readonly record struct Class(CustomerCategory Category, ValueTier Tier, LifecycleStage Stage, ServiceLevel Level)
        : IComparable<Class>
    {
        public int CompareTo(Class other) => (Category, Tier, Stage, Level).CompareTo((other.Category, other.Tier, other.Stage, other.Level));
    }

    /// <summary>
    /// The number of accounts of each class on <paramref name="date"/> in the district and category asked for: the
    /// changes of the months before the date's month, and of its days up to the date (the running sums,
    /// <see cref="RunningSums.Classification"/>).
    /// </summary>
    public static async Task<Dictionary<Class, int>> Counts(NpgsqlDataSource db, DateOnly date, string? district, CustomerCategory? category,
        CancellationToken ct)
    {
        const string filters = "($3::text is null or district = $3) and ($4::text is null or category = $4)";
        await using var cmd = db.CreateCommand($"""
            select category, tier, stage, service_level, sum(accounts)::int from (
              select category, tier, stage, service_level, accounts from {RunningSums.ClassChangeMonth} where month < $1 and {filters}
              union all
              select category, tier, stage, service_level, accounts from {RunningSums.ClassChangeDay} where day >= $1 and day <= $2 and {filters}
            ) c group by 1, 2, 3, 4 having sum(accounts) <> 0
            """);
        cmd.Parameters.AddWithValue(new DateOnly(date.Year, date.Month, 1));
        cmd.Parameters.AddWithValue(date);
        cmd.Parameters.Add(SqlParameters.Text(district));
        cmd.Parameters.Add(SqlParameters.Text(category?.ToString()));
        var counts = new Dictionary<Class, int>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            counts[new Class(ReadInput.Stored<CustomerCategory>(reader.GetString(0)), ReadInput.Stored<ValueTier>(reader.GetString(1)),
                ReadInput.Stored<LifecycleStage>(reader.GetString(2)), ReadInput.Stored<ServiceLevel>(reader.GetString(3)))] = reader.GetInt32(4);
        return counts;
    }

    /// <summary>
    /// The accounts active on <paramref name="date"/> — gas on and not closed: new, established or dormant (R-CLS-3) —
    /// in the district and category asked for, per district (<paramref name="byDistrict"/>) or all under "".
    /// </summary>
    public static async Task<Dictionary<string, int>> Active(NpgsqlDataSource db, DateOnly date, string? district, CustomerCategory? category,
        bool byDistrict, CancellationToken ct)
    {
        const string filters = "($3::text is null or district = $3) and ($4::text is null or category = $4) and stage in ('New', 'Established', 'Dormant')";
        var key = byDistrict ? "district" : "''";
        await using var cmd = db.CreateCommand($"""
            select {key}, sum(accounts)::int from (
              select district, accounts from {RunningSums.ClassChangeMonth} where month < $1 and {filters}
              union all
              select district, accounts from {RunningSums.ClassChangeDay} where day >= $1 and day <= $2 and {filters}
            ) c group by 1
            """);
        cmd.Parameters.AddWithValue(new DateOnly(date.Year, date.Month, 1));
        cmd.Parameters.AddWithValue(date);
        cmd.Parameters.Add(SqlParameters.Text(district));
        cmd.Parameters.Add(SqlParameters.Text(category?.ToString()));
        var active = new Dictionary<string, int>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) active[reader.GetString(0)] = reader.GetInt32(1);
        return active;
    }

    /// <summary>
    /// The accounts active at the end of each month from <paramref name="first"/> to <paramref name="last"/> (first days
    /// of months), and at the end of the month before <paramref name="first"/> under <c>first - 1 month</c>: one running
    /// total over the monthly changes.
    /// </summary>
    public static async Task<Dictionary<DateOnly, int>> ActiveAtMonthEnds(NpgsqlDataSource db, DateOnly first, DateOnly last, string? district,
        CustomerCategory? category, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            select month, sum(sum(accounts)) over (order by month)::int from {RunningSums.ClassChangeMonth}
            where month <= $1 and ($2::text is null or district = $2) and ($3::text is null or category = $3)
              and stage in ('New', 'Established', 'Dormant')
            group by month order by month
            """);
        cmd.Parameters.AddWithValue(last);
        cmd.Parameters.Add(SqlParameters.Text(district));
        cmd.Parameters.Add(SqlParameters.Text(category?.ToString()));
        var running = new SortedList<DateOnly, int>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) running[reader.GetFieldValue<DateOnly>(0)] = reader.GetInt32(1);
        var ends = new Dictionary<DateOnly, int>();
        var total = 0;
        var at = 0;
        for (var month = first.AddMonths(-1); month <= last; month = month.AddMonths(1))
        {
            while (at < running.Count && running.Keys[at] <= month) total = running.Values[at++];
            ends[month] = total;
        }
        return ends;
    }

    /// <summary>Whether a page is found by a walk in number order (tests set it to compare both ways).</summary>
    internal static Func<long, long, long, bool> WalkByNumber { get; set; } = (rows, matching, periods) => matching * matching > rows * periods;

    /// <summary>
    /// The accounts of one page: those whose period holding <paramref name="date"/> matches every filter, by number.
    /// Where the matching accounts (<paramref name="matching"/>, from the counts) are many, a walk in number order of
    /// the periods with the filter's class value (their column's index has the number after it; the whole table where
    /// no class column is filtered) finds the page soon, reading about rows × those periods / matching of them; where
    /// few, they are found through the GiST index over the periods' days and class (<see cref="ClassPeriodIndexes"/>)
    /// and sorted: the walk where matching² &gt; rows × periods. How many periods hold a class value comes from
    /// PostgreSQL's own statistics of the table (its most common values' shares, as its planner reads them).
    /// </summary>
    public static async Task<List<Guid>> Page(NpgsqlDataSource db, string table, DateOnly date, string? district, CustomerCategory? category,
        ValueTier? tier, LifecycleStage? stage, ServiceLevel? level, long matching, int skip, int take, CancellationToken ct)
    {
        var wanted = new (string Column, string? Value)[]
        {
            ("district", district), ("category", category?.ToString()), ("tier", tier?.ToString()), ("stage", stage?.ToString()),
            ("service_level", level?.ToString()),
        }.Where(f => f.Value is not null).ToArray();
        var name = table[(table.IndexOf('.') + 1)..];
        await using var cmd = db.CreateCommand($"""
            select greatest(c.reltuples, 0)::bigint * coalesce(min(f.share), 1) from pg_class c
            left join (select s.attname, s.most_common_vals::text::text[] as vals, s.most_common_freqs as freqs
                       from pg_stats s where s.schemaname = @schema and s.tablename = @name) st on true
            left join lateral (select st.freqs[array_position(st.vals, w.value)] as share
                               from unnest(@columns::text[], @values::text[]) w(col, value) where w.col = st.attname) f on true
            where c.oid = '{table}'::regclass group by c.reltuples
            """);
        cmd.Parameters.AddWithValue("schema", table[..table.IndexOf('.')]);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("columns", wanted.Select(f => f.Column).ToArray());
        cmd.Parameters.AddWithValue("values", wanted.Select(f => f.Value!).ToArray());
        var periods = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct) ?? 0L);
        var walk = WalkByNumber(skip + take, matching, periods);
        cmd.Parameters.Clear();
        var filters = new List<string>();
        void Filter(string column, string? value)
        {
            if (value is null) return;
            cmd.Parameters.Add(SqlParameters.Text(value, column));
            filters.Add($" and {column} = @{column}");
        }
        cmd.Parameters.AddWithValue("date", date);
        cmd.Parameters.AddWithValue("skip", skip);
        cmd.Parameters.AddWithValue("take", take);
        Filter("district", district);
        Filter("category", category?.ToString());
        Filter("tier", tier?.ToString());
        Filter("stage", stage?.ToString());
        Filter("service_level", level?.ToString());
        // "number || ''" orders as number does, but no index gives it: PostgreSQL then finds the rows by the GiST index.
        cmd.CommandText = $"""
            select account_id from {table}
            where {(walk ? "\"from\" <= @date and until > @date" : "daterange(\"from\", until) @> @date")}{string.Concat(filters)}
            order by {(walk ? "number" : "number || ''")} offset @skip limit @take
            """;
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

}
