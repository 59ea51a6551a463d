using System.Runtime.CompilerServices;
using GasLedger.Domain.Accounts;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace GasLedger.Projections;

/// <summary>
/// What an async projection reads besides its events — the account's facts (<see cref="AccountFacts"/>, from its first event) and
/// the account's stream up to an event — read once for a whole batch of the daemon instead of once per event: one
/// query for the first events of the batch's accounts and, where the projection needs history, one query for the batch's streams.
/// A projection enriches its batch (<c>EnrichEventsAsync</c>) through its own <see cref="Batches"/>; an event that was
/// not enriched (a caller outside the daemon) is answered by reading per event, with the same result.
/// </summary>
public sealed class BatchReads
{
    private readonly IReadOnlyDictionary<Guid, AccountFacts> _accounts;
    private readonly IReadOnlyDictionary<Guid, IEvent[]>? _streams;
    private readonly IReadOnlyDictionary<Guid, long> _lastInBatch;

    private BatchReads(IReadOnlyDictionary<Guid, AccountFacts> accounts, IReadOnlyDictionary<Guid, IEvent[]>? streams, IReadOnlyDictionary<Guid, long> lastInBatch)
    {
        _accounts = accounts;
        _streams = streams;
        _lastInBatch = lastInBatch;
    }

    public static async Task<BatchReads> Load(IQuerySession session, IReadOnlyList<IEvent> events, bool streams, Type[]? only, CancellationToken ct)
    {
        var ids = events.Select(e => e.StreamId).Distinct().ToArray();
        var firsts = await session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(ids) && x.Version == 1).ToListAsync(ct);
        var accounts = firsts.Select(AccountFacts.From).OfType<AccountFacts>().ToDictionary(a => a.Id);
        Dictionary<Guid, IEvent[]>? histories = null;
        if (streams && ids.Length > 0)
        {
            var ceiling = events.Max(e => e.Sequence);
            var query = session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(ids) && x.Sequence <= ceiling);
            if (only is not null) query = query.Where(x => x.EventTypesAre(only));
            var rows = await query.OrderBy(x => x.Sequence).ToListAsync(ct);
            histories = rows.GroupBy(x => x.StreamId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Version).ToArray());
        }
        var last = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Max(e => e.Version));
        return new BatchReads(accounts, histories, last);
    }

    /// <summary>The account's facts, as <see cref="AccountFacts.Of"/> reads them.</summary>
    public static async Task<AccountFacts?> Account(BatchReads? reads, IQuerySession session, IEvent e, CancellationToken ct) =>
        reads is not null ? reads._accounts.GetValueOrDefault(e.StreamId) : await AccountFacts.Of(session, e.StreamId, ct);

    /// <summary>The events of <paramref name="e"/>'s stream with versions up to <paramref name="through"/>.</summary>
    public static async Task<IReadOnlyList<IEvent>> Stream(BatchReads? reads, IQuerySession session, IEvent e, long through, CancellationToken ct)
    {
        if (through < 1) return [];
        if (reads?._streams?.GetValueOrDefault(e.StreamId) is { } stream && stream.Length >= through && stream[through - 1].Version == through)
            return new ArraySegment<IEvent>(stream, 0, (int)through);
        return await session.Events.FetchStreamAsync(e.StreamId, through, token: ct);
    }

    /// <summary>
    /// The events of <paramref name="e"/>'s stream up to <paramref name="through"/> of the types the batch was read
    /// for (all of them when it was not read for some): what a fold that looks at those types only needs.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> History(BatchReads? reads, IQuerySession session, IEvent e, long through, CancellationToken ct)
    {
        if (through < 1) return [];
        if (reads?._streams?.GetValueOrDefault(e.StreamId) is { } stream)
        {
            var count = 0;
            while (count < stream.Length && stream[count].Version <= through) count++;
            return new ArraySegment<IEvent>(stream, 0, count);
        }
        return await session.Events.FetchStreamAsync(e.StreamId, through, token: ct);
    }

    /// <summary>Whether no later event of the same stream is in this batch (always, for an event not enriched).</summary>
    public static bool LastOfItsStream(BatchReads? reads, IEvent e) =>
        reads is null || reads._lastInBatch.GetValueOrDefault(e.StreamId) <= e.Version;
}

/// <summary>A projection's own table from the events of its current batch to that batch's <see cref="BatchReads"/>.</summary>
public sealed class Batches
{
    private readonly ConditionalWeakTable<IEvent, BatchReads> _reads = new();

    public async Task Enrich(IQuerySession session, IReadOnlyList<IEvent> events, bool streams, CancellationToken ct, Type[]? only = null)
    {
        if (events.Count == 0) return;
        var reads = await BatchReads.Load(session, events, streams, only, ct);
        foreach (var e in events) _reads.AddOrUpdate(e, reads);
    }

    public BatchReads? this[IEvent e] => _reads.TryGetValue(e, out var r) ? r : null;
}
