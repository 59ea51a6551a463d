using GasLedger.Projections;
using GasLedger.Projections.Classification;
using GasLedger.Projections.Satisfaction;
using GasLedger.Projections.Statistics;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

#pragma warning disable CS0618 // the two-argument PostgresqlObjectName, as in Storage

namespace GasLedger.Api.Hosting;

/// <summary>
/// Sums PostgreSQL keeps from a read model's own table (issue 19), so that an analyst's figure over any period and
/// grouping is a sum over few rows: row triggers on the documents' table add what is inserted and take back what is
/// updated or deleted, and emptying the documents empties the sums — whether the daemon writes them, a rebuild copies
/// them or a teardown clears them, the sums are the documents' sums. The tables are made with the schema
/// (<see cref="Storage.Objects"/>); the functions and the triggers, on a table Marten makes later, at start
/// (<see cref="RunningSumsTriggers"/>), where they also make the sums again from the documents when the triggers were
/// missing (a new database, a rebuild that took them off while it copied).
/// </summary>
/// <param name="Name">The triggers' and the function's name.</param>
/// <param name="Source">The document type whose table the sums follow.</param>
/// <param name="Tables">The sums' tables.</param>
/// <param name="Functions">The functions the triggers call (<c>{schema}.{Name}_follow()</c>), created or replaced at
/// start: not schema objects of their own, since a migration that found one changed would drop it with its triggers.</param>
/// <param name="Remake">The statements that make the sums again from the documents' table (given its name).</param>
public sealed record RunningSums(string Name, Type Source, IReadOnlyList<Table> Tables, string Functions, Func<string, string> Remake)
{
    public string Follow => $"{Storage.Schema}.{Name}_follow";

    // Before All: static fields are set in the order they are written.
    /// <summary>The class's columns in the classification's sums, in order.</summary>
    public static readonly string[] ClassColumns = ["district", "category", "tier", "stage", "service_level"];

    /// <summary>
    /// The inspections due's sums (<see cref="InspectionsDue"/>): each table's name and key, in the order of its primary
    /// key; the first, at the grain of a day on both sides, is the one the others are rolled up from.
    /// </summary>
    private static readonly (string Table, string[] Key)[] InspectionDueTables =
    [
        ("inspection_due_day", ["day", "next_due", "district", "public_service"]),
        ("inspection_due_day_month", ["day", "due_month", "district", "public_service"]),
        ("inspection_due_month", ["next_due", "month", "district", "public_service"]),
        ("inspection_due_grid", ["month", "due_month", "district", "public_service"]),
    ];

    /// <summary>
    /// Every running sum GasLedger keeps: the satisfaction index's, the classification's, the complaint statistics', the
    /// accounts' movements, the gas volumes and the inspections due.
    /// </summary>
    public static readonly IReadOnlyList<RunningSums> All = [Satisfaction(), Classification(), Complaints(), Movements(), Volumes(), InspectionsDue()];

    /// <summary>The table of the satisfaction index's running sums (<see cref="Satisfaction"/>).</summary>
    public const string SatisfactionDaySum = Storage.Schema + ".satisfaction_day_sum";

    /// <summary>The same sums per month (its first day), for periods of whole months.</summary>
    public const string SatisfactionMonthSum = Storage.Schema + ".satisfaction_month_sum";

    /// <summary>The per-day changes of the number of accounts of each class (<see cref="Classification"/>).</summary>
    public const string ClassChangeDay = Storage.Schema + ".class_change_day";

    /// <summary>The same changes summed per month (the month's first day).</summary>
    public const string ClassChangeMonth = Storage.Schema + ".class_change_month";

    /// <summary>The complaint statistics' sums per day (<see cref="Complaints"/>).</summary>
    public const string ComplaintDaySum = Storage.Schema + ".complaint_day_sum";

    /// <summary>The accounts' movements per month (<see cref="Movements"/>).</summary>
    public const string MovementMonthSum = Storage.Schema + ".movement_month_sum";

