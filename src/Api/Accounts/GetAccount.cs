using GasLedger.Api.Parties;
using GasLedger.Domain.Parties;
using Marten;

namespace GasLedger.Api.Accounts;

/// <summary>账户 — reading one account.</summary>
public static class GetAccountEndpoint
{
    public const string Route = "GET /api/accounts/{accountId}";

    /// <summary>账户 — one account as it is now, or as it stood at a past time.</summary>
    /// <remarks>
    /// The account now, from the snapshot written in the same transaction as its events (a client reads its own write),
    /// or as of a past business time (<c>asOf</c>, a date or an ISO 8601 time with offset), folded from its stream. The
    /// holder and address are masked; <c>unmasked=true</c> shows them in full to administrators, agents, and customer
    /// managers for key accounts (others: 403), and writes one entry to the party access log (R-INT-2). 400 when
    /// <c>asOf</c> does not parse; 404 when there is no such account, or it had not been applied for by <c>asOf</c>.
    /// </remarks>
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
