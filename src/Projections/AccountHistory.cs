using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// An account's events up to an event, read from its stream: the account as it stood when the event happened, which a
/// rebuild a year later reads the same (the live snapshot would have moved on).
/// </summary>
public static class AccountHistory
{
    /// <summary>The events of <paramref name="e"/>'s stream before it.</summary>
    public static async Task<IReadOnlyList<StreamEvent>> Before(SharedReads shared, IQuerySession session, IEvent e,
        CancellationToken ct) =>
        Of(await shared.Stream(session, e, e.Version - 1, ct));

    private static StreamEvent[] Of(IReadOnlyList<IEvent> events) =>
        events.Where(x => x.Data is IAccountEvent).Select(x => new StreamEvent(x.Id, (IAccountEvent)x.Data)).ToArray();
}