    /// <summary>The per-day changes of the inspections due, by the day and the due date (<see cref="InspectionsDue"/>).</summary>
    public const string InspectionDueDay = Storage.Schema + ".inspection_due_day";

    /// <summary>The same changes by the day and the due date's month (its first day).</summary>
    public const string InspectionDueDayMonth = Storage.Schema + ".inspection_due_day_month";

    /// <summary>The same changes by the day's month (its first day) and the due date.</summary>
    public const string InspectionDueMonth = Storage.Schema + ".inspection_due_month";

    /// <summary>The same changes summed per month of the day and month of the due date (their first days).</summary>
    public const string InspectionDueGrid = Storage.Schema + ".inspection_due_grid";

    /// <summary>The gas volumes per month (<see cref="Volumes"/>).</summary>
    public const string VolumeMonthSum = Storage.Schema + ".volume_month_sum";

    /// <summary>
    /// Sums of values per key, each document adding its values to its key's row in each table (<paramref name="tables"/>:
    /// a table's name and keys; <paramref name="values"/> the same for all: column, SQL type and expression over the
    /// document's JSON <c>d</c>): the row trigger takes back an updated or deleted document's values and adds an inserted
    /// or updated one's; an update that leaves the document as it was changes nothing. The first table names the sums.
    /// </summary>
    private static RunningSums Summed(Type source, (string Name, (string Column, string Type, string Sql)[] Keys)[] tables,
        (string Column, string Type, string Sql)[] values)
    {
        string Qualified(string table) => $"{Storage.Schema}.{table}";
        string Upsert(string table, (string Column, string Type, string Sql)[] keys, string document, string sign) => $"""
                insert into {Qualified(table)} as s ({string.Join(", ", keys.Concat(values).Select(c => c.Column))})
                select {string.Join(", ", keys.Select(k => k.Sql).Concat(values.Select(v => $"{sign}({v.Sql})")))} from (select {document}.data as d) x
                on conflict ({string.Join(", ", keys.Select(k => k.Column))})
                do update set {string.Join(", ", values.Select(v => $"{v.Column} = s.{v.Column} + excluded.{v.Column}"))};
            """;
        string Upserts(string document, string sign) => string.Concat(tables.Select(t => Upsert(t.Name, t.Keys, document, sign)));
        var name = tables[0].Name;
        var functions = FollowFunction(Qualified(name), string.Join(", ", tables.Select(t => Qualified(t.Name))),
            Upserts("old", "-"), Upserts("new", ""));
        var made = tables.Select(t =>
        {
            var table = new Table(new PostgresqlObjectName(Storage.Schema, t.Name));
            foreach (var key in t.Keys) table.AddColumn(key.Column, key.Type).AsPrimaryKey();
            foreach (var value in values) table.AddColumn(value.Column, value.Type).NotNull();
            return table;
        }).ToArray();
        return new RunningSums(name, source, made, functions, documents => string.Concat(tables.Select(t => $"""
            delete from {Qualified(t.Name)};
            insert into {Qualified(t.Name)} ({string.Join(", ", t.Keys.Concat(values).Select(c => c.Column))})
            select {string.Join(", ", t.Keys.Select(k => k.Sql).Concat(values.Select(v => $"sum({v.Sql})")))}
            from (select data as d from {documents}) x group by {string.Join(", ", t.Keys.Select((_, i) => i + 1))};

            """)));
    }

    /// <summary>
    /// 投诉统计 — the complaint statistics' sums (<see cref="ComplaintFactRow"/>): per day filed × district × account
    /// category × complaint category × channel, the complaints, those with a first reply, replied within 48 hours,
    /// decided within 3 working days, ever reopened, and repeats (the account's second or later within 12 months).
    /// </summary>
    public static RunningSums Complaints()
    {
        static (string, string, string) Count(string column, string field) => (column, "integer", $"(d ->> '{field}')::boolean::int");
        return Summed(typeof(ComplaintFactRow),
            [("complaint_day_sum", [("day", "date", "(d ->> 'filed')::date"), ("district", "text", "d ->> 'district'"),
                ("account_category", "text", "d ->> 'accountCategory'"), ("category", "text", "d ->> 'category'"), ("channel", "text", "d ->> 'channel'")])],
            [("complaints", "integer", "1"), Count("replied", "replied"), Count("replied_in_time", "repliedInTime"),
             Count("decided_in_time", "decidedInTime"), Count("reopened", "reopened"), Count("repeats", "repeat")]);
    }

