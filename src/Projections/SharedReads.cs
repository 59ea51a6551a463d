using JasperFx.Events;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// What an async projection reads besides its events — the account's facts (<see cref="AccountFacts"/>, from its first
/// event) and the account's stream up to an event — read once for a whole batch of the daemon instead of once per
/// event: one query for the first events of the batch's accounts not known yet (<see cref="KnownFacts"/>) and, where
/// history is needed, one for their streams up to the batch's last event. The projections of the <c>ReadModels</c>
/// composite are handed the same events, so what one reads the next finds already read (<see cref="SharedReads"/>).
/// </summary>
public sealed class BatchReads
{
    private readonly HashSet<Guid> _ids;
    private readonly long _ceiling;
    private readonly IReadOnlyDictionary<Guid, AccountFacts> _accounts;
    private readonly IReadOnlyDictionary<Guid, IEvent[]> _streams;

    private BatchReads(HashSet<Guid> ids, long ceiling, IReadOnlyDictionary<Guid, AccountFacts> accounts,
        IReadOnlyDictionary<Guid, IEvent[]> streams)
    {
        _ids = ids;
        _ceiling = ceiling;
        _accounts = accounts;
        _streams = streams;
    }

    /// <summary>The streams of <paramref name="events"/>' accounts up to the last of them, and their facts.</summary>
    public static async Task<BatchReads> Load(IQuerySession session, IReadOnlyList<IEvent> events, KnownFacts known, CancellationToken ct)
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
        known.Add(accounts.Values);
        return new BatchReads(ids, ceiling, accounts, histories);
    }

    /// <summary>The facts of the accounts of <paramref name="events"/> not known yet, read in one query (their first events).</summary>
    public static async Task LoadFacts(IQuerySession session, IReadOnlyList<IEvent> events, KnownFacts known, CancellationToken ct)
    {
        var list = events.Select(e => e.StreamId).Where(id => known.Get(id) is null).Distinct().ToArray();
        if (list.Length == 0) return;
        var firsts = await session.Events.QueryAllRawEvents().Where(x => x.StreamId.IsOneOf(list) && x.Version == 1).ToListAsync(ct);
        known.Add(firsts.Select(AccountFacts.From).OfType<AccountFacts>());
    }

    /// <summary>
    /// What whole streams already in memory, each in version order, answer (a rebuild that reads every event of its
    /// accounts): nothing more is read, and <see cref="SharedReads.Share"/> hands it to the projections given those events.
    /// </summary>
    public static BatchReads Whole(IReadOnlyList<IReadOnlyList<IEvent>> streams)
    {
        var byId = streams.Where(s => s.Count > 0).ToDictionary(s => s[0].StreamId, s => s as IEvent[] ?? s.ToArray());
        var accounts = byId.Values.Select(s => AccountFacts.From(s[0])).OfType<AccountFacts>().ToDictionary(a => a.Id);
        return new BatchReads(byId.Keys.ToHashSet(), byId.Values.Select(s => s[^1].Sequence).DefaultIfEmpty(0).Max(), accounts, byId);
    }

    /// <summary>Whether what was read holds <paramref name="e"/>'s stream up to it.</summary>
    public bool Covers(IEvent e) => _ids.Contains(e.StreamId) && e.Sequence <= _ceiling;

    /// <summary>The account's facts held here for <paramref name="e"/>'s account, if its stream was read.</summary>
    public bool TryAccount(IEvent e, out AccountFacts? facts)
    {
        facts = _accounts.GetValueOrDefault(e.StreamId);
        return _ids.Contains(e.StreamId);
    }

    /// <summary>The first <paramref name="through"/> events of <paramref name="e"/>'s stream, if held here.</summary>
    public IReadOnlyList<IEvent>? StreamThrough(IEvent e, long through) =>
        Covers(e) && _streams.GetValueOrDefault(e.StreamId) is { } stream
            && stream.Length >= through && stream[through - 1].Version == through
            ? new ArraySegment<IEvent>(stream, 0, (int)through)
            : null;
}

