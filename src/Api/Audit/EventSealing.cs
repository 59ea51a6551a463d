using GasLedger.Api.Hosting;
using GasLedger.Domain.Audit;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace GasLedger.Api.Audit;

/// <summary>
/// 封存 — seals the event log as it grows: a subscription of the async daemon, which hands it the events in global
/// sequence order, page by page, only once every lower sequence is committed (the daemon's high-water mark). Each page
/// extends the chain from its tip up to the page's ceiling.
/// <para>
/// What it seals is read back from <c>mt_events</c> itself, not from the deserialised events the daemon hands over, so
/// the seal covers the bytes an auditor will later read (<see cref="EventRows"/>). The seals are written on a
/// connection of its own, in one transaction per page that first takes a transaction-level advisory lock and reads the
/// chain's tip: a page handed over twice (a retry after a failure) finds its events already sealed and adds nothing,
/// so the chain has one writer at a time and no gaps. One SELECT and one INSERT per page of up to
/// <see cref="PageSize"/> events: sealing keeps up with the write rate.
/// </para>
/// </summary>
public sealed class EventSealing : SubscriptionBase
{
    public const string SubscriptionName = "EventSeals";
    public const int PageSize = 500;

    /// <summary>Any constant: the advisory lock that gives the chain one writer at a time.</summary>
    private const long ChainLock = 0x6761736C_65646731;

    private readonly string _connectionString;
    private NpgsqlDataSource? _dataSource;

    public EventSealing(string connectionString)
    {
        _connectionString = connectionString;
        Name = SubscriptionName;
        Options.BatchSize = PageSize;
    }

    private NpgsqlDataSource Database => _dataSource ??= NpgsqlDataSource.Create(_connectionString);

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken ct)
    {
        await SealUpTo(Database, page.SequenceCeiling, ct);
        return NullChangeListener.Instance;
    }

    /// <summary>Seals every event after the chain's tip up to <paramref name="ceiling"/>, in one transaction.</summary>
    public static async Task<int> SealUpTo(NpgsqlDataSource db, long ceiling, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(ChainLock);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        var (tipSequence, previous) = await Tip(connection, tx, ct);
        var sequences = new List<long>();
        var digests = new List<byte[]>();
        var seals = new List<byte[]>();
        await using (var read = new NpgsqlCommand(
                         EventRows.Select + " where e.seq_id > $1 and e.seq_id <= $2 order by e.seq_id", connection, tx))
        {
            read.Parameters.AddWithValue(tipSequence);
            read.Parameters.AddWithValue(ceiling);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var e = EventRows.Read(reader);
                var digest = Seal.Digest(e);
                previous = Seal.Next(previous, digest);
                sequences.Add(e.Sequence);
                digests.Add(digest);
                seals.Add(previous);
            }
        }
        if (sequences.Count > 0)
        {
            await using var write = new NpgsqlCommand(
                $"insert into {Storage.Schema}.event_seal (seq, digest, seal) select * from unnest($1, $2, $3)", connection, tx);
            write.Parameters.AddWithValue(sequences.ToArray());
            write.Parameters.Add(new NpgsqlParameter { Value = digests.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            write.Parameters.Add(new NpgsqlParameter { Value = seals.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            await write.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return sequences.Count;
    }

    /// <summary>The last seal: its sequence and value, or 0 and the genesis seal when nothing is sealed yet.</summary>
    public static async Task<(long Sequence, byte[] Seal)> Tip(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select seq, seal from {Storage.Schema}.event_seal order by seq desc limit 1", connection, tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, Seal.Genesis);
    }

    public override ValueTask DisposeAsync()
    {
        _dataSource?.Dispose();
        return base.DisposeAsync();
    }
}

/// <summary>How an event is read from <c>mt_events</c> into the plain values a seal covers. One place, for all readers.</summary>
public static class EventRows
{
    /// <summary>Columns 0–9 in the order of <see cref="SealedEvent"/>; the row alias is <c>e</c>.</summary>
    public const string Columns =
        "e.seq_id, e.stream_id, e.version, e.type, e.data ->> 'occurredAt', e.timestamp, e.data::text, e.user_name, " +
        "e.correlation_id, e.causation_id";

    public static readonly string Select = $"select {Columns} from {Storage.Schema}.mt_events e";

    public static SealedEvent Read(NpgsqlDataReader r, int offset = 0) => new(
        r.GetInt64(offset), r.GetGuid(offset + 1), r.GetInt64(offset + 2), r.GetString(offset + 3),
        r.IsDBNull(offset + 4) ? null : r.GetString(offset + 4),
        Seal.Instant(r.GetFieldValue<DateTimeOffset>(offset + 5)),
        r.GetString(offset + 6),
        r.IsDBNull(offset + 7) ? null : r.GetString(offset + 7),
        r.IsDBNull(offset + 8) ? null : r.GetString(offset + 8),
        r.IsDBNull(offset + 9) ? null : r.GetString(offset + 9));
}
