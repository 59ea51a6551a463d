using GasLedger.Api.Security;
using Marten;

namespace GasLedger.Api.Parties;

public sealed record PartyErased(Guid PartyId, Guid AccountId, DateTimeOffset ErasedAt, string ErasedBy);

/// <summary>删除个人信息 — erasing a party.</summary>
public static class ErasePartyEndpoint
{
    public const string Route = "POST /api/admin/parties/{partyId}/erase";

    /// <summary>删除个人信息 — erase a party's personal data once its retention has passed.</summary>
    /// <remarks>
    /// Crypto-shredding of a party of a closed account whose retention (the policy's retention years after the closure)
    /// has passed. The record's wrapped data key, ciphertext and search hashes are destroyed; the record stays, marked
    /// erased with when and by whom, and the erasure is written to the party access log in the same transaction. No
    /// event is appended nor rewritten: events name the party by id only (R-ACC-4), so the history and the ledgers
    /// still read, showing the party as erased, and every seal still holds. Erasing again: 200 with the first erasure.
    /// 404 when there is no such party; 409 when the account is not closed, or the retention has not passed (the detail
    /// says until when).
    /// </remarks>
    [WolverinePost("/api/admin/parties/{partyId}/erase"), ProducesResponseType<PartyErased>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid partyId, HttpContext http, IDocumentSession session, ServicePolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var record = await session.LoadAsync<PartyRecord>(partyId, ct);
        if (record is null) return Problems.NotFound($"No party {partyId}.");
        if (record.Erased) return Results.Ok(new PartyErased(record.Id, record.AccountId, record.ErasedAt!.Value, record.ErasedBy ?? ""));

        var account = await session.LoadAsync<Account>(record.AccountId, ct);
        if (account is null) return Problems.NotFound($"No account {record.AccountId} for party {partyId}.");
        var now = clock.GetUtcNow();
        if (Refusal(account, now, policy) is { } refusal) return Problems.Conflict(refusal);

        var by = http.User.StaffId() ?? "?";
        session.Store(PartyVault.Erase(record, now, by));
        AccessLog.Queue(session, AccessLog.Entry(http.User, now, AccessLog.Erase, partyId, account.Id, Route));
        await session.SaveChangesAsync(ct);
        return Results.Ok(new PartyErased(partyId, account.Id, now, by));
    }

    /// <summary>Why a party of this account may not be erased yet; null when it may.</summary>
    public static string? Refusal(Account account, DateTimeOffset now, ServicePolicy policy)
    {
        if (account.Status != AccountStatus.Closed || account.ClosedAt is not { } closedAt)
            return $"Account {account.Number} is {GasLedger.Domain.Accounts.WireNames.Of(account.Status.ToString())}: a party is erased only once its account is closed " +
                   $"and {policy.PartyRetentionYears} years have passed.";
        var until = closedAt.AddYears(policy.PartyRetentionYears);
        return now < until
            ? $"Account {account.Number} was closed on {policy.LocalDate(closedAt):yyyy-MM-dd}; its parties are kept {policy.PartyRetentionYears} years, " +
              $"until {policy.LocalDate(until):yyyy-MM-dd}, and may be erased from then on."
            : null;
    }
}
