using Microsoft.AspNetCore.Authorization;
using static GasLedger.Api.Security.StaffRoles;

namespace GasLedger.Api.Security;

/// <summary>
/// The role matrix (R-INT-2: staff see what their role needs): every route against the roles that may call it. This
/// table is the only place a route's roles are set — <see cref="Apply"/> puts them on each Wolverine endpoint at start,
/// and the host refuses to start if an endpoint has no row, a row names no endpoint, or an endpoint carries roles of its
/// own. README.md shows the same table; <c>RouteAccessTests</c> checks the two are equal and walks every route × role
/// over HTTP.
/// </summary>
public static class RouteAccess
{
    /// <summary>A row of the matrix: method, route pattern as the endpoint declares it, the roles allowed.</summary>
    public sealed record Grant(string Method, string Route, string[] Roles)
    {
        public string Key => Method + " " + Route;
    }

    // Who reads what (R-INT-2, least privilege):
    // - customers' histories (search, account, history, asOf included) are open to every role, always masked; only the
    //   desks that serve the holder may ask for them unmasked (Disclosure), each such read logged. Analysts came for
    //   the full histories (issue 19); they never see personal data in clear.
    // - ledgers, satisfaction, classification and the statistics are reports: customer managers, analysts, auditors.
    // - work lists (time limits, inspections due, callback plan) go to the desks whose work they list.
    private static readonly string[] Everyone = All;
    private static readonly string[] Reports = [Admin, CustomerManager, Analyst, Auditor];
    private static readonly string[] TimeLimitReaders = [Admin, Agent, Technician, CustomerManager, Analyst, Auditor];
    private static readonly string[] InspectionPlanners = [Admin, Technician, CustomerManager, Analyst, Auditor];
    private static readonly string[] CallbackReaders = [Admin, CallbackStaff, CustomerManager, Analyst, Auditor];
    private static readonly string[] AdminOnly = [Admin];
    private static readonly string[] KeyCustomerDesk = [Admin, CustomerManager]; // R-CLS-6: customer managers designate
    private static readonly string[] TimeLimitKeepers = [Admin, Agent, Technician, CustomerManager]; // the desks that own work
    private static readonly string[] AuditReaders = Roles(StaffRoles.Audit);

    private static string[] Roles(string list) => list.Split(',');

