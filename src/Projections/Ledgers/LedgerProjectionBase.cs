using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// What every ledger row says of its account: the account number (户号) and district, fixed at application (a
/// transfer changes the holder only), so a rebuild reads the same values.
/// </summary>
public sealed record LedgerAccount(Guid AccountId, string Number, string District)
{
    /// <summary>From the account's stream: its first event is the application that carries the number and address.</summary>
    public static LedgerAccount Of(IReadOnlyList<IEvent> stream) => stream switch
    {
        [{ Data: ApplicationSubmitted a } first, ..] => new LedgerAccount(first.StreamId, a.AccountNumber, a.Address.District),
        [var first, ..] => new LedgerAccount(first.StreamId, "", ""),
        _ => new LedgerAccount(Guid.Empty, "", ""),
    };

    /// <summary>What a row keeps of its account.</summary>
    public static LedgerAccount Of(ILedgerRow row) => new(row.AccountId, row.AccountNumber, row.District);

    /// <summary>From the account's first event (<see cref="AccountFacts"/>), for a row made of one event.</summary>
    public static async Task<LedgerAccount> Load(SharedReads shared, IQuerySession session, IEvent e, CancellationToken ct) =>
        await shared.Account(session, e, ct) is { } account
            ? new LedgerAccount(e.StreamId, account.Number, account.Address.District)
            : new LedgerAccount(e.StreamId, "", "");
}

/// <summary>Business time and who recorded an event: the only times and names a ledger row takes.</summary>
public static class LedgerEvent
{
    /// <summary>When it happened in the world (never the clock, never the storage timestamp).</summary>
    public static DateTimeOffset At(this IEvent e) => ((IAccountEvent)e.Data).OccurredAt;

    /// <summary>The staff id of the credentials that recorded the event.</summary>
    public static string By(this IEvent e) => e.UserName ?? "";
}

/// <summary>
/// What every ledger row keeps of its account (<see cref="LedgerAccount"/>), so a later event of the work needs nothing
/// else read.
/// </summary>
public interface ILedgerRow
{
    Guid AccountId { get; }
    string AccountNumber { get; }
    string District { get; }
}

/// <summary>
/// An async ledger whose rows are pieces of work that several events of an account make up over time (a complaint
/// filed, replied to, resolved …). Each row is a fold of its work's events (<see cref="Apply"/>, pure): an event is
/// applied to the row as the events before it left it — the row stored by an earlier batch (the batch's rows are read
/// in one query when it is enriched), or, within a batch, the row the previous event of the work made. Nothing reads
/// an account's history but the events that need more than their own work (<see cref="NeedsHistory"/>: a hazard takes
/// its finder from the visit before it) and a work whose row is missing (a ledger added to a database that has events);
/// these fold the work from the account's stream up to the event (<see cref="Fold"/>), with the same result. A rebuild,
/// which holds whole streams, folds from them.
/// </summary>
public abstract class WorkLedgerProjection<TRow> : EventProjection where TRow : class, ILedgerRow
{
    protected WorkLedgerProjection(SharedReads shared, string name, params Type[] eventTypes)
    {
        _shared = shared;
        Name = name;
        foreach (var type in eventTypes) IncludeType(type);
        RegisterPublishedType(typeof(TRow));
        Options.DeleteViewTypeOnTeardown<TRow>();
        Options.BatchSize = LedgerProjections.BatchSize;
    }

    private readonly SharedReads _shared;
    private BatchRows? _rows;

    /// <summary>The id of the work this event belongs to in this ledger, or null when the ledger does not keep it.</summary>
    public abstract Guid? WorkOf(IEvent e);

    /// <summary>The id of a row's work (its document id).</summary>
    public abstract Guid IdOf(TRow row);

    /// <summary>
    /// The row after <paramref name="e"/>, an event of its work, given the row before it (null if the work has not begun)
    /// and the account (needed by the event that begins the row). Null when the event does not begin a row.
    /// </summary>
    public abstract TRow? Apply(TRow? row, IEvent e, LedgerAccount account);

    /// <summary>
    /// Whether the row after <paramref name="e"/> needs the account's events besides the work's own: then it is folded
    /// from the stream.
    /// </summary>
    public virtual bool NeedsHistory(IEvent e) => false;

    /// <summary>The row of one piece of work, folded from the account's events in order; null if it has not begun.</summary>
    public virtual TRow? Fold(Guid workId, IReadOnlyList<IEvent> stream)
    {
        var account = LedgerAccount.Of(stream);
        TRow? row = null;
        foreach (var e in stream)
            if (WorkOf(e) == workId) row = Apply(row, e, account);
        return row;
    }

