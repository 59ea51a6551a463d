using JasperFx.Events;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// What an async projection reads besides its events — the account's facts (<see cref="AccountFacts"/>, from its first
/// event) and the account's stream up to an event — read once for a whole batch of the daemon instead of once per
/// event: one query for the first events of the batch's accounts not known yet (<see cref="KnownFacts"/>) and, where
/// history is needed, one for their streams up to the batch's last event. The projections of the <c>ReadModels</c>
/// composite are handed the same events, so what one reads the next finds already read (<see cref="Batches"/>). An
/// event that was not enriched (a caller outside the daemon) is answered by reading per event, with the same result.
/// </summary>
public sealed class BatchReads
{
    private readonly HashSet<Guid> _ids;
    private readonly long _ceiling;
    private readonly IReadOnlyDictionary<Guid, AccountFacts> _accounts;
    private readonly IReadOnlyDictionary<Guid, IEvent[]> _streams;

    private BatchReads(HashSet<Guid> ids, long ceiling, IReadOnlyDictionary<Guid, AccountFacts> accounts, IReadOnlyDictionary<Guid, IEvent[]> streams)
    {
        _ids = ids;
        _ceiling = ceiling;
        _accounts = accounts;
        _streams = streams;
    }

    /// <summary>The streams of <paramref name="events"/>' accounts up to the last of them, and their facts.</summary>
    public static async Task<BatchReads> Load(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var ids = events.Select(e => e.StreamId).ToHashSet();
        var list = ids.ToArray();
        var ceiling = events.Max(e => e.Sequence);
        // By stream id only, so PostgreSQL takes the (stream_id, version) index; a bound on seq_id in the query made it
        // walk the sequence index from the start of the log, every batch. Later events are dropped here.
        var rows = await session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(list)).ToListAsync(ct);
        var histories = rows.Where(x => x.Sequence <= ceiling).GroupBy(x => x.StreamId)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Version).ToArray());
        var accounts = histories.Values.Select(s => AccountFacts.From(s[0])).OfType<AccountFacts>().ToDictionary(a => a.Id);
        KnownFacts.Add(accounts.Values);
        return new BatchReads(ids, ceiling, accounts, histories);
    }

    /// <summary>The facts of the accounts of <paramref name="events"/> not known yet, read in one query (their first events).</summary>
    public static async Task LoadFacts(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var list = events.Select(e => e.StreamId).Where(id => KnownFacts.Get(id) is null).Distinct().ToArray();
        if (list.Length == 0) return;
        var firsts = await session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(list) && x.Version == 1).ToListAsync(ct);
        KnownFacts.Add(firsts.Select(AccountFacts.From).OfType<AccountFacts>());
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

    /// <summary>Whether what was read holds <paramref name="e"/>'s stream up to it.</summary>
    public bool Covers(IEvent e) => _ids.Contains(e.StreamId) && e.Sequence <= _ceiling;

    /// <summary>The account's facts, as <see cref="AccountFacts.Of"/> reads them: from the streams read, else from those known.</summary>
    public static async Task<AccountFacts?> Account(BatchReads? reads, IQuerySession session, IEvent e, CancellationToken ct)
    {
        if (reads is not null && reads._ids.Contains(e.StreamId)) return reads._accounts.GetValueOrDefault(e.StreamId);
        if (KnownFacts.Get(e.StreamId) is { } known) return known;
        var read = await AccountFacts.Of(session, e.StreamId, ct);
        if (read is not null) KnownFacts.Add([read]);
        return read;
    }

    /// <summary>The events of <paramref name="e"/>'s stream with versions up to <paramref name="through"/>.</summary>
    public static async Task<IReadOnlyList<IEvent>> Stream(BatchReads? reads, IQuerySession session, IEvent e, long through, CancellationToken ct)
    {
        if (through < 1) return [];
        if (reads is not null && reads.Covers(e) && reads._streams.GetValueOrDefault(e.StreamId) is { } stream
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
    /// Reads the streams (up to each event) of <paramref name="events"/> that the latest reads do not hold, or, unless
    /// <paramref name="streams"/>, only the facts of their accounts not known yet. One read at a time: the members of a
    /// composite enrich a batch side by side, and each then finds what the others read instead of reading it again.
    /// </summary>
    public async Task Enrich(IQuerySession session, IReadOnlyList<IEvent> events, bool streams, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await OneReadAtATime.WaitAsync(ct);
        try
        {
            // The facts of an account whose stream is held are in what holds it (a rebuild's pages): nothing to read.
            if (!streams) await BatchReads.LoadFacts(session, events.Where(e => Find(e) is null).ToArray(), ct);
            else if (events.Where(e => Find(e) is null).ToArray() is { Length: > 0 } missing) Share(await BatchReads.Load(session, missing, ct));
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
    public bool HoldsStream(IEvent e) => Find(e) is not null;

    /// <summary>The latest reads that hold <paramref name="e"/>'s stream up to it, if any.</summary>
    public BatchReads? this[IEvent e] => Find(e);

    private static BatchReads? Find(IEvent e)
    {
        lock (Latest)
            foreach (var reads in Latest)
                if (reads.Covers(e)) return reads;
        return null;
    }
}

/// <summary>
/// The facts of the accounts read lately. They are fixed at application (<see cref="AccountFacts"/>), so once read they
/// hold for good: the daemon reads an account's first event once, not once a batch. Kept for up to
/// <see cref="Bound"/> accounts, then forgotten all at once and read again as needed (memory stays flat).
/// </summary>
public static class KnownFacts
{
    public const int Bound = 100_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, AccountFacts> Facts = new();

    public static AccountFacts? Get(Guid accountId) => Facts.GetValueOrDefault(accountId);

    public static void Add(IEnumerable<AccountFacts> facts)
    {
        if (Facts.Count >= Bound) Facts.Clear();
        foreach (var f in facts) Facts[f.Id] = f;
    }
}