    /// <summary>Every authenticated route, in the README's order.</summary>
    public static readonly IReadOnlyList<Grant> Table =
    [
        // Commands (write side): the desk that does the work, as StaffRoles names them.
        new("POST", "/api/accounts", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/application-fee", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/decline", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/safety-material", Roles(Usage)),
        new("POST", "/api/accounts/{accountId}/installation/schedule", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/installation/complete", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/ignition/request", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/ignition/complete", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/ignition/refuse", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/visits", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/visits/{visitId}/complete", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/inspections", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/inspections/request", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/hazards/{hazardId}/rectify", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/transfer", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/complaints", Roles(Reception)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/reply", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/resolve", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/follow-up", Roles(Callback)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/acknowledge", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/assign", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/progress", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/result-notice", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/verify", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/complaints/{complaintId}/reward", Roles(ComplaintHandling)),
        new("POST", "/api/accounts/{accountId}/repairs", Roles(Reception)),
        new("POST", "/api/accounts/{accountId}/repairs/{repairId}/dispatch", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/repairs/{repairId}/arrive", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/repairs/{repairId}/complete", Roles(Field)),
        new("POST", "/api/accounts/{accountId}/repairs/{repairId}/refer", Roles(Reception)),
        new("POST", "/api/accounts/{accountId}/callbacks", Roles(Callback)),
        new("POST", "/api/accounts/{accountId}/ratings", Roles(Rating)),
        new("POST", "/api/accounts/{accountId}/usage", Roles(Usage)),
        new("POST", "/api/accounts/{accountId}/suspend", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/resume", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/close", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/key-customer", KeyCustomerDesk),
        new("POST", "/api/accounts/{accountId}/key-customer/undo", KeyCustomerDesk),
        new("POST", "/api/accounts/{accountId}/customer-manager", KeyCustomerDesk),
        new("POST", "/api/accounts/{accountId}/time-limits/{itemId}/pause", TimeLimitKeepers),
        new("POST", "/api/accounts/{accountId}/time-limits/{itemId}/resume", TimeLimitKeepers),
        new("POST", "/api/accounts/{accountId}/contact", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/payment-method", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/meter/replace", Roles(Usage)),
        new("POST", "/api/accounts/{accountId}/ic-card/reissue", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/bills/payments", Roles(Counter)),
        new("POST", "/api/accounts/{accountId}/bills/queries", Roles(Counter)),
        new("POST", "/api/supply/interruptions", Roles(Counter)),
        new("POST", "/api/supply/interruptions/{interruptionId}/restore", Roles(Counter)),

        // Queries (read side).
        new("GET", "/api/accounts", Everyone),
        new("GET", "/api/accounts/{accountId}", Everyone),
        new("GET", "/api/accounts/{accountId}/history", Everyone),
        new("GET", "/api/accounts/{accountId}/complaints/{complaintId}/complainant", Roles(ComplaintHandling)), // R-CMP-8
        new("GET", "/api/ledgers/{ledger}", Reports),
        new("GET", "/api/satisfaction", Reports),
        new("GET", "/api/classification", Reports),
        new("GET", "/api/statistics/complaints", Reports),
        new("GET", "/api/statistics/retention", Reports),
        new("GET", "/api/statistics/gas-volume", Reports),
        new("GET", "/api/statistics/counter", Reports),
        new("GET", "/api/sla", TimeLimitReaders),
        new("GET", "/api/sla/summary", TimeLimitReaders),
        new("GET", "/api/statistics/overdue-work", TimeLimitReaders),
        new("GET", "/api/inspections/due", InspectionPlanners),
        new("GET", "/api/safety-material/due", InspectionPlanners),
        new("GET", "/api/callbacks/plan", CallbackReaders),
        new("GET", "/api/callbacks/rates", CallbackReaders),
        new("GET", "/api/callbacks/findings", CallbackReaders),
        new("GET", "/api/supply/interruptions", Everyone),
        new("GET", "/api/supply/interruptions/{interruptionId}", Everyone),
        new("GET", "/api/gas-terms", Everyone),
        new("POST", "/api/gas-terms", AdminOnly),
        new("GET", "/api/calendar/working-days", Everyone),
        new("GET", "/api/calendar/years/{year}", Everyone),
        new("PUT", "/api/calendar/years/{year}", AdminOnly),
        new("DELETE", "/api/calendar/years/{year}", AdminOnly),
        new("GET", "/api/status", Everyone),

        // Audit.
        new("GET", "/api/audit/events", AuditReaders),
        new("POST", "/api/audit/verify", AuditReaders),

        // Credentials: administrators issue and revoke; auditors may see who holds which key (never the key).
        new("POST", "/api/admin/keys", AdminOnly),
        new("GET", "/api/admin/keys", [Admin, Auditor]),
        new("DELETE", "/api/admin/keys/{id}", AdminOnly),

        // Personal data (R-ACC-4, R-INT-2): administrators erase a party; auditors read who saw unmasked data.
        new("POST", "/api/admin/parties/{partyId}/erase", AdminOnly),
        new("GET", "/api/audit/access-log", AuditReaders),
    ];

    /// <summary>The routes that need no key (contract, Credentials): every role and no key alike.</summary>
    public static readonly IReadOnlyList<string> Anonymous = ["GET /health", "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi/v1.json", "GET /openapi/ui"];

    private static readonly Dictionary<string, Grant> ByKey = Table.ToDictionary(g => g.Key);

    /// <summary>The grant of a Wolverine endpoint, by its method and route pattern; null when the table has none.</summary>
    /// <summary>The row of a route; HEAD reads what GET reads, so it has GET's row.</summary>
    public static Grant? For(string method, string route) => ByKey.GetValueOrDefault((method == "HEAD" ? "GET" : method) + " " + route);

    /// <summary>
    /// Puts each endpoint's roles from the table on it (<c>ConfigureEndpoints</c>). An endpoint without a row, or with
    /// roles of its own (<c>[Authorize(Roles = …)]</c>), stops the host: the table must say it.
    /// </summary>
    public static void Apply(HttpChain chain, ISet<string> seen)
    {
        var route = "/" + chain.RoutePattern!.RawText!.TrimStart('/');
        foreach (var method in chain.HttpMethods)
        {
            var key = method + " " + route;
            if (chain.Method.Method.GetCustomAttributes(typeof(IAuthorizeData), true).Concat(
                    chain.Method.HandlerType.GetCustomAttributes(typeof(IAuthorizeData), true)).Any())
                throw new InvalidOperationException(
                    $"{key} carries its own [Authorize]; its roles come from RouteAccess.Table (src/Api/Security/RouteAccess.cs) only.");
            var grant = For(method, route) ?? throw new InvalidOperationException(
                $"{key} has no row in RouteAccess.Table (src/Api/Security/RouteAccess.cs) nor in the README's role matrix: add one.");
            seen.Add(key);
            chain.Metadata.RequireAuthorization(new AuthorizeAttribute { Roles = string.Join(",", grant.Roles) });
        }
    }

    /// <summary>After every endpoint is configured: a row that names no endpoint is a mistake in the table.</summary>
    public static void CheckEveryRowUsed(ISet<string> seen)
    {
        var unused = Table.Select(g => g.Key).Where(k => !seen.Contains(k)).ToArray();
        if (unused.Length > 0)
            throw new InvalidOperationException($"RouteAccess.Table names routes no endpoint serves: {string.Join(", ", unused)}.");
    }
}
