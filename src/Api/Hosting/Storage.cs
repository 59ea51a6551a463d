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
            .. RunningSums.All.SelectMany(sums => sums.Tables)];
}