    /// <summary>
    /// 客户变动 — the accounts' movements (<see cref="AccountMovement"/>) per month × district × category × kind: gas-on,
    /// transfer, suspension, closure.
    /// </summary>
    public static RunningSums Movements() => Summed(typeof(AccountMovement),
        [("movement_month_sum", [("month", "date", "date_trunc('month', (d ->> 'day')::date)::date"), ("district", "text", "d ->> 'district'"),
            ("category", "text", "d ->> 'category'"), ("kind", "text", "d ->> 'kind'")])],
        [("accounts", "integer", "1")]);

    /// <summary>
    /// 用气量 — the gas volumes (seed <c>004</c>) per month × district × category, from the accounts' own usage by month
    /// (the inline account snapshot, <c>usageByMonth</c>): the trigger adds the difference a write makes to each month,
    /// so a reading changes one row, and a write that leaves the usage as it was changes nothing.
    /// </summary>
    public static RunningSums Volumes()
    {
        const string name = "volume_month_sum";
        var table = new Table(new PostgresqlObjectName(Storage.Schema, name));
        table.AddColumn("month", "date").AsPrimaryKey();
        table.AddColumn<string>("district").AsPrimaryKey();
        table.AddColumn<string>("category").AsPrimaryKey();
        table.AddColumn("volume_m3", "numeric").NotNull();
        var functions = $$"""
            create or replace function {{VolumeMonthSum}}_follow() returns trigger language plpgsql as $$
            begin
              if tg_op = 'TRUNCATE' then
                truncate {{VolumeMonthSum}};
                return null;
              end if;
              if tg_op = 'UPDATE' and (old.data -> 'usageByMonth') is not distinct from (new.data -> 'usageByMonth') then
                return null;
              end if;
              insert into {{VolumeMonthSum}} as s (month, district, category, volume_m3)
              select to_date(m.key || '-01', 'YYYY-MM-DD'), coalesce(new.data, old.data) -> 'address' ->> 'district',
                     coalesce(new.data, old.data) ->> 'category', m.change
              from (
                select coalesce(n.key, o.key) as key, coalesce(n.value::text::numeric, 0) - coalesce(o.value::text::numeric, 0) as change
                from jsonb_each(case when tg_op <> 'DELETE' then new.data -> 'usageByMonth' end) n
                full join jsonb_each(case when tg_op <> 'INSERT' then old.data -> 'usageByMonth' end) o on o.key = n.key
              ) m where m.change <> 0
              on conflict (month, district, category) do update set volume_m3 = s.volume_m3 + excluded.volume_m3;
              return null;
            end;
            $$;
            """;
        return new RunningSums(name, typeof(GasLedger.Domain.Accounts.Account), [table], functions, accounts => $"""
            delete from {VolumeMonthSum};
            insert into {VolumeMonthSum} (month, district, category, volume_m3)
            select to_date(m.key || '-01', 'YYYY-MM-DD'), a.data -> 'address' ->> 'district', a.data ->> 'category', sum(m.value::text::numeric)
            from {accounts} a cross join lateral jsonb_each(a.data -> 'usageByMonth') m group by 1, 2, 3;
            """);
    }

    /// <summary>
    /// 满意度 — the satisfaction index's running sums: per day (and per month) × district × stage × staff × source, the
    /// number of observations (<see cref="SatisfactionObservation"/>) and the sum of their scores. Staff and district are '' where
    /// an observation has none.
    /// </summary>
    public static RunningSums Satisfaction()
    {
        (string, string, string)[] Keys(string period, string sql) =>
            [(period, "date", sql), ("district", "text", "coalesce(d ->> 'district', '')"), ("stage", "text", "coalesce(d ->> 'stage', '')"),
             ("staff", "text", "coalesce(d ->> 'staff', '')"), ("source", "text", "d ->> 'source'")];
        return Summed(typeof(SatisfactionObservation),
            [("satisfaction_day_sum", Keys("day", "(d ->> 'date')::date")),
             ("satisfaction_month_sum", Keys("month", "date_trunc('month', (d ->> 'date')::date)::date"))],
            [("observations", "integer", "1"), ("score_total", "numeric", "(d ->> 'score')::numeric")]);
    }

