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
}
