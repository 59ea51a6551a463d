using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

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

    /// <summary>R-ACC-3: account number serials. A sequence never hands out a value twice, even to racing requests.</summary>
    public static readonly Sequence AccountNumbers = new(new PostgresqlObjectName(Schema, "account_number_seq"));

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

    public static IEnumerable<ISchemaObject> Objects() => [AccountNumbers, ComplaintSerials(), IdempotentRequests()];
}
