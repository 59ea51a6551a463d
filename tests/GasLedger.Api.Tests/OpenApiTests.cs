using System.Text.Json.Nodes;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>
/// The OpenAPI document says what the server does (issue 18): one success code a route, the one the server answers;
/// no inferred empty <c>IResult</c>; the security schemes on every route; the idempotency and correlation headers; no
/// address of the instance that served it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(GasLedgerApp app)
{
    private static readonly string[] Methods = ["get", "post", "put", "delete"];

    private async Task<JsonNode> Document() => await app.Get("/openapi/v1.json", role: "");

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => Methods.Contains(o.Key)).Select(o => (p.Key, o.Key, o.Value!)));

    [Fact]
    public async Task Every_route_declares_one_success_code_no_inferred_IResult_and_its_security_and_headers()
    {
        var document = await Document();
        // Saved for the linter ./test.sh runs after the tests (scripts/lint-openapi.sh: Spectral's spectral:oas rules).
        var home = new DirectoryInfo(AppContext.BaseDirectory);
        while (home is not null && !File.Exists(Path.Combine(home.FullName, "GasLedger.sln"))) home = home.Parent;
        if (home is not null)
        {
            Directory.CreateDirectory(Path.Combine(home.FullName, ".gasledger"));
            await File.WriteAllTextAsync(Path.Combine(home.FullName, ".gasledger", "openapi.json"), document.ToJsonString());
        }
        Assert.DoesNotContain("IResult", document.ToJsonString());
        Assert.DoesNotContain("\"ValidationProblemDetails\"", document.ToJsonString()); // one validation problem type
        Assert.DoesNotContain("schemas/ValidationProblemDetails", document.ToJsonString());
        Assert.Equal("/", Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["securitySchemes"]!["ApiKey"]);
        Assert.NotNull(document["components"]!["securitySchemes"]!["Bearer"]);
        var operations = Operations(document).ToArray();
        Assert.True(operations.Length >= 45, $"only {operations.Length} operations");
        foreach (var (path, method, operation) in operations)
        {
            var what = $"{method.ToUpperInvariant()} {path}";
            var success = operation["responses"]!.AsObject().Select(r => r.Key).Where(k => k.StartsWith('2')).ToArray();
            Assert.True(success.Length == 1, $"{what} declares success codes {string.Join(", ", success)}");
            Assert.Equal(2, operation["security"]!.AsArray().Count);
            Assert.Contains("Roles: ", operation["description"]!.GetValue<string>());
            Assert.NotEqual(operation["operationId"]?.GetValue<string>(), operation["summary"]?.GetValue<string>());
            var headers = operation["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header").Select(p => p!["name"]!.GetValue<string>()).ToArray();
            Assert.Contains("X-Correlation-Id", headers);
            if (method == "post") Assert.Contains("Idempotency-Key", headers);
            if (path.Contains('{')) Assert.True(operation["responses"]!["404"] is not null, $"{what} declares no 404");
        }
    }

    [Fact]
    public async Task Query_values_read_as_text_declare_what_they_take()
    {
        var document = await Document();
        JsonNode Schema(string path, string name) =>
            document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;
        Assert.Equal("date", Schema("/api/ledgers/{ledger}", "from")["format"]!.GetValue<string>());
        Assert.Equal("integer", Schema("/api/ledgers/{ledger}", "page")["type"]!.GetValue<string>());
        Assert.Equal(["breached", "met", "open"], Schema("/api/sla", "state")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.Contains("A", Schema("/api/classification", "tier")["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("residential", Schema("/api/classification", "category")["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.NotNull(Schema("/api/callbacks/plan", "week")["pattern"]);
        Assert.NotNull(Schema("/api/callbacks/rates", "month")["pattern"]);
    }

    [Fact]
    public async Task The_success_code_each_command_route_declares_is_the_one_it_answers()
    {
        var document = await Document();
        var checkedRoutes = 0;
        foreach (var (path, method, operation) in Operations(document).Where(o => o.Method == "post"))
        {
            if (!FuzzTests.ValidBodies.TryGetValue($"POST {path}", out var body)) continue;
            var declared = int.Parse(operation["responses"]!.AsObject().Select(r => r.Key).Single(k => k.StartsWith('2')));
            var given = await FuzzTests.Make(app);
            var url = path.Replace("{accountId}", given.Account.AccountId.ToString()).Replace("{complaintId}", given.ComplaintId.ToString())
                .Replace("{repairId}", given.RepairId.ToString()).Replace("{hazardId}", given.HazardId.ToString());
            var role = RouteAccess.For("POST", path)!.Roles.First();
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body(given), options: GasLedgerApp.Json) };
            request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
            using var answer = await app.Host.Server.CreateClient().SendAsync(request);
            var status = (int)answer.StatusCode;
            if (status is < 200 or >= 300) continue; // the sample does not fit this account's state: nothing to compare
            Assert.True(declared == status, $"POST {path} declares {declared} and answered {status}");
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 10, $"only {checkedRoutes} command routes answered a success to compare");
    }
}
