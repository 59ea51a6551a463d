using GasLedger.Api.Satisfaction;
using GasLedger.Api.Statistics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>
/// 统计 — the analysts' statistics over a period (the last twelve months unless asked): the satisfaction index by month
/// and by district, complaints by month and by category, retention and movement, gas volume with its year-on-year change.
/// </summary>
public sealed class StatisticsModel(NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? District { get; set; }

    public SatisfactionAnswer? ByMonth { get; private set; }
    public SatisfactionAnswer? ByDistrict { get; private set; }
    public ComplaintStatistics? Complaints { get; private set; }
    public ComplaintStatistics? ComplaintsByCategory { get; private set; }
    public RetentionStatistics? Retention { get; private set; }
    public GasVolumeStatistics? Volume { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/satisfaction")) return Forbid(Workbench.Scheme);
        var today = policy.LocalDate(clock.GetUtcNow());
        From ??= new DateOnly(today.Year, today.Month, 1).AddMonths(-11).ToString("yyyy-MM-dd");
        To ??= today.ToString("yyyy-MM-dd");
        var district = Blank(District);
        ByMonth = Value<SatisfactionAnswer>(await GetSatisfactionEndpoint.Get(From, To, "month", district, db, policy, clock, ct));
        ByDistrict = Value<SatisfactionAnswer>(await GetSatisfactionEndpoint.Get(From, To, "district", district, db, policy, clock, ct));
        Complaints = Value<ComplaintStatistics>(await GetComplaintStatisticsEndpoint.Get(From, To, "month", district, null, Request,
            db, policy, clock, ct));
        ComplaintsByCategory = Value<ComplaintStatistics>(await GetComplaintStatisticsEndpoint.Get(From, To, "category", district, null,
            Request, db, policy, clock, ct));
        Retention = Value<RetentionStatistics>(await GetRetentionEndpoint.Get(From, To, district, null, Request, db, policy, clock, ct));
        Volume = Value<GasVolumeStatistics>(await GetGasVolumeEndpoint.Get(From, To, district, null, Request, db, policy, clock, ct));
        return Page();
    }
}
