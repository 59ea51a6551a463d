using GasLedger.Api.Accounts;
using GasLedger.Api.Parties;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>
/// 客户档案 — one account: its header, its open work and time limits, and its history as a timeline (business time and
/// recorded time, who recorded each event, its correlation and cause), as it stood on any date (<c>asOf</c>). Masked,
/// as the API answers every role.
/// </summary>
public sealed class AccountModel(IQuerySession session, PartyVault vault, NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock)
    : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public Guid AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The holder in clear (R-INT-2): for the roles the API allows, each such read in the access log, as the API's.</summary>
    [BindProperty(SupportsGet = true)] public bool Unmasked { get; set; }

    /// <summary>Whether this staff member's roles may ask for the holder in clear at all (the API still decides per account).</summary>
    public bool MayUnmask => Unmasking.Roles.Any(User.IsInRole);

    public AccountView? Account { get; private set; }
    public HistoryPage? History { get; private set; }
    public IReadOnlyList<Domain.TimeLimits.WorkItem> TimeLimits { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/accounts/{accountId}")) return Forbid(Workbench.Scheme);
        var asOf = Blank(AsOf);
        var answer = await GetAccountEndpoint.Get(AccountId, asOf, Unmasked, HttpContext, session, vault, db, policy, clock, ct);
        if (answer is IStatusCodeHttpResult { StatusCode: 404 }) return NotFound();
        if (answer is IStatusCodeHttpResult { StatusCode: 403 }) return Forbid(Workbench.Scheme);
        Account = Value<AccountView>(answer);
        Now = clock.GetUtcNow();
        if (Account is not null && asOf is null && User.May("GET", "/api/sla")
            && await session.LoadAsync<Domain.TimeLimits.AccountTimeLimits>(AccountId, ct) is { } limits)
            TimeLimits = limits.Items.Values.OrderByDescending(i => i.StartedAt).ToArray();
        if (Account is not null && User.May("GET", "/api/accounts/{accountId}/history"))
            History = Value<HistoryPage>(await GetHistoryEndpoint.Get(AccountId, asOf, PageNumber, 100, session, db, vault, policy, ct));
        return Page();
    }
}
