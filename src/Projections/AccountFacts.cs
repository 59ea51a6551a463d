using GasLedger.Domain.Accounts;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// What a read model row needs to know of the account an event belongs to (number, district, category, holder):
/// read from the account's inline snapshot. These facts are fixed at application (a transfer changes the holder only),
/// so a rebuild a year later reads the same values.
/// </summary>
public static class AccountFacts
{
    public static Task<Account?> Of(IQuerySession session, Guid accountId, CancellationToken ct) => session.LoadAsync<Account>(accountId, ct);
}