    /// <summary>
    /// 分类分级 — the classification's running sums: per day × district × category × tier × stage × service level, how
    /// many accounts enter the class that day less how many leave it (<see cref="AccountClassPeriod"/>: one in on its
    /// first day, one out on its end), and the same per month; so the count of each class on a date is the months before
    /// the date's month plus the days of its month up to the date — a sum over some hundreds of rows.
    /// </summary>
    public static RunningSums Classification()
    {
        Table Changes(string name, string day)
        {
            var table = new Table(new PostgresqlObjectName(Storage.Schema, name));
            table.AddColumn(day, "date").AsPrimaryKey();
            foreach (var column in ClassColumns) table.AddColumn<string>(column).AsPrimaryKey();
            table.AddColumn<int>("accounts").NotNull();
            return table;
        }

        const string name = "class_change";
        var columns = string.Join(", ", ClassColumns);
        var functions = $$"""
            create or replace function {{Storage.Schema}}.{{name}}_add(d jsonb, on_day date, delta int) returns void language plpgsql as $$
            begin
              insert into {{ClassChangeDay}} as c (day, {{columns}}, accounts)
              values (on_day, d ->> 'district', d ->> 'category', d ->> 'tier', d ->> 'stage', d ->> 'serviceLevel', delta)
              on conflict (day, {{columns}}) do update set accounts = c.accounts + excluded.accounts;
              insert into {{ClassChangeMonth}} as c (month, {{columns}}, accounts)
              values (date_trunc('month', on_day)::date, d ->> 'district', d ->> 'category', d ->> 'tier', d ->> 'stage', d ->> 'serviceLevel',
                      delta)
              on conflict (month, {{columns}}) do update set accounts = c.accounts + excluded.accounts;
            end;
            $$;
            {{PeriodFollow(name, $"{ClassChangeDay}, {ClassChangeMonth}", Lasting)}}
            """;
        return new RunningSums(name, typeof(AccountClassPeriod), [Changes("class_change_day", "day"), Changes("class_change_month", "month")],
            functions, periods => $"""
            delete from {ClassChangeDay};
            delete from {ClassChangeMonth};
            insert into {ClassChangeDay} (day, {columns}, accounts)
            select day, {columns}, sum(delta) from (
              select (data ->> 'from')::date as day, {Keys}, 1 as delta from {periods}
              union all
              select (data ->> 'until')::date, {Keys}, -1 from {periods} where (data ->> 'until')::date < '{Lasting}'
            ) c group by 1, 2, 3, 4, 5, 6 having sum(delta) <> 0;
            insert into {ClassChangeMonth} (month, {columns}, accounts)
            select date_trunc('month', day)::date, {columns}, sum(accounts) from {ClassChangeDay}
            group by 1, 2, 3, 4, 5, 6 having sum(accounts) <> 0;
            """);
    }

