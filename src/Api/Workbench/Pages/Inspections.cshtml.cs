using GasLedger.Api.Inspections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>安检到期 — the accounts whose periodic inspection is overdue or due within N days, as of a date (R-INSP-1).</summary>
public sealed class InspectionsModel(IQuerySession session, NpgsqlDataSource db, ServicePolicy policy, Calendar.Calendars calendars,
    TimeProvider clock) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }
    [BindProperty(SupportsGet = true)] public int? WithinDays { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public InspectionsDueAnswer? Answer { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/inspections/due")) return Forbid(Workbench.Scheme);
        Answer = Value<InspectionsDueAnswer>(await GetInspectionsDueEndpoint.Get(Blank(AsOf),
            Blank(District), WithinDays, PageNumber, 50, session, db, policy, calendars, clock, ct));
        return Page();
    }
}
