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

    /// <summary>From the account's first event (<see cref="AccountFacts"/>), for a row made of one event.</summary>
    public static async Task<LedgerAccount> Load(BatchReads? reads, IQuerySession session, IEvent e, CancellationToken ct) =>
        await BatchReads.Account(reads, session, e, ct) is { } account
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
/// An async ledger whose rows are pieces of work that several events of an account make up over time (a complaint
/// filed, replied to, resolved …). Each event of the work refolds the work's row from the account's stream up to that
/// event, and stores it whole. The row is then a pure function of committed events: the same whatever way the daemon
/// cuts its batches (a row written earlier in the same batch is not read back), and the same on a rebuild from zero.
/// </summary>
public abstract class WorkLedgerProjection<TRow> : EventProjection where TRow : class
{
    protected WorkLedgerProjection(string name, params Type[] eventTypes)
    {
        Name = name;
        foreach (var type in eventTypes) IncludeType(type);
        RegisterPublishedType(typeof(TRow));
        Options.DeleteViewTypeOnTeardown<TRow>();
        Options.BatchSize = LedgerProjections.BatchSize;
    }

    private readonly Batches _batches = new();

    /// <summary>The streams of the batch's accounts, read once for the batch (<see cref="BatchReads"/>).</summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        _batches.Enrich(session, events, streams: true, ct);

    /// <summary>The id of the work this event belongs to in this ledger, or null when the ledger does not keep it.</summary>
    public abstract Guid? WorkOf(IEvent e);

    /// <summary>The row of one piece of work, folded from the account's events in order; null if it has not begun.</summary>
    public abstract TRow? Fold(Guid workId, IReadOnlyList<IEvent> stream);

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        if (WorkOf(e) is not { } work) return;
        var stream = await BatchReads.Stream(_batches[e], ops, e, e.Version, ct);
        if (Fold(work, stream) is { } row) ops.Store(row);
    }
}

/// <summary>
/// An async ledger whose rows are each made of one event (a transfer, a callback, a charge). Subclasses are
/// <c>partial</c>: the JasperFx source generator then registers the row type their <c>ApplyAsync</c> stores (JFXEVT006).
/// </summary>
public abstract class EventLedgerProjection<TRow> : EventProjection where TRow : class
{
    protected EventLedgerProjection(string name, params Type[] eventTypes)
    {
        Name = name;
        foreach (var type in eventTypes) IncludeType(type);
        Options.DeleteViewTypeOnTeardown<TRow>();
        Options.BatchSize = LedgerProjections.BatchSize;
    }

    protected readonly Batches Batches = new();

    /// <summary>Whether a row of this event needs the account's stream before it, not only its snapshot.</summary>
    protected virtual bool NeedsStream(IEvent e) => false;

    /// <summary>Whether this event makes a row (the others need nothing read).</summary>
    protected virtual bool MakesRow(IEvent e) => true;

    /// <summary>The batch's account snapshots (and streams, where needed), read once for the batch (<see cref="BatchReads"/>).</summary>
    public override async Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var rows = events.Where(MakesRow).ToArray();
        await Batches.Enrich(session, rows, rows.Any(NeedsStream), ct);
    }
}
