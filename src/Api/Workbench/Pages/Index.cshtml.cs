using GasLedger.Api.Callbacks;
using GasLedger.Api.Classification;
using GasLedger.Api.Satisfaction;
using GasLedger.Api.Statistics;
using GasLedger.Api.Status;
using GasLedger.Api.TimeLimits;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>
/// 概览 — the overview: accounts by stage, the time limits open, due today and breached, the satisfaction index this month
/// against last with its twelve-month trend, the callback rates against the required ones, complaints per month, and
/// how far each projection is behind. Each panel is there for the roles that may read its route.
/// </summary>
public sealed class IndexModel(IQuerySession session, IDocumentStore store, NpgsqlDataSource db, ServicePolicy policy, TimeProvider clock)
    : WorkbenchModel
{
    public StatusAnswer? Status { get; private set; }
    public ClassificationAnswer? Classification { get; private set; }
    public TimeLimitSummary? TimeLimits { get; private set; }
    public SatisfactionAnswer? Satisfaction { get; private set; }
    public CallbackRatesAnswer? Callbacks { get; private set; }
    public ComplaintStatistics? Complaints { get; private set; }
    public DateOnly Today { get; private set; }

    /// <summary>The panels of the overview, each with the route whose roles may see it.</summary>
    public static readonly IReadOnlyList<(string Name, string Route)> Panels =
    [
        ("stages", "/api/classification"), ("limits", "/api/sla/summary"), ("satisfaction", "/api/satisfaction"),
        ("callbacks", "/api/callbacks/rates"), ("complaints", "/api/statistics/complaints"), ("lag", "/api/status"),
    ];

    /// <summary>The panel this answer is (a panel asked for alone), or null for the whole page.</summary>
    public string? Panel { get; private set; }

    /// <summary>
    /// The page at once, its panels empty: each is asked for apart as soon as the page is shown (htmx), so the first
    /// content is painted before the slowest figure is counted.
    /// </summary>
    public void OnGet() => Today = policy.LocalDate(clock.GetUtcNow());

    /// <summary>One panel, with its figures.</summary>
    public async Task<IActionResult> OnGetPanelAsync(string name, CancellationToken ct)
    {
        if (Panels.FirstOrDefault(p => p.Name == name) is not { Name: not null } panel) return NotFound();
        if (!User.May("GET", panel.Route)) return Forbid(Workbench.Scheme);
        Panel = name;
        Today = policy.LocalDate(clock.GetUtcNow());
        var monthStart = new DateOnly(Today.Year, Today.Month, 1);
        var yearAgo = monthStart.AddMonths(-11);
        switch (name)
        {
            case "lag":
                Status = await GetStatusEndpoint.Get(store, db, ct);
                break;
            case "stages":
                Classification = Value<ClassificationAnswer>(await GetClassificationEndpoint.Get(null, null, null, null, null, null, 1, 1,
                    session, db, policy, clock, ct));
                break;
            case "limits":
                TimeLimits = Value<TimeLimitSummary>(await GetTimeLimitSummaryEndpoint.Get(null, db, store, policy, clock, ct));
                break;
            case "satisfaction":
                Satisfaction = Value<SatisfactionAnswer>(await GetSatisfactionEndpoint.Get(Iso(yearAgo), Iso(Today), "month", null,
                    db, policy, clock, ct));
                break;
            case "callbacks":
                Callbacks = Value<CallbackRatesAnswer>(await GetCallbackRatesEndpoint.Get(monthStart.ToString("yyyy-MM"), null,
                    db, session, policy, clock, ct));
                break;
            case "complaints":
                Complaints = Value<ComplaintStatistics>(await GetComplaintStatisticsEndpoint.Get(Iso(yearAgo), Iso(Today), "month",
                    null, null, Request, db, policy, clock, ct));
                break;
        }
        return Partial("_OverviewPanel", this);
    }

    /// <summary>A projection's shard as a reader names it: its class without the namespace, without <c>:All</c>.</summary>
    public static string ShortName(string shard)
    {
        var name = shard.EndsWith(":All", StringComparison.Ordinal) ? shard[..^4] : shard;
        return name[(name.LastIndexOf('.') + 1)..];
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd");

    /// <summary>The satisfaction index of a month (its group), or null without observations.</summary>
    public decimal? IndexOf(DateOnly month) =>
        Satisfaction?.Groups.FirstOrDefault(g => g.Key == month.ToString("yyyy-MM"))?.Display;
}
