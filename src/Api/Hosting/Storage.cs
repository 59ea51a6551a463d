using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql;

// The two-argument name is marked obsolete in Weasel 9.49 in favour of one taking an identifier usage whose members
// are not documented; it still quotes and qualifies the names as we need.
#pragma warning disable CS0618

namespace GasLedger.Api.Hosting;

/// <summary>
/// The few database objects GasLedger keeps beside Marten's: they are created and migrated with Marten's schema
/// (<c>ExtendedSchemaObjects</c>), so <c>ApplyAllDatabaseChangesOnStartup</c> makes a fresh database whole.
/// </summary>
public static class Storage
{
    public const string Schema = "gasledger";

    /// <summary>R-ACC-3: the last account serial (one row), incremented by an upsert in the applying command's transaction.</summary>
    public static Table AccountSerial()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "account_serial"));
        table.AddColumn<bool>("id").AsPrimaryKey();
        table.AddColumn<long>("last_serial").NotNull();
        return table;
    }

    /// <summary>R-CMP-2: the last complaint serial of each month; incremented atomically by an upsert.</summary>
    public static Table ComplaintSerials()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "complaint_serial"));
        table.AddColumn<string>("month").AsPrimaryKey();
        table.AddColumn<int>("last_serial").NotNull();
        return table;
    }

    /// <summary>Answers to requests that carried an <c>Idempotency-Key</c>, per staff member and key.</summary>
    public static Table IdempotentRequests()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "idempotent_request"));
        table.AddColumn<string>("staff_id").AsPrimaryKey();
        table.AddColumn<string>("idempotency_key").AsPrimaryKey();
        table.AddColumn<string>("request_hash").NotNull();
        table.AddColumn<int>("status_code");
        table.AddColumn<string>("content_type");
        table.AddColumn("body", "bytea");
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>
    /// 封存 — the seal of every event, in global sequence order (see <c>GasLedger.Domain.Audit.Seal</c>), kept apart from
    /// the events and append-only: <see cref="AppendOnly"/> refuses every UPDATE, DELETE and TRUNCATE.
    /// </summary>
    public static Table EventSeals()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "event_seal"));
        table.AddColumn<long>("seq").AsPrimaryKey();
        table.AddColumn("digest", "bytea").NotNull();
        table.AddColumn("seal", "bytea").NotNull();
        table.AddColumn("sealed_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>
    /// Makes <paramref name="table"/> append-only: a function that raises (so the statement and its transaction fail),
    /// called by a row-level trigger on UPDATE and DELETE and a statement-level one on TRUNCATE.
    /// </summary>
    private static IEnumerable<ISchemaObject> AppendOnly(string table, string what)
    {
        var refuse = $"{Schema}.{table}_refuse_change";
        yield return Function.ForSql($$"""
            create or replace function {{refuse}}() returns trigger language plpgsql as $$
            begin
              raise exception '{{what}} append-only: % refused', tg_op;
            end;
            $$;
            """);
        var target = new PostgresqlObjectName(Schema, table);
        yield return new Weasel.Postgresql.Triggers.Trigger(new PostgresqlObjectName(Schema, $"{table}_append_only"), target, $"{refuse}()")
        {
            Timing = TriggerTiming.Before, Events = TriggerEvents.Update | TriggerEvents.Delete,
            ForEachRow = true,
        };
        yield return new Weasel.Postgresql.Triggers.Trigger(new PostgresqlObjectName(Schema, $"{table}_no_truncate"), target, $"{refuse}()")
        {
            Timing = TriggerTiming.Before, Events = TriggerEvents.Truncate,
            ForEachRow = false,
        };
    }

    /// <summary>
    /// API keys an administrator issued (<c>POST /api/admin/keys</c>): only the SHA-256 of the key is kept, with who holds
    /// it, their roles, and when and by whom it was issued and revoked. A revoked key is kept, never deleted.
    /// </summary>
    public static Table ApiKeys()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "api_key"));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("key_hash").NotNull().AddIndex(i => i.IsUnique = true);
        table.AddColumn<string>("staff_id").NotNull();
        table.AddColumn("roles", "text[]").NotNull();
        table.AddColumn<string>("label");
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn<string>("created_by").NotNull();
        table.AddColumn("revoked_at", "timestamptz");
        table.AddColumn<string>("revoked_by");
        return table;
    }

    /// <summary>
    /// 个人信息访问日志 — every read of unmasked personal data and every erasure (R-INT-2): who (staff id and roles), when,
    /// which party of which account, by which route. Append-only, like the seals: a trigger refuses UPDATE, DELETE and
    /// TRUNCATE. It names parties by id only, never a personal value.
    /// </summary>
    public static Table PartyAccessLog()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "party_access_log"));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("at", "timestamptz").NotNull();
        table.AddColumn<string>("staff_id").NotNull().AddIndex();
        table.AddColumn("roles", "text[]").NotNull();
        table.AddColumn<string>("action").NotNull();
        table.AddColumn<Guid>("party_id").NotNull().AddIndex();
        table.AddColumn<Guid>("account_id");
        table.AddColumn<string>("route").NotNull();
        return table;
    }

    public static IEnumerable<ISchemaObject> Objects() =>
        [AccountSerial(), ComplaintSerials(), IdempotentRequests(), EventSeals(), .. AppendOnly("event_seal", "event seals are"), ApiKeys(),
            PartyAccessLog(), .. AppendOnly("party_access_log", "the party access log is"),
            SatisfactionSums()];

    /// <summary>The table of the satisfaction index's running sums (<see cref="SatisfactionSums"/>).</summary>
    public const string SatisfactionDaySum = Schema + ".satisfaction_day_sum";

    /// <summary>
    /// 满意度 — the satisfaction index's running sums (issue 19): per day × district × stage × staff × source, the
    /// number of observations and the sum of their scores, so that any grouping and period is a sum over few rows. Kept
    /// by PostgreSQL from the observations' own table (<c>SatisfactionObservation</c> documents) in the same statement
    /// that writes them: a row trigger adds what is inserted and takes back what is updated or deleted, and emptying
    /// the observations empties the sums — whether the daemon writes them, a rebuild copies them or a teardown clears
    /// them, the sums are the observations' sums. Staff and district are '' where an observation has none. The table
    /// is made with the schema; the function and the triggers, on a table Marten makes later, at start
    /// (<see cref="SatisfactionSumsTriggers"/>).
    /// </summary>
    public static Table SatisfactionSums()
    {
        var table = new Table(new PostgresqlObjectName(Schema, "satisfaction_day_sum"));
        table.AddColumn("day", "date").AsPrimaryKey();
        table.AddColumn<string>("district").AsPrimaryKey();
        table.AddColumn<string>("stage").AsPrimaryKey();
        table.AddColumn<string>("staff").AsPrimaryKey();
        table.AddColumn<string>("source").AsPrimaryKey();
        table.AddColumn<int>("observations").NotNull();
        table.AddColumn("score_total", "numeric").NotNull();
        return table;
    }

    /// <summary>
    /// The function the sums' triggers call (<see cref="SatisfactionSumsTriggers"/>). Not a schema object of its own:
    /// a migration that found it changed would drop it with the triggers that depend on it.
    /// </summary>
    public static string SatisfactionSumsFunction()
    {
        var follow = $"{Schema}.satisfaction_day_sum_follow";
        const string key = "(r.data ->> 'date')::date, coalesce(r.data ->> 'district', ''), coalesce(r.data ->> 'stage', ''), " +
                           "coalesce(r.data ->> 'staff', ''), r.data ->> 'source'";
        return $$"""
            create or replace function {{follow}}() returns trigger language plpgsql as $$
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
    }
}

/// <summary>
/// Puts the running sums' triggers on the observations' table at start (Marten's initial data runs once its schema is
/// made): where they were missing — a new database, or observations written by a command before the API first ran —
/// the sums are made again from the observations in the same transaction, with the table locked against writes.
/// </summary>
public sealed class SatisfactionSumsTriggers : Marten.Schema.IInitialData
{
    public async Task Populate(Marten.IDocumentStore store, CancellationToken ct)
    {
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(Projections.Satisfaction.SatisfactionObservation), ct);
        var observations = Projections.DocumentTables.Of<Projections.Satisfaction.SatisfactionObservation>(store);
        var follow = $"{Storage.Schema}.satisfaction_day_sum_follow()";
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = Storage.SatisfactionSumsFunction();
        await cmd.ExecuteNonQueryAsync(ct);
        cmd.CommandText = $"lock table {observations} in share row exclusive mode; " +
                          $"select count(*) from pg_trigger where tgrelid = '{observations}'::regclass and tgname = 'satisfaction_day_sum_rows'";
        if ((long)(await cmd.ExecuteScalarAsync(ct))! == 0)
        {
            cmd.CommandText = $"""
                create trigger satisfaction_day_sum_rows after insert or update or delete on {observations}
                  for each row execute function {follow};
                create trigger satisfaction_day_sum_truncate after truncate on {observations}
                  for each statement execute function {follow};
                delete from {Storage.SatisfactionDaySum};
                insert into {Storage.SatisfactionDaySum} (day, district, stage, staff, source, observations, score_total)
                select (data ->> 'date')::date, coalesce(data ->> 'district', ''), coalesce(data ->> 'stage', ''),
                       coalesce(data ->> 'staff', ''), data ->> 'source', count(*), sum((data ->> 'score')::numeric)
                from {observations} group by 1, 2, 3, 4, 5;
                """;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
