using GasLedger.Api.Parties;
using GasLedger.Domain.Parties;
using Marten.Pagination;
using Marten;

namespace GasLedger.Api.Accounts;

public sealed record AccountSummary(Guid AccountId, string Number, AccountStatus State, CustomerCategory Category, Address Address,
    HolderView Holder, long Version);

/// <summary>查询 — searching accounts.</summary>
public static class SearchAccountsEndpoint
{
    /// <summary>查询 — find accounts by number, holder's phone, name or ID number, or district.</summary>
    /// <remarks>
    /// Accounts matching every criterion given, ordered by account number, paged. Phone, name (the full name) and ID
    /// number match the current holder exactly, by the keyed hashes of the encrypted party records. Holders and
    /// addresses are masked.
    /// </remarks>
    [WolverineGet("/api/accounts"), ProducesResponseType<Paged<AccountSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? number, string? phone, string? name, string? idNumber, string? district, int? page,
        int? pageSize, IQuerySession session, PartyVault vault, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.ReadClamped(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var query = session.Query<Account>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(number)) query = query.Where(a => a.Number == number.Trim());
        if (!string.IsNullOrWhiteSpace(district)) query = query.Where(a => a.Address.District == district.Trim());
        if (!string.IsNullOrWhiteSpace(phone) || !string.IsNullOrWhiteSpace(name) || !string.IsNullOrWhiteSpace(idNumber))
        {
            var parties = session.Query<PartyRecord>().AsQueryable();
            if (!string.IsNullOrWhiteSpace(phone))
            {
                var hash = vault.SearchHash(PartyVault.SearchField.Phone, phone) ?? "-";
                parties = parties.Where(p => p.PhoneHash == hash);
            }
            if (!string.IsNullOrWhiteSpace(name))
            {
                var hash = vault.SearchHash(PartyVault.SearchField.Name, name) ?? "-";
                parties = parties.Where(p => p.NameHash == hash);
            }
            if (!string.IsNullOrWhiteSpace(idNumber))
            {
                var hash = vault.SearchHash(PartyVault.SearchField.IdNumber, idNumber) ?? "-";
                parties = parties.Where(p => p.IdNumberHash == hash);
            }
            var ids = (await parties.Select(p => p.Id).ToListAsync(ct)).ToArray();
            query = query.Where(a => a.HolderPartyId.IsOneOf(ids));
        }

        var found = await query.OrderBy(a => a.Number).ToPagedListAsync(pageNumber, size, ct);
        var records = await session.LoadManyAsync<PartyRecord>(ct, found.Select(a => a.HolderPartyId).ToArray());
        var byId = records.ToDictionary(p => p.Id);
        var items = found.Select(a =>
        {
            var record = byId.GetValueOrDefault(a.HolderPartyId);
            return new AccountSummary(a.Id, a.Number, a.Status, a.Category, Masking.Address(a.Address),
                AccountView.HolderOf(a, record, record is null ? null : vault.Unlock(record), Disclosure.Masked), a.Version);
        }).ToArray();
        return Results.Ok(new Paged<AccountSummary>(items, pageNumber, size, found.TotalItemCount));
    }
}
