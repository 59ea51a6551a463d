using Marten;

namespace GasLedger.Api.Status;

public sealed record ProjectionStatus(string Name, long Sequence, long Lag);

public sealed record StatusAnswer(long LastSequence, long EventCount, long StreamCount, IReadOnlyList<ProjectionStatus> AsyncProjections);

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
    /// behind the log. Inline projections are written with their events and never lag.
    /// </remarks>
    [WolverineGet("/api/status"), ProducesResponseType<StatusAnswer>(StatusCodes.Status200OK)]
    public static async Task<StatusAnswer> Get(IDocumentStore store, CancellationToken ct)
    {
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: ct);
        var last = statistics.EventSequenceNumber;
        var shards = await store.Advanced.AllProjectionProgress(token: ct);
        var projections = shards.Where(s => s.ShardName != "HighWaterMark")
            .Select(s => new ProjectionStatus(s.ShardName, s.Sequence, Math.Max(0, last - s.Sequence)))
            .OrderBy(p => p.Name).ToArray();
        return new StatusAnswer(last, statistics.EventCount, statistics.StreamCount - await TombstoneStreams(store, ct), projections);
    }
}
