using GasLedger.Api.TimeLimits;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>时限 — the board of time limits: breached and due soon by kind and district, each row linked to its account.</summary>
public sealed class TimeLimitsModel(IDocumentStore store, NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The page of items (null when the filters were refused), and where it stands among them.</summary>
    public IReadOnlyList<WorkItemView>? Items { get; private set; }
    public (int Page, int Size, long Total) Paging { get; private set; }

    /// <summary>The board: each kind's open, due-today and breached counts, for the district asked or the city.</summary>
    public TimeLimitSummary? Board { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/sla")) return Forbid(Workbench.Scheme);
        if (User.May("GET", "/api/sla/summary"))
            Board = Value<TimeLimitSummary>(await GetTimeLimitSummaryEndpoint.Get(Blank(District), db, store, policy, clock, ct));
        if (Value<Paged<WorkItemView>>(await GetTimeLimitsEndpoint.Get(Blank(State), Blank(Kind), Blank(From), Blank(To), Blank(District),
                PageNumber, 50, db, store, policy, clock, ct)) is { } paged)
            (Items, Paging) = (paged.Items, (paged.Page, paged.PageSize, paged.Total));
        return Page();
    }
}
