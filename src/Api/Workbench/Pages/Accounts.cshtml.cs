using GasLedger.Api.Accounts;
using GasLedger.Api.Parties;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>客户 — finding accounts by number, holder's phone or name, or district: always masked, as the API answers.</summary>
public sealed class AccountsModel(IQuerySession session, PartyVault vault) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? Phone { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The page of accounts found (null before a search, or when it was refused), and where it stands.</summary>
    public IReadOnlyList<AccountSummary>? Found { get; private set; }
    public (int Page, int Size, long Total) Paging { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/accounts")) return Forbid(Workbench.Scheme);
        if (new[] { Number, Phone, Name, District }.All(string.IsNullOrWhiteSpace)) return Page(); // nothing asked yet
        if (Value<Paged<AccountSummary>>(await SearchAccountsEndpoint.Get(Blank(Number), Blank(Phone), Blank(Name), null, Blank(District),
                PageNumber, 50, session, vault, ct)) is { } paged)
            (Found, Paging) = (paged.Items, (paged.Page, paged.PageSize, paged.Total));
        return Page();
    }
}
