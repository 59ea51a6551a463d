using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Parties;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace GasLedger.Api.Accounts;

/// <summary>
/// <c>GET /api/accounts/{accountId}</c>: the account now, from the inline snapshot written in the same transaction as
/// its events (a client reads its own write), or as of a past business time (<c>?asOf=</c>), folded from the stream.
/// </summary>
public static class GetAccountEndpoint
{
    [WolverineGet("/api/accounts/{accountId}"), ProducesResponseType<AccountView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid accountId, string? asOf, IQuerySession session, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        if (!AsOf.TryParse(asOf, policy, out var at)) return AsOf.Invalid();

        Account? account;
        if (at is null) account = await session.LoadAsync<Account>(accountId, ct);
        else
        {
            var events = await session.Events.FetchStreamAsync(accountId, token: ct);
            if (events.Count == 0) return Problems.NotFound($"No account {accountId}.");
            if (AsOf.VersionAt(events, at.Value) is not { } version)
                return Problems.NotFound($"Account {accountId} had not been applied for by {at:O}.");
            account = await session.Events.AggregateStreamAsync<Account>(accountId, version, token: ct);
        }
        if (account is null) return Problems.NotFound($"No account {accountId}.");

        var holder = await session.LoadAsync<Party>(account.HolderPartyId, ct);
        return Results.Ok(AccountView.Of(account, holder, at, clock.GetUtcNow(), policy));
    }
}
