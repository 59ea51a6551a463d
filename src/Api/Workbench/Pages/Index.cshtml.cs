using GasLedger.Api.Callbacks;
using GasLedger.Api.Classification;
using GasLedger.Api.Satisfaction;
using GasLedger.Api.Statistics;
using GasLedger.Api.Status;
using GasLedger.Api.TimeLimits;
using Marten;
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
    public StatusAnswer Status { get; private set; } = null!;
    public ClassificationAnswer? Classification { get; private set; }
    public TimeLimitSummary? TimeLimits { get; private set; }
    public SatisfactionAnswer? Satisfaction { get; private set; }
    public CallbackRatesAnswer? Callbacks { get; private set; }
    public ComplaintStatistics? Complaints { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = policy.LocalDate(clock.GetUtcNow());
        var monthStart = new DateOnly(Today.Year, Today.Month, 1);
        var yearAgo = monthStart.AddMonths(-11);
        Status = await GetStatusEndpoint.Get(store, ct);
        if (User.May("GET", "/api/classification"))
            Classification = Value<ClassificationAnswer>(await GetClassificationEndpoint.Get(null, null, null, null, null, null, 1, 1,
                session, db, policy, clock, ct));
        if (User.May("GET", "/api/sla/summary"))
            TimeLimits = Value<TimeLimitSummary>(await GetTimeLimitSummaryEndpoint.Get(null, db, store, policy, clock, ct));
        if (User.May("GET", "/api/satisfaction"))
            Satisfaction = Value<SatisfactionAnswer>(await GetSatisfactionEndpoint.Get(Iso(yearAgo), Iso(Today), "month", null, db, policy, clock, ct));
        if (User.May("GET", "/api/callbacks/rates"))
            Callbacks = Value<CallbackRatesAnswer>(await GetCallbackRatesEndpoint.Get(monthStart.ToString("yyyy-MM"), null, db, session, policy, clock, ct));
        if (User.May("GET", "/api/statistics/complaints"))
            Complaints = Value<ComplaintStatistics>(await GetComplaintStatisticsEndpoint.Get(Iso(yearAgo), Iso(Today), "month", null, null,
                Request, db, policy, clock, ct));
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
