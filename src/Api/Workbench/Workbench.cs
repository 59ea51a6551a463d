using System.Globalization;
using System.Security.Claims;
using GasLedger.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace GasLedger.Api.Workbench;

/// <summary>
/// 工作台 — the web application for supervisors, analysts and auditors, served by the API host at <c>/</c> (issue 21):
/// Razor Pages rendered on the server, htmx for the parts that refresh, Apache ECharts (the <c>simple</c> build: line,
/// bar and pie) for the charts, both vendored under <c>wwwroot/lib</c>. A page reads through the API's own endpoint
/// functions, in the process, with the signed-in staff member's principal: the same validation, masking and access log.
/// <para>
/// Sign-in exchanges an API key for a session cookie (HttpOnly, SameSite=Strict, Secure on HTTPS), which keeps the
/// key's hash so that a revoked key ends the session on its next request; forms carry antiforgery tokens. What a page
/// and each of its panels shows follows the API's role matrix (<see cref="RouteAccess"/>): a panel is drawn for a role
/// that may call the route it reads.
/// </para>
/// </summary>
public static class Workbench
{
    public const string Scheme = "Workbench";
    public const string Policy = "Workbench";
    private const string KeyHashClaim = "gl_key_hash", IssuedClaim = "gl_key_issued";

    /// <summary>
    /// The pages' own policy: scripts, styles and images from this host only (no inline script; the charts' data rides in
    /// <c>data-</c> attributes), nothing framed, forms posted back here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplicationBuilder AddWorkbench(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Workbench/Pages";
            o.Conventions.AuthorizeFolder("/", Policy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Language");
        });
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "gl_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/sign-in";
            o.AccessDeniedPath = "/forbidden";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = Revalidate;
        });
        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "gl_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>The session's principal: the key's staff member and roles, and the key's hash to look it up again.</summary>
    public static ClaimsPrincipal Principal(ApiKeyEntry entry, string key)
    {
        var principal = StaffRoles.Principal(entry.StaffId, entry.Roles, Scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaims([
            new Claim(KeyHashClaim, ApiKeyOptions.Hash(key)),
            new Claim(IssuedClaim, key.StartsWith(StoredApiKeys.Prefix, StringComparison.Ordinal) ? "1" : "0"),
        ]);
        return principal;
    }

    /// <summary>A key revoked (or taken out of configuration) since the sign-in ends the session at once.</summary>
    private static async Task Revalidate(CookieValidatePrincipalContext context)
    {
        var hash = context.Principal?.FindFirstValue(KeyHashClaim);
        var services = context.HttpContext.RequestServices;
        var entry = hash is null ? null : await ApiKeyAuthentication.FindHash(hash, context.Principal!.FindFirstValue(IssuedClaim) == "1",
            services.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().CurrentValue, services.GetRequiredService<StoredApiKeys>(),
            context.HttpContext.RequestAborted);
        if (entry is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    /// <summary>
    /// The scripts and styles (<c>Workbench/Static</c>), embedded in the assembly so the host finds them wherever it runs.
    /// </summary>
    public static IApplicationBuilder UseWorkbenchFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(typeof(Workbench).Assembly,
                "GasLedger.Api.Workbench.Static"),
        });

    /// <summary>Whether the signed-in staff member may call an API route (the page or panel that reads it is shown).</summary>
    public static bool May(this ClaimsPrincipal user, string method, string route) =>
        RouteAccess.For(method, route) is { } grant && grant.Roles.Any(user.IsInRole);

    /// <summary>The workbench pages, the route each reads first (its role), and their names in both languages.</summary>
    public static readonly IReadOnlyList<WorkbenchPage> Pages =
    [
        new("/", "GET /api/status", "概览", "Overview"),
        new("/time-limits", "GET /api/sla", "时限", "Time limits"),
        new("/ledgers", "GET /api/ledgers/{ledger}", "台账", "Ledgers"),
        new("/classification", "GET /api/classification", "分类分级", "Classification"),
        new("/statistics", "GET /api/satisfaction", "统计", "Statistics"),
        new("/inspections", "GET /api/inspections/due", "安检到期", "Inspections due"),
        new("/callbacks", "GET /api/callbacks/plan", "回访", "Callbacks"),
        new("/accounts", "GET /api/accounts", "客户", "Accounts"),
        new("/audit", "GET /api/audit/access-log", "审计", "Audit"),
    ];

    /// <summary>An event's data as the API writes it (camelCase, enumerations by name, Chinese as it is), indented.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Company time (R-CAL-4) for display.</summary>
    public static string Local(DateTimeOffset? at, ServicePolicy policy, string format = "yyyy-MM-dd HH:mm") =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, policy.TimeZone).ToString(format, CultureInfo.InvariantCulture) : "";
}

/// <summary>A page of the workbench: its path, the API route whose roles may open it, its names.</summary>
public sealed record WorkbenchPage(string Path, string Route, string Chinese, string English)
{
    public bool OpenTo(ClaimsPrincipal user) => user.May(Route[..Route.IndexOf(' ')], Route[(Route.IndexOf(' ') + 1)..]);
}
