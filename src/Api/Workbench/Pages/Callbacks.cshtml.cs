using GasLedger.Api.Callbacks;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>回访 — this week's callback plan, the month's rates against the required ones, and the irregular-charge findings.</summary>
public sealed class CallbacksModel(IQuerySession session, NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? Week { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public CallbackPlanPage? Plan { get; private set; }
    public CallbackRatesAnswer? Rates { get; private set; }
    public FindingsPage? Findings { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/callbacks/plan")) return Forbid(Workbench.Scheme);
        var district = Blank(District);
        Plan = Value<CallbackPlanPage>(await GetCallbackPlanEndpoint.Get(Blank(Week), district,
            PageNumber, 50, session, policy, clock, ct));
        var month = Plan?.WeekStart.ToString("yyyy-MM") ?? policy.LocalDate(clock.GetUtcNow()).ToString("yyyy-MM");
        Rates = Value<CallbackRatesAnswer>(await GetCallbackRatesEndpoint.Get(month, district, db, session, policy, clock, ct));
        var end = Plan?.WeekEnd ?? policy.LocalDate(clock.GetUtcNow());
        Findings = Value<FindingsPage>(await GetIrregularChargeFindingsEndpoint.Get(end.AddDays(-90).ToString("yyyy-MM-dd"),
            end.ToString("yyyy-MM-dd"), district, null, 1, 20, session, policy, clock, ct));
        return Page();
    }
}
