using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Parties;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace GasLedger.Api.Accounts;

public sealed record AccountSummary(Guid AccountId, string Number, AccountStatus State, CustomerCategory Category, Address Address, HolderView Holder, long Version);

/// <summary>
/// <c>GET /api/accounts?number=&amp;phone=&amp;name=&amp;district=</c>: accounts matching every criterion given, by
/// account number, paged. Phone and name match the current holder's party record exactly.
/// </summary>
public static class SearchAccountsEndpoint
{
    [WolverineGet("/api/accounts"), ProducesResponseType<Paged<AccountSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? number, string? phone, string? name, string? district, int? page, int? pageSize,
        IQuerySession session, CancellationToken ct)
    {
        if (page is < 1) return Problems.Invalid(new Dictionary<string, string[]> { ["page"] = ["starts at 1."] });
        var size = AsOf.ClampPageSize(pageSize);

        var query = session.Query<Account>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(number)) query = query.Where(a => a.Number == number.Trim());
        if (!string.IsNullOrWhiteSpace(district)) query = query.Where(a => a.Address.District == district.Trim());
        if (!string.IsNullOrWhiteSpace(phone) || !string.IsNullOrWhiteSpace(name))
        {
            var parties = session.Query<Party>().AsQueryable();
            if (!string.IsNullOrWhiteSpace(phone)) parties = parties.Where(p => p.Phone == phone.Trim());
            if (!string.IsNullOrWhiteSpace(name)) parties = parties.Where(p => p.Name == name.Trim());
            var ids = (await parties.Select(p => p.Id).ToListAsync(ct)).ToArray();
            query = query.Where(a => a.HolderPartyId.IsOneOf(ids));
        }

        var found = await query.OrderBy(a => a.Number).ToPagedListAsync(page ?? 1, size, ct);
        var holders = await session.LoadManyAsync<Party>(ct, found.Select(a => a.HolderPartyId).ToArray());
        var byId = holders.ToDictionary(p => p.Id);
        var items = found.Select(a => new AccountSummary(a.Id, a.Number, a.Status, a.Category, a.Address,
            AccountView.HolderOf(a, byId.GetValueOrDefault(a.HolderPartyId)), a.Version)).ToArray();
        return Results.Ok(new Paged<AccountSummary>(items, page ?? 1, size, found.TotalItemCount));
    }
}
