using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// What a read model row needs to know of the account an event belongs to: its number, address and category. All are
/// fixed at application (a transfer changes the holder only), so they are read from the stream's first event, never from a
/// snapshot: a rebuild a year later reads the same values, and no projection waits for another to be rebuilt.
/// </summary>
public sealed record AccountFacts(Guid Id, string Number, Address Address, CustomerCategory Category)
{
    public static AccountFacts? From(IEvent first) =>
        first.Data is ApplicationSubmitted a ? new AccountFacts(first.StreamId, a.AccountNumber, a.Address, a.Category) : null;

    public static async Task<AccountFacts?> Of(IQuerySession session, Guid accountId, CancellationToken ct) =>
        await session.Events.FetchStreamAsync(accountId, version: 1, token: ct) is [var first, ..] ? From(first) : null;
}
