using GasLedger.Projections;
using GasLedger.Projections.Classification;
using GasLedger.Projections.Satisfaction;
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

    /// <summary>Every running sum GasLedger keeps: the satisfaction index's and the classification's.</summary>
    public static readonly IReadOnlyList<RunningSums> All = [Satisfaction(), Classification()];

    /// <summary>The table of the satisfaction index's running sums (<see cref="Satisfaction"/>).</summary>
    public const string SatisfactionDaySum = Storage.Schema + ".satisfaction_day_sum";

    /// <summary>The per-day changes of the number of accounts of each class (<see cref="Classification"/>).</summary>
    public const string ClassChangeDay = Storage.Schema + ".class_change_day";

    /// <summary>The same changes summed per month (the month's first day).</summary>
    public const string ClassChangeMonth = Storage.Schema + ".class_change_month";

    /// <summary>
    /// 满意度 — the satisfaction index's running sums: per day × district × stage × staff × source, the number of
    /// observations (<see cref="SatisfactionObservation"/>) and the sum of their scores. Staff and district are '' where
    /// an observation has none.
    /// </summary>
    public static RunningSums Satisfaction()
    {
        var table = new Table(new PostgresqlObjectName(Storage.Schema, "satisfaction_day_sum"));
        table.AddColumn("day", "date").AsPrimaryKey();
        table.AddColumn<string>("district").AsPrimaryKey();
        table.AddColumn<string>("stage").AsPrimaryKey();
        table.AddColumn<string>("staff").AsPrimaryKey();
        table.AddColumn<string>("source").AsPrimaryKey();
        table.AddColumn<int>("observations").NotNull();
        table.AddColumn("score_total", "numeric").NotNull();

        const string name = "satisfaction_day_sum";
        const string key = "(r.data ->> 'date')::date, coalesce(r.data ->> 'district', ''), coalesce(r.data ->> 'stage', ''), " +
                           "coalesce(r.data ->> 'staff', ''), r.data ->> 'source'";
        var functions = $$"""
            create or replace function {{Storage.Schema}}.{{name}}_follow() returns trigger language plpgsql as $$
            declare r record;
            begin
              if tg_op = 'TRUNCATE' then
                truncate {{SatisfactionDaySum}};
                return null;
              end if;
              if tg_op in ('UPDATE', 'DELETE') then
                r := old;
                update {{SatisfactionDaySum}} set observations = observations - 1, score_total = score_total - (r.data ->> 'score')::numeric
                where (day, district, stage, staff, source) = ({{key}});
              end if;
              if tg_op in ('INSERT', 'UPDATE') then
                r := new;
                insert into {{SatisfactionDaySum}} as s (day, district, stage, staff, source, observations, score_total)
                values ({{key}}, 1, (r.data ->> 'score')::numeric)
                on conflict (day, district, stage, staff, source)
                do update set observations = s.observations + 1, score_total = s.score_total + excluded.score_total;
              end if;
              return null;
            end;
            $$;
            """;
        return new RunningSums(name, typeof(SatisfactionObservation), [table], functions, observations => $"""
            delete from {SatisfactionDaySum};
            insert into {SatisfactionDaySum} (day, district, stage, staff, source, observations, score_total)
            select (data ->> 'date')::date, coalesce(data ->> 'district', ''), coalesce(data ->> 'stage', ''),
                   coalesce(data ->> 'staff', ''), data ->> 'source', count(*), sum((data ->> 'score')::numeric)
            from {observations} group by 1, 2, 3, 4, 5;
            """);
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
            create or replace function {{Storage.Schema}}.{{name}}_follow() returns trigger language plpgsql as $$
            begin
              if tg_op = 'TRUNCATE' then
                truncate {{ClassChangeDay}}, {{ClassChangeMonth}};
                return null;
              end if;
              if tg_op = 'UPDATE' and old.data = new.data then
                return null;
              end if;
              if tg_op in ('UPDATE', 'DELETE') then
                perform {{Storage.Schema}}.{{name}}_add(old.data, (old.data ->> 'from')::date, -1);
                if (old.data ->> 'until')::date < '{{Lasting}}' then
                  perform {{Storage.Schema}}.{{name}}_add(old.data, (old.data ->> 'until')::date, 1);
                end if;
              end if;
              if tg_op in ('INSERT', 'UPDATE') then
                perform {{Storage.Schema}}.{{name}}_add(new.data, (new.data ->> 'from')::date, 1);
                if (new.data ->> 'until')::date < '{{Lasting}}' then
                  perform {{Storage.Schema}}.{{name}}_add(new.data, (new.data ->> 'until')::date, -1);
                end if;
              end if;
              return null;
            end;
            $$;
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

    private const string Keys = "data ->> 'district' as district, data ->> 'category' as category, data ->> 'tier' as tier, " +
                                "data ->> 'stage' as stage, data ->> 'serviceLevel' as service_level";

    private static string Lasting => AccountClassPeriod.Lasting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Puts the running sums' triggers on their documents' tables at start (Marten's initial data runs once its schema is
/// made; a rebuild by account runs it again when it has copied the documents): where the triggers were missing, the
/// sums are made again from the documents in the same transaction, with the table locked against writes.
/// </summary>
public sealed class RunningSumsTriggers : Marten.Schema.IInitialData
{
    public async Task Populate(Marten.IDocumentStore store, CancellationToken ct)
    {
        foreach (var sums in RunningSums.All)
        {
            await store.Storage.Database.EnsureStorageExistsAsync(sums.Source, ct);
            var documents = DocumentTables.Of(store, sums.Source);
            await using var conn = store.Storage.Database.CreateConnection();
            await conn.OpenAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sums.Functions;
            await cmd.ExecuteNonQueryAsync(ct);
            cmd.CommandText = $"lock table {documents} in share row exclusive mode; " +
                              $"select count(*) from pg_trigger where tgrelid = '{documents}'::regclass and tgname = '{sums.Name}_rows'";
            if ((long)(await cmd.ExecuteScalarAsync(ct))! == 0)
            {
                cmd.CommandText = $"""
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
}
