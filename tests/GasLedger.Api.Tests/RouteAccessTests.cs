using System.Text;
using GasLedger.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// The role matrix (R-INT-2): README.md's table, <see cref="RouteAccess.Table"/>, what each endpoint carries, and what
/// every route answers each role and no key over HTTP — all four the same.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteAccessTests(GasLedgerApp app)
{
    private const string NoKey = "no key";
    private static readonly string[] Columns = [.. StaffRoles.All, NoKey];

    /// <summary>The matrix as the code says it: route → the columns (roles, "no key") allowed.</summary>
    private static Dictionary<string, HashSet<string>> CodeMatrix()
    {
        var matrix = RouteAccess.Table.ToDictionary(g => g.Key, g => g.Roles.ToHashSet());
        foreach (var route in RouteAccess.Anonymous) matrix[route] = Columns.ToHashSet();
        return matrix;
    }

    /// <summary>The matrix as README.md shows it: the table whose header is <c>| route | admin | … | no key |</c>.</summary>
    private static Dictionary<string, HashSet<string>> ReadmeMatrix()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GasLedger.sln"))) dir = dir.Parent;
        var lines = File.ReadAllLines(Path.Combine(dir!.FullName, "README.md"), Encoding.UTF8);

        static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`').Trim()).ToArray();
        var header = Array.FindIndex(lines, l => l.StartsWith('|') && Cells(l) is ["route", ..] && Cells(l).Contains(NoKey));
        Assert.True(header >= 0, "README.md has no role matrix (a table headed | route | admin | … | no key |).");
        var names = Cells(lines[header]);
        Assert.Equal(["route", .. Columns], names);

        var matrix = new Dictionary<string, HashSet<string>>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            Assert.Equal(names.Length, cells.Length);
            Assert.True(matrix.TryAdd(cells[0], Columns.Where((_, i) => cells[i + 1] == "✓").ToHashSet()), $"README lists {cells[0]} twice.");
            Assert.All(cells.Skip(1), c => Assert.True(c is "✓" or "·", $"{cells[0]}: a cell is ✓ or ·, not '{c}'."));
        }
        return matrix;
    }

    private static string Show(Dictionary<string, HashSet<string>> m) =>
        string.Join("\n", m.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {string.Join(",", Columns.Where(r.Value.Contains))}"));

    [Fact]
    public void The_readme_role_matrix_is_the_code_table()
    {
        Assert.Equal(Show(CodeMatrix()), Show(ReadmeMatrix()));
    }

    [Fact]
    public void Every_endpoint_carries_exactly_the_roles_of_its_row_and_every_row_has_an_endpoint()
    {
        var endpoints = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var served = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            {
                // A workbench page: behind its session (the Workbench policy), each page and panel shown by the rows of the
                // routes it reads (WorkbenchTests walks them in a browser).
                Assert.False(route.StartsWith("/api"), $"{route}: a page under /api");
                var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy);
                Assert.True(endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || policy.Contains(GasLedger.Api.Workbench.Workbench.Policy),
                    $"{route} is a page outside the workbench's session.");
                continue;
            }
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.True(route.StartsWith("/health") || route == "/metrics" || route.StartsWith("/openapi/"),
                    $"{route} needs no key but is not /health, /metrics nor the OpenAPI document or UI.");
                continue;
            }
            foreach (var method in methods)
            {
                var grant = RouteAccess.For(method, route);
                Assert.True(grant is not null, $"{method} {route} has no row in RouteAccess.Table.");
                var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
                var roles = Assert.Single(authorize).Roles!.Split(',').ToHashSet();
                Assert.True(roles.SetEquals(grant!.Roles), $"{method} {route} carries {string.Join(",", roles)}, the table says {string.Join(",", grant.Roles)}.");
                served.Add(grant.Key);
            }
        }
        Assert.Equal(RouteAccess.Table.Select(g => g.Key).Order(), served.Order());
    }

    /// <summary>A URL for a route: every path parameter filled with something that names nothing (no work is done).</summary>
    private static string UrlOf(string route) => route
        .Replace("{ledger}", "complaints").Replace("{year}", "1990")
        .Replace("{accountId}", Guid.NewGuid().ToString()).Replace("{hazardId}", Guid.NewGuid().ToString())
        .Replace("{complaintId}", Guid.NewGuid().ToString()).Replace("{repairId}", Guid.NewGuid().ToString())
        .Replace("{id}", Guid.NewGuid().ToString());

    [Fact]
    public async Task Every_route_answers_every_role_and_no_key_exactly_as_the_matrix_says()
    {
        var walked = await Walk((request, role) => request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role)), skip: _ => false);
        Assert.Equal(CodeMatrix().Count * Columns.Length, walked);
    }

    [Fact]
    public async Task A_bearer_token_with_a_role_gets_the_same_answers_as_that_roles_api_key()
    {
        // The audit verification replays every projection: walked once with keys above, not again here.
        await Walk((request, role) => request.Headers.Authorization = new("Bearer", ApiKeyTests.Token(
                claims: [new System.Security.Claims.Claim("sub", "S-matrix-" + role), new System.Security.Claims.Claim("roles", role)])),
            skip: route => route == "POST /api/audit/verify");
    }

    /// <summary>Sends every route as every role (credentials put on by <paramref name="credentials"/>) and with none.</summary>
    private async Task<int> Walk(Action<HttpRequestMessage, string> credentials, Func<string, bool> skip)
    {
        var matrix = CodeMatrix();
        var client = app.Host.Server.CreateClient();
        var wrong = new List<string>();
        var walked = 0;
        foreach (var (routeKey, allowed) in matrix.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (skip(routeKey)) continue;
            var method = routeKey[..routeKey.IndexOf(' ')];
            var route = routeKey[(method.Length + 1)..];
            foreach (var column in Columns)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), UrlOf(route));
                // An empty body: an allowed command is refused as invalid or unknown (400/404), nothing is written.
                if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                if (column != NoKey) credentials(request, column);
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                walked++;

                var expected = allowed.Contains(column) ? "allowed" : column == NoKey ? "401" : "403";
                var fits = expected switch
                {
                    "allowed" => status is not (401 or 403) && status < 500,
                    "401" => status == 401,
                    _ => status == 403,
                };
                if (!fits) wrong.Add($"{routeKey} as {column}: {status}, expected {expected}");
                if (status is 401 or 403)
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {walked} answers differ from the matrix:\n{string.Join("\n", wrong)}");
        return walked;
    }
}
