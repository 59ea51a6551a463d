using Marten;
using Npgsql;

namespace GasLedger.Api.Status;

public sealed record ProjectionStatus(string Name, long Sequence, long Lag);

/// <summary>A standby streaming from the primary, as the primary sees it (<c>pg_stat_replication</c>).</summary>
/// <param name="SyncState"><c>sync</c> or <c>quorum</c>: a commit waits for it; <c>async</c>: it may be behind.</param>
/// <param name="ReplayLagBytes">WAL the primary has written and the standby has not replayed yet.</param>
/// <param name="ReplayLagSeconds">How long ago the standby replayed what the primary had last written when it told.</param>
public sealed record StandbyStatus(string Name, string State, string SyncState, long ReplayLagBytes, double ReplayLagSeconds);

public sealed record StatusAnswer(long LastSequence, long EventCount, long StreamCount, IReadOnlyList<ProjectionStatus> AsyncProjections,
    IReadOnlyList<StandbyStatus> Standbys);

/// <summary>The event store's status.</summary>
public static class GetStatusEndpoint
{
    /// <summary>
    /// Marten's tombstone stream: after a failed append Marten makes it (one row, no account's) to keep the sequence's
    /// gaps accounted for. It is not an account stream, so it is not counted as one.
    /// </summary>
    private static async Task<long> TombstoneStreams(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(JasperFx.Events.Tombstone.StreamId, ct);
        return state is null ? 0 : 1;
    }

    /// <summary>The event log's high-water mark and how far each async projection lags.</summary>
    /// <remarks>
    /// The event log's high-water mark and, for each async projection, how far it has got and how many events it lags
    /// behind the log. Inline projections are written with their events and never lag. In a cluster, the standbys
    /// that stream from the primary and how far behind each is.
    /// </remarks>
    [WolverineGet("/api/status"), ProducesResponseType<StatusAnswer>(StatusCodes.Status200OK)]
    public static async Task<StatusAnswer> Get(IDocumentStore store, NpgsqlDataSource db, CancellationToken ct)
    {
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: ct);
        var last = statistics.EventSequenceNumber;
        var shards = await store.Advanced.AllProjectionProgress(token: ct);
        var projections = shards.Where(s => !s.ShardName.StartsWith("HighWater")) // Marten's own rows, not projections
            .Select(s => new ProjectionStatus(s.ShardName, s.Sequence, Math.Max(0, last - s.Sequence)))
            .OrderBy(p => p.Name).ToArray();
        return new StatusAnswer(last, statistics.EventCount, statistics.StreamCount - await TombstoneStreams(store, ct), projections,
            await Standbys(db, ct));
    }

    /// <summary>The standbys streaming from this primary (none on a single database); their lag needs <c>pg_monitor</c>.</summary>
    private static async Task<IReadOnlyList<StandbyStatus>> Standbys(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "select application_name, state, sync_state, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint, " +
            "coalesce(extract(epoch from replay_lag), 0)::float8 from pg_stat_replication order by application_name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var standbys = new List<StandbyStatus>();
        while (await reader.ReadAsync(ct))
            standbys.Add(new StandbyStatus(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetInt64(3), reader.GetDouble(4)));
        return standbys;
    }
}
