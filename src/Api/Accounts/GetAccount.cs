using GasLedger.Api.Parties;
using GasLedger.Domain.Parties;
using Marten;

namespace GasLedger.Api.Accounts;

/// <summary>
/// <c>GET /api/accounts/{accountId}</c>: the account now, from the inline snapshot written in the same transaction as
/// its events (a client reads its own write), or as of a past business time (<c>?asOf=</c>), folded from the stream.
/// The holder and address are masked; <c>?unmasked=true</c> shows them in full to the roles of <see cref="Unmasking"/>
/// (others: 403), and writes one entry to the party access log (R-INT-2).
/// </summary>
public static class GetAccountEndpoint
{
    public const string Route = "GET /api/accounts/{accountId}";

    [WolverineGet("/api/accounts/{accountId}"), ProducesResponseType<AccountView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid accountId, [Takes(QueryText.DateOrTime)] string? asOf, bool? unmasked, HttpContext http, IQuerySession session,
        PartyVault vault, Npgsql.NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
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

        var now = clock.GetUtcNow();
        var disclosure = unmasked == true ? Disclosure.Full : Disclosure.Masked;
        if (disclosure == Disclosure.Full && Unmasking.Refusal(http.User, account, now, policy) is { } refusal)
            return Unmasking.Forbidden(refusal);

        var record = await session.LoadAsync<PartyRecord>(account.HolderPartyId, ct);
        var holder = record is null ? null : vault.Unlock(record);
        var view = AccountView.Of(account, record, holder, disclosure, at, now, policy);
        if (disclosure == Disclosure.Full)
            await AccessLog.Write(db, AccessLog.Entry(http.User, now, AccessLog.Read, account.HolderPartyId, account.Id, Route), ct);
        return Results.Ok(view);
    }
}
