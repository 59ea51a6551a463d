using GasLedger.Domain;
using GasLedger.Projections.Ledgers;
using Marten.Events.Projections;

namespace GasLedger.Projections;

/// <summary>
/// A member of the <c>ReadModels</c> composite that is not a ledger: the events it is handed, the documents it writes,
/// the policy its pure functions take and the reads it shares with the other members (<see cref="SharedReads"/>), at
/// the batch size the shared reads are tuned for.
/// </summary>
public abstract class ReadModelMember : EventProjection
{
    protected ReadModelMember(ServicePolicy policy, SharedReads shared, Type[] events, params Type[] documents)
    {
        Policy = policy;
        Shared = shared;
        foreach (var type in events) IncludeType(type);
        Options.BatchSize = LedgerProjections.BatchSize;
        foreach (var type in documents) RegisterPublishedType(type);
    }

    protected ServicePolicy Policy { get; }
    protected SharedReads Shared { get; }

    // The batch's last event of each account, for members that write an account's rows whole from its last event.
    private Dictionary<Guid, long> _lastOfBatch = new();

    /// <summary>Notes the last of <paramref name="events"/> of each account (the daemon enriches a batch, then applies it).</summary>
    protected void NoteLastOfBatch(IEnumerable<JasperFx.Events.IEvent> events)
    {
        var last = new Dictionary<Guid, long>();
        foreach (var e in events) last[e.StreamId] = Math.Max(last.GetValueOrDefault(e.StreamId), e.Sequence);
        _lastOfBatch = last;
    }

    /// <summary>Whether a later event of the batch, of the same account, writes everything this one would.</summary>
    protected bool Superseded(JasperFx.Events.IEvent e) => _lastOfBatch.GetValueOrDefault(e.StreamId) > e.Sequence;
}