    /// <summary>
    /// The rows of the batch's works, read in one query, and the account facts of those not begun; or, where whole
    /// streams are held (a rebuild), nothing more. The history-needing events' streams are read once for the batch.
    /// </summary>
    public override async Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var mine = events.Where(e => WorkOf(e) is not null).ToArray();
        if (mine.Length == 0) return;
        var rows = new BatchRows(mine.Min(e => e.Sequence), mine.Max(e => e.Sequence));
        var history = mine.Where(NeedsHistory).ToArray();
        if (history.Length > 0) await _shared.Enrich(session, history, streams: true, ct);
        var fromRows = mine.Where(e => !NeedsHistory(e) && !_shared.HoldsStream(e)).ToArray();
        if (fromRows.Length > 0)
        {
            var ids = fromRows.Select(e => WorkOf(e)!.Value).Distinct().ToArray();
            foreach (var id in ids) rows.Rows[id] = (null, 0);
            foreach (var row in await session.LoadManyAsync<TRow>(ct, ids)) rows.Rows[IdOf(row)] = (row, 0);
            // The account facts of the works not begun: the event that begins a row names its account's number and district.
            var unbegun = fromRows.Where(e => rows.Rows[WorkOf(e)!.Value].Row is null).ToArray();
            if (unbegun.Length > 0) await _shared.Enrich(session, unbegun, streams: false, ct);
        }
        _rows = rows;
    }

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (WorkOf(e) is not { } work) return;
        var row = await SteppedOn(work, e, ops, ct) ?? Fold(work, await _shared.Stream(ops, e, e.Version, ct));
        if (_rows is { } rows && rows.Holds(e)) rows.Rows[work] = (row, e.Version);
        if (row is not null) ops.Store(row);
    }

    /// <summary>
    /// The row after <paramref name="e"/>, applied to the row before it; null when it is to be folded from the stream
    /// instead: the event needs the history, the whole stream is held (a rebuild), the batch does not know the row
    /// before, or there is none and this event does not begin one.
    /// </summary>
    private async ValueTask<TRow?> SteppedOn(Guid work, IEvent e, IQuerySession session, CancellationToken ct)
    {
        if (NeedsHistory(e) || _shared.HoldsStream(e) || Before(work, e) is not { } before) return null;
        return before.Row is { } row
            ? Apply(row, e, LedgerAccount.Of(row))
            : Apply(null, e, await LedgerAccount.Load(_shared, session, e, ct));
    }

    /// <summary>The row as the work's events before <paramref name="e"/> left it, if this batch knows it.</summary>
    private (TRow? Row, long Version)? Before(Guid work, IEvent e) =>
        _rows is { } rows && rows.Holds(e) && rows.Rows.TryGetValue(work, out var before) && before.Version < e.Version ? before : null;

    /// <summary>
    /// The rows of one batch (events <c>Floor</c> to <c>Ceiling</c>): as stored before it, then as its events left them
    /// (with the version of the last).
    /// </summary>
    private sealed record BatchRows(long Floor, long Ceiling)
    {
        public readonly Dictionary<Guid, (TRow? Row, long Version)> Rows = new();
        public bool Holds(IEvent e) => Floor <= e.Sequence && e.Sequence <= Ceiling;
    }
}

/// <summary>
/// An async ledger whose rows are each made of one event (a transfer, a callback, a charge). Subclasses are
/// <c>partial</c>: the JasperFx source generator then registers the row type their <c>ApplyAsync</c> stores (JFXEVT006).
/// </summary>
public abstract class EventLedgerProjection<TRow> : EventProjection where TRow : class
{
    protected EventLedgerProjection(SharedReads shared, string name, params Type[] eventTypes)
    {
        Shared = shared;
        Name = name;
        foreach (var type in eventTypes) IncludeType(type);
        Options.DeleteViewTypeOnTeardown<TRow>();
        Options.BatchSize = LedgerProjections.BatchSize;
    }

    /// <summary>The reads this ledger shares with the other members of the composite.</summary>
    protected SharedReads Shared { get; }

    /// <summary>Whether a row of this event needs the account's stream before it, not only its snapshot.</summary>
    protected virtual bool NeedsStream(IEvent e) => false;

    /// <summary>Whether the ledger follows events of <paramref name="e"/>'s type (the types it includes).</summary>
    protected bool Follows(IEvent e) => IncludedEventTypes.Contains(e.EventType);

    /// <summary>Whether this event, of a type the ledger follows, makes a row (the others need nothing read).</summary>
    protected virtual bool MakesRow(IEvent e) => true;

    /// <summary>
    /// The events of a batch this ledger makes rows of. A member of the <c>ReadModels</c> composite is handed the whole
    /// batch to enrich, whatever types it follows: the others need nothing read.
    /// </summary>
    public IEnumerable<IEvent> RowsOf(IEnumerable<IEvent> events) => events.Where(e => Follows(e) && MakesRow(e));

    /// <summary>Whether a row of <paramref name="e"/> is folded from the account's stream before it.</summary>
    public bool ReadsStreamFor(IEvent e) => Follows(e) && MakesRow(e) && NeedsStream(e);

    /// <summary>
    /// The batch's account facts, and the streams of the events that need them, read once for the batch
    /// (<see cref="BatchReads"/>).
    /// </summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Shared.Enrich(session, RowsOf(events).ToArray(), NeedsStream, ct);
}