/// <summary>
/// The reads the members of the <c>ReadModels</c> composite share (<see cref="BatchReads"/>): each batch is handed to
/// every member in turn, and what one read the next finds here. The latest few reads are kept; any of them that holds
/// an event's stream up to the event answers for it, since what it holds of the stream is the same whatever batch read
/// it. One object for one set of members, made with them (<see cref="GasLedgerProjections.ReadModelMembers"/>), so the
/// stores of one process — the live one, the audit's scratch replay, a rebuild — never share reads. An event that was
/// not enriched (a caller outside the daemon) is answered by reading per event, with the same result.
/// </summary>
public sealed class SharedReads
{
    private const int Kept = 4;
    private readonly LinkedList<BatchReads> _latest = new();
    private readonly SemaphoreSlim _oneReadAtATime = new(1, 1);

    /// <summary>The facts of the accounts read lately.</summary>
    public KnownFacts Known { get; } = new();

    /// <summary>
    /// Reads the streams (up to each event) of <paramref name="events"/> that the latest reads do not hold, or, unless
    /// <paramref name="streams"/>, only the facts of their accounts not known yet. One read at a time: the members of a
    /// composite enrich a batch side by side, and each then finds what the others read instead of reading it again.
    /// </summary>
    public async Task Enrich(IQuerySession session, IReadOnlyList<IEvent> events, bool streams, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await _oneReadAtATime.WaitAsync(ct);
        try
        {
            // The facts of an account whose stream is held are in what holds it (a rebuild's pages): nothing to read.
            if (!streams) await BatchReads.LoadFacts(session, events.Where(e => Find(e) is null).ToArray(), Known, ct);
            else if (events.Where(e => Find(e) is null).ToArray() is { Length: > 0 } missing)
                Share(await BatchReads.Load(session, missing, Known, ct));
        }
        finally
        {
            _oneReadAtATime.Release();
        }
    }

    /// <summary>
    /// The streams (up to each event) of the events <paramref name="needsStream"/> picks, and the account facts of the
    /// others.
    /// </summary>
    public async Task Enrich(IQuerySession session, IReadOnlyList<IEvent> events, Func<IEvent, bool> needsStream, CancellationToken ct)
    {
        await Enrich(session, events.Where(needsStream).ToArray(), streams: true, ct);
        await Enrich(session, events.Where(e => !needsStream(e)).ToArray(), streams: false, ct);
    }

    /// <summary>Hands <paramref name="reads"/> to every projection given the events it covers.</summary>
    public void Share(BatchReads reads)
    {
        lock (_latest)
        {
            _latest.AddFirst(reads);
            while (_latest.Count > Kept) _latest.RemoveLast();
        }
    }

    /// <summary>Whether the latest reads hold <paramref name="e"/>'s stream up to it.</summary>
    public bool HoldsStream(IEvent e) => Find(e) is not null;

    /// <summary>The account's facts, as <see cref="AccountFacts.Of"/> reads them: from the streams read, else from those known.</summary>
    public async Task<AccountFacts?> Account(IQuerySession session, IEvent e, CancellationToken ct)
    {
        if (Find(e) is { } reads && reads.TryAccount(e, out var held)) return held;
        if (Known.Get(e.StreamId) is { } known) return known;
        var read = await AccountFacts.Of(session, e.StreamId, ct);
        if (read is not null) Known.Add([read]);
        return read;
    }

    /// <summary>The events of <paramref name="e"/>'s stream with versions up to <paramref name="through"/>.</summary>
    public async Task<IReadOnlyList<IEvent>> Stream(IQuerySession session, IEvent e, long through, CancellationToken ct)
    {
        if (through < 1) return [];
        return Find(e)?.StreamThrough(e, through) ?? await session.Events.FetchStreamAsync(e.StreamId, through, token: ct);
    }

    private BatchReads? Find(IEvent e)
    {
        lock (_latest)
            foreach (var reads in _latest)
                if (reads.Covers(e)) return reads;
        return null;
    }
}

/// <summary>
/// The facts of the accounts read lately. They are fixed at application (<see cref="AccountFacts"/>), so once read they
/// hold for good: the daemon reads an account's first event once, not once a batch. Kept for up to
/// <see cref="Bound"/> accounts, then forgotten all at once and read again as needed (memory stays flat).
/// </summary>
public sealed class KnownFacts
{
    public const int Bound = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, AccountFacts> _facts = new();

    public AccountFacts? Get(Guid accountId) => _facts.GetValueOrDefault(accountId);

    public void Add(IEnumerable<AccountFacts> facts)
    {
        if (_facts.Count >= Bound) _facts.Clear();
        foreach (var f in facts) _facts[f.Id] = f;
    }
}
