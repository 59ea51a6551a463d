using JasperFx.Events;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// What an async projection reads besides its events — the account's facts (<see cref="AccountFacts"/>, from its first
/// event) and the account's stream up to an event — read once for a whole batch of the daemon instead of once per
/// event: one query for the first events of the batch's accounts and, where history is needed, one for their streams
/// up to the batch's last event. The projections of the <c>ReadModels</c> composite are handed the same events, so what
/// one reads the next finds already read (<see cref="Batches"/>). An event that was not enriched (a caller outside the
/// daemon) is answered by reading per event, with the same result.
/// </summary>
public sealed class BatchReads
{
    private readonly HashSet<Guid> _ids;
    private readonly long _ceiling;
    private readonly IReadOnlyDictionary<Guid, AccountFacts> _accounts;
    private readonly IReadOnlyDictionary<Guid, IEvent[]>? _streams;

    private BatchReads(HashSet<Guid> ids, long ceiling, IReadOnlyDictionary<Guid, AccountFacts> accounts, IReadOnlyDictionary<Guid, IEvent[]>? streams)
    {
        _ids = ids;
        _ceiling = ceiling;
        _accounts = accounts;
        _streams = streams;
    }

    public static async Task<BatchReads> Load(IQuerySession session, IReadOnlyList<IEvent> events, bool streams, CancellationToken ct)
    {
        var ids = events.Select(e => e.StreamId).ToHashSet();
        var list = ids.ToArray();
        var ceiling = events.Max(e => e.Sequence);
        var firsts = await session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(list) && x.Version == 1).ToListAsync(ct);
        var accounts = firsts.Select(AccountFacts.From).OfType<AccountFacts>().ToDictionary(a => a.Id);
        Dictionary<Guid, IEvent[]>? histories = null;
        if (streams)
        {
            // By stream id only, so PostgreSQL takes the (stream_id, version) index; a bound on seq_id in the query
            // made it walk the sequence index from the start of the log, every batch. Later events are dropped here.
            var rows = await session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(list)).ToListAsync(ct);
            histories = rows.Where(x => x.Sequence <= ceiling).GroupBy(x => x.StreamId)
                .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Version).ToArray());
        }
        return new BatchReads(ids, ceiling, accounts, histories);
    }

    /// <summary>
    /// What whole streams already in memory, each in version order, answer (a rebuild that reads every event of its
    /// accounts): nothing more is read, and <see cref="Batches.Share"/> hands it to the projections given those events.
    /// </summary>
    public static BatchReads Whole(IReadOnlyList<IReadOnlyList<IEvent>> streams)
    {
        var byId = streams.Where(s => s.Count > 0).ToDictionary(s => s[0].StreamId, s => s as IEvent[] ?? s.ToArray());
        var accounts = byId.Values.Select(s => AccountFacts.From(s[0])).OfType<AccountFacts>().ToDictionary(a => a.Id);
        return new BatchReads(byId.Keys.ToHashSet(), byId.Values.Select(s => s[^1].Sequence).DefaultIfEmpty(0).Max(), accounts, byId);
    }

    /// <summary>Whether what was read answers for <paramref name="e"/> (its account, and its stream up to it if asked).</summary>
    public bool Covers(IEvent e, bool streams) => _ids.Contains(e.StreamId) && e.Sequence <= _ceiling && (!streams || _streams is not null);

    /// <summary>The account's facts, as <see cref="AccountFacts.Of"/> reads them.</summary>
    public static async Task<AccountFacts?> Account(BatchReads? reads, IQuerySession session, IEvent e, CancellationToken ct) =>
        reads is not null && reads._ids.Contains(e.StreamId) ? reads._accounts.GetValueOrDefault(e.StreamId) : await AccountFacts.Of(session, e.StreamId, ct);

    /// <summary>The events of <paramref name="e"/>'s stream with versions up to <paramref name="through"/>.</summary>
    public static async Task<IReadOnlyList<IEvent>> Stream(BatchReads? reads, IQuerySession session, IEvent e, long through, CancellationToken ct)
    {
        if (through < 1) return [];
        if (reads is not null && reads.Covers(e, streams: true) && reads._streams!.GetValueOrDefault(e.StreamId) is { } stream
            && stream.Length >= through && stream[through - 1].Version == through)
            return new ArraySegment<IEvent>(stream, 0, (int)through);
        return await session.Events.FetchStreamAsync(e.StreamId, through, token: ct);
    }
}

/// <summary>
/// A projection's view of the batches it is handed: the reads, shared by every projection given the same events. The
/// latest few reads are kept (the daemon hands a batch to each member of a composite in turn); any of them that holds an
/// event's stream up to the event answers for it, since what it holds of the stream is the same whatever batch read it.
/// </summary>
public sealed class Batches
{
    private const int Kept = 4;
    private static readonly LinkedList<BatchReads> Latest = new();

    /// <summary>
    /// Reads what <paramref name="events"/> need that the latest reads do not hold. One read at a time: the members of a
    /// composite enrich a batch side by side, and each then finds what the others read instead of reading it again.
    /// </summary>
    public async Task Enrich(IQuerySession session, IReadOnlyList<IEvent> events, bool streams, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await OneReadAtATime.WaitAsync(ct);
        try
        {
            var missing = events.Where(e => Find(e, streams) is null).ToArray();
            if (missing.Length > 0) Share(await BatchReads.Load(session, missing, streams, ct));
        }
        finally
        {
            OneReadAtATime.Release();
        }
    }

    private static readonly SemaphoreSlim OneReadAtATime = new(1, 1);

    /// <summary>The streams (up to each event) of the events <paramref name="needsStream"/> picks, and the account facts of the others.</summary>
    public async Task Enrich(IQuerySession session, IReadOnlyList<IEvent> events, Func<IEvent, bool> needsStream, CancellationToken ct)
    {
        await Enrich(session, events.Where(needsStream).ToArray(), streams: true, ct);
        await Enrich(session, events.Where(e => !needsStream(e)).ToArray(), streams: false, ct);
    }

    /// <summary>Hands <paramref name="reads"/> to every projection given the events it covers.</summary>
    public static void Share(BatchReads reads)
    {
        lock (Latest)
        {
            Latest.AddFirst(reads);
            while (Latest.Count > Kept) Latest.RemoveLast();
        }
    }

    /// <summary>Whether the latest reads hold <paramref name="e"/>'s stream up to it.</summary>
    public bool HoldsStream(IEvent e) => Find(e, streams: true) is not null;

    /// <summary>The latest reads that answer for <paramref name="e"/>, its stream's events if any holds them.</summary>
    public BatchReads? this[IEvent e] => Find(e, streams: true) ?? Find(e, streams: false);

    private static BatchReads? Find(IEvent e, bool streams)
    {
        lock (Latest)
            foreach (var reads in Latest)
                if (reads.Covers(e, streams)) return reads;
        return null;
    }
}