    /// <summary>
    /// 安检计划 — the inspections due's running sums: each period of an account's schedule
    /// (<see cref="Projections.Inspections.InspectionDuePeriod"/>) is one more on its first day and one less on its end,
    /// at its due date; so the number of periods holding a day D that fall due by a day X is the sum of the changes on
    /// days up to D at due dates up to X. That sum is read over few rows, by district and whether the account is a
    /// public-service one, from four tables that keep the changes at the grain of a day or a month on each side
    /// (<see cref="InspectionDueTables"/>): the months before D's month at the due months before X's and at X's month's
    /// days up to X; D's month's days up to D at the due months before X's and at X's month's days up to X. Each table's
    /// key leads with what its part of the sum reads by range.
    /// </summary>
    public static RunningSums InspectionsDue()
    {
        var tables = InspectionDueTables;
        const string name = "inspection_due";
        string Grain(string column) => column is "month" or "due_month" ? $"date_trunc('month', {(column == "month" ? "on_day" : "due")})::date"
            : column == "day" ? "on_day" : "due";
        string Columns((string Table, string[] Key) t) => string.Join(", ", t.Key.Concat(["accounts"]));
        string Value(string column) => column switch { "district" => "in_district", "public_service" => "is_public_service", _ => Grain(column) };
        var functions = $$"""
            create or replace function {{Storage.Schema}}.{{name}}_add(d jsonb, on_day date, delta int) returns void language plpgsql as $$
            declare
              in_district text := d ->> 'district';
              is_public_service boolean := (d ->> 'publicService')::boolean;
              due date := (d ->> 'nextDue')::date;
            begin
            {{string.Concat(tables.Select(t => $"""
                  insert into {Storage.Schema}.{t.Table} as c ({Columns(t)}) values ({string.Join(", ", t.Key.Select(Value))}, delta)
                  on conflict ({string.Join(", ", t.Key)}) do update set accounts = c.accounts + excluded.accounts;

                """))}}
            end;
            $$;
            {{PeriodFollow(name, string.Join(", ", tables.Select(t => $"{Storage.Schema}.{t.Table}")), DueLasting)}}
            """;
        var made = tables.Select(t =>
        {
            var table = new Table(new PostgresqlObjectName(Storage.Schema, t.Table));
            foreach (var column in t.Key)
                (column == "district" ? table.AddColumn<string>(column) : table.AddColumn(column, column == "public_service" ? "boolean" : "date"))
                    .AsPrimaryKey();
            table.AddColumn<int>("accounts").NotNull();
            return table;
        }).ToArray();
        // Made again: the changes by day and due date from the periods, the coarser tables from them.
        string Rolled(string column) => column switch { "month" => "date_trunc('month', day)::date", "due_month" => "date_trunc('month', next_due)::date", _ => column };
        return new RunningSums(name, typeof(Projections.Inspections.InspectionDuePeriod), made, functions, periods =>
            string.Concat(tables.Select(t => $"delete from {Storage.Schema}.{t.Table};\n")) + $"""
            insert into {InspectionDueDay} ({Columns(tables[0])})
            select {string.Join(", ", tables[0].Key)}, sum(delta) from (
              select data ->> 'district' as district, (data ->> 'publicService')::boolean as public_service,
                     (data ->> 'from')::date as day, (data ->> 'nextDue')::date as next_due, 1 as delta from {periods}
              union all
              select data ->> 'district', (data ->> 'publicService')::boolean, (data ->> 'until')::date, (data ->> 'nextDue')::date, -1
              from {periods} where (data ->> 'until')::date < '{DueLasting}'
            ) c group by {string.Join(", ", tables[0].Key)} having sum(delta) <> 0;

            """ + string.Concat(tables.Skip(1).Select(t => $"""
            insert into {Storage.Schema}.{t.Table} ({Columns(t)})
            select {string.Join(", ", t.Key.Select(Rolled))}, sum(accounts) from {InspectionDueDay}
            group by {string.Join(", ", t.Key.Select((_, i) => i + 1))} having sum(accounts) <> 0;

            """)));
    }

    private static string DueLasting =>
        Projections.Inspections.InspectionDuePeriod.Lasting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A row trigger's function <c>{name}_follow()</c> for sums kept from a documents' table: emptying the table empties
    /// <paramref name="truncate"/>; an update that leaves the document as it was does nothing; otherwise
    /// <paramref name="takeBack"/> runs for the old row (update, delete) and <paramref name="add"/> for the new one
    /// (insert, update).
    /// </summary>
    private static string FollowFunction(string name, string truncate, string takeBack, string add) => $$"""
        create or replace function {{name}}_follow() returns trigger language plpgsql as $$
        begin
          if tg_op = 'TRUNCATE' then
            truncate {{truncate}};
            return null;
          end if;
          if tg_op = 'UPDATE' and old.data = new.data then
            return null;
          end if;
          if tg_op in ('UPDATE', 'DELETE') then
        {{takeBack}}
          end if;
          if tg_op in ('INSERT', 'UPDATE') then
        {{add}}
          end if;
          return null;
        end;
        $$;
        """;

    /// <summary>
    /// The trigger function of sums kept from periods (a document with <c>from</c> and <c>until</c>): a period is
    /// <c>{name}_add(document, day, ±1)</c> on its first day and the opposite on its end, unless it lasts.
    /// </summary>
    private static string PeriodFollow(string name, string truncate, string lasting)
    {
        string Period(string row, int sign) => $"""
                perform {Storage.Schema}.{name}_add({row}.data, ({row}.data ->> 'from')::date, {sign});
                if ({row}.data ->> 'until')::date < '{lasting}' then
                  perform {Storage.Schema}.{name}_add({row}.data, ({row}.data ->> 'until')::date, {-sign});
                end if;
            """;
        return FollowFunction($"{Storage.Schema}.{name}", truncate, Period("old", -1), Period("new", 1));
    }

    private const string Keys = "data ->> 'district' as district, data ->> 'category' as category, data ->> 'tier' as tier, " +
                                "data ->> 'stage' as stage, data ->> 'serviceLevel' as service_level";

    private static string Lasting => AccountClassPeriod.Lasting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Puts the running sums' triggers on their documents' tables at start (Marten's initial data runs once its schema is
/// made; a rebuild by account runs it again when it has copied the documents): where the triggers were missing, or the
/// sums' functions have changed since they were made, the sums are made again from the documents in the same
/// transaction, with the table locked against writes.
/// </summary>
public sealed class RunningSumsTriggers : Marten.Schema.IInitialData
{
    public async Task Populate(Marten.IDocumentStore store, CancellationToken ct)
    {
        foreach (var sums in RunningSums.All) await store.Storage.Database.EnsureStorageExistsAsync(sums.Source, ct);
        // Two at a time, each in a transaction of its own: a remake is a GROUP BY over a whole table, on one core.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<RunningSums>(RunningSums.All);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            while (queue.TryDequeue(out var sums)) await Follow(store, sums, ct);
        }));
    }

    /// <summary>Puts the triggers of <paramref name="sums"/> on, making the sums again where they were missing or changed.</summary>
    private static async Task Follow(Marten.IDocumentStore store, RunningSums sums, CancellationToken ct)
    {
        var documents = DocumentTables.Of(store, sums.Source);
        // The functions' text, hashed into the follow function's comment: a version whose sums are kept otherwise
        // (another table, another key) makes them again once, as where the triggers were missing.
        var version = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sums.Functions)))[..16];
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        // Remaking the sums from a whole table takes its time at a million accounts (over 30 s, Npgsql's default, for the
        // gas volumes of 200,000 accounts with five years of readings): no limit here.
        cmd.CommandTimeout = 0;
        cmd.CommandText = $"lock table {documents} in share row exclusive mode; " +
                          $"select coalesce(obj_description(to_regprocedure('{sums.Follow}()'), 'pg_proc'), '') = '{version}' " +
                          $"and exists (select 1 from pg_trigger where tgrelid = '{documents}'::regclass and tgname = '{sums.Name}_rows')";
        var current = (bool)(await cmd.ExecuteScalarAsync(ct))!;
        cmd.CommandText = sums.Functions + $"\ncomment on function {sums.Follow}() is '{version}';";
        await cmd.ExecuteNonQueryAsync(ct);
        if (!current)
        {
            cmd.CommandText = $"""
                drop trigger if exists {sums.Name}_rows on {documents};
                drop trigger if exists {sums.Name}_truncate on {documents};
                create trigger {sums.Name}_rows after insert or update or delete on {documents}
                  for each row execute function {sums.Follow}();
                create trigger {sums.Name}_truncate after truncate on {documents}
                  for each statement execute function {sums.Follow}();
                {sums.Remake(documents)}
                """;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
