using System.Text.Json.Nodes;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>
/// The OpenAPI document says what the server does (issue 18): one success code a route, the one the server answers;
/// no inferred empty <c>IResult</c>; the security schemes on every route; the idempotency and correlation headers; no
/// address of the instance that served it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(GasLedgerApp app, Xunit.Abstractions.ITestOutputHelper output)
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
            // A human summary and a description of its own before the roles.
            Assert.True(operation["summary"]?.GetValue<string>() is { Length: > 10 } summary && summary != operation["operationId"]?.GetValue<string>(),
                $"{what} has no human summary");
            Assert.False(operation["description"]!.GetValue<string>().StartsWith("Roles: ", StringComparison.Ordinal), $"{what} has no description");
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
        JsonNode Resolved(JsonNode schema) =>
            schema["$ref"] is { } r ? document["components"]!["schemas"]![r.GetValue<string>().Split('/')[^1]]! : schema;
        // An enumeration filter names the component the answers use for the same values.
        JsonNode Schema(string path, string name) => Resolved(
            document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!);
        Assert.Equal("date", Schema("/api/ledgers/applications", "from")["format"]!.GetValue<string>());
        Assert.Equal("integer", Schema("/api/ledgers/applications", "page")["type"]!.GetValue<string>());
        Assert.Equal("boolean", Schema("/api/ledgers/applications", "paid")["type"]!.GetValue<string>());
        Assert.Equal(document["components"]!["schemas"]!["ComplaintCategory"], Schema("/api/ledgers/complaints", "category"));
        Assert.Equal(["breached", "met", "open"], Schema("/api/sla", "state")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.Contains("A", Schema("/api/classification", "tier")["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("residential", Schema("/api/classification", "category")["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.NotNull(Schema("/api/callbacks/plan", "week")["pattern"]);
        Assert.NotNull(Schema("/api/callbacks/rates", "month")["pattern"]);
    }

    [Fact]
    public async Task Every_route_answers_with_the_success_code_and_schema_it_declares()
    {
        var document = await Document();
        var answered = new List<string>();
        var skipped = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var key = $"{method.ToUpperInvariant()} {path}";
            var (given, url) = await Ready(key, path);
            JsonNode? body = null;
            if (operation["requestBody"] is not null)
            {
                if (!FuzzTests.ValidBodies.TryGetValue(key, out var make)) { skipped.Add(key); continue; }
                body = key == "PUT /api/calendar/years/{year}" ? Calendar2099
                    : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(make(given), GasLedgerApp.Json));
            }
            // Send checks the answer against the document: a declared code, and the declared schema for its body.
            var (status, _) = await Send(method.ToUpperInvariant(), url, FirstRole(operation), body);
            if (status is >= 200 and < 300) answered.Add(key); else skipped.Add($"{key} → {status}");
        }
        // Erasure succeeds only years after the account closed; PrivacyTests erases such a party through GasLedgerApp,
        // whose every answer is held to the document as well.
        skipped.Remove("POST /api/admin/parties/{partyId}/erase → 409");
        Assert.True(skipped.Count == 0, $"{answered.Count} routes answered a success, these did not: {string.Join("; ", skipped)}");
        Assert.True(answered.Count >= 55, $"only {answered.Count} routes answered");
        output.WriteLine($"{answered.Count} of {answered.Count + 1} operations answered a success that matches the document");
    }

    /// <summary>
    /// Fields the sample of a route must keep in its minimal body although the document does not require them: each is
    /// required only with what the sample says elsewhere, which a schema without conditions cannot state.
    /// </summary>
    private static readonly Dictionary<string, string[]> RequiredWithTheSample = new()
    {
        // A residential read meter paid by direct debit: its building type and bank (R-APP-2).
        ["POST /api/accounts"] = ["buildingType", "bank", "bank.cardNumber", "bank.bankName", "bank.cardHolder"],
        // A transfer names the new holder and their id number; the application does not (one holder form for both).
        // Its payment method defaults to the account's (direct debit, which needs a bank): the sample pays at the counter.
        ["POST /api/accounts/{accountId}/transfer"] = ["newHolder.name", "newHolder.idNumber", "paymentMethod"],
        // A technician's rating has its four items (R-SAT-2); a keypad rating has satisfaction instead.
        ["POST /api/accounts/{accountId}/ratings"] = ["attitude", "skill", "arrivalTime", "promiseKeeping"],
        // hazardsFound lists the hazards (R-INSP-2).
        ["POST /api/accounts/{accountId}/inspections"] = ["hazards"],
        // Planned work is announced: the notice's time (R-SUP-1).
        ["POST /api/accounts/{accountId}/suspend"] = ["noticeGivenAt"],
    };

    [Fact]
    public async Task Each_required_field_absent_is_a_400_naming_it_and_a_body_of_the_required_fields_alone_is_accepted()
    {
        var document = await Document();
        var schemas = document["components"]!["schemas"]!;
        JsonNode Resolve(JsonNode schema) => schema["$ref"] is { } r ? schemas[r.GetValue<string>().Split('/')[^1]]!
            : schema["oneOf"] is JsonArray one ? Resolve(one.First(s => s!["$ref"] is not null)!) : schema;
        var checkedFields = 0;
        var minimalBodies = 0;
        var failures = new List<string>();
        foreach (var (path, method, operation) in Operations(document).Where(o => o.Method == "post"))
        {
            var key = $"POST {path}";
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not { } bodySchema
                || !FuzzTests.ValidBodies.TryGetValue(key, out var make)) continue;
            var (given, url) = await Ready(key, path);
            var sample = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(make(given), GasLedgerApp.Json))!.AsObject();
            var keep = RequiredWithTheSample.GetValueOrDefault(key) ?? [];

            // Every field the document requires, at every depth the sample reaches: without it, a 400 naming it.
            var required = new List<(string Field, Func<JsonObject, JsonObject> Owner, string Name)>();
            void Walk(JsonNode schema, JsonObject value, string prefix, Func<JsonObject, JsonObject> owner)
            {
                var resolved = Resolve(schema);
                var names = resolved["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
                foreach (var (name, property) in resolved["properties"]?.AsObject() ?? [])
                {
                    var field = prefix + name;
                    if (names.Contains(name) && value.ContainsKey(name)) required.Add((field, owner, name));
                    if (value[name] is JsonObject inner) Walk(property!, inner, field + ".", b => owner(b)[name]!.AsObject());
                    else if (value[name] is JsonArray { Count: > 0 } list && list[0] is JsonObject first && property!["items"] is { } items)
                        Walk(items, first, $"{field}[0].", b => owner(b)[name]![0]!.AsObject());
                }
            }
            Walk(bodySchema, sample, "", b => b);
            foreach (var (field, owner, name) in required)
            {
                var body = sample.DeepClone().AsObject();
                owner(body).Remove(name);
                var (status, answer) = await Send(url, key, body);
                checkedFields++;
                if (status != 400 || answer?["errors"]?[field] is null)
                    failures.Add($"{key} without {field}: {status} {answer?.ToJsonString()[..Math.Min(300, answer.ToJsonString().Length)]}");
            }

            // The required fields alone (and what the sample's own choices require): accepted.
            var minimal = sample.DeepClone().AsObject();
            void Strip(JsonNode schema, JsonObject value, string prefix)
            {
                var resolved = Resolve(schema);
                var names = resolved["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
                foreach (var (name, inner) in value.ToArray())
                {
                    var property = resolved["properties"]?[name];
                    if (!names.Contains(name) && !keep.Contains(prefix + name) && name != "occurredAt") value.Remove(name);
                    else if (inner is JsonObject o && property is not null) Strip(property, o, prefix + name + ".");
                    else if (inner is JsonArray a && property?["items"] is { } items)
                        foreach (var element in a.OfType<JsonObject>()) Strip(items, element, prefix + name + "[0].");
                }
            }
            Strip(bodySchema, minimal, "");
            if (JsonNode.DeepEquals(minimal, sample)) continue; // nothing is optional: the sample is the minimal body
            var (accepted, reply) = await Send(url, key, minimal);
            minimalBodies++;
            if (accepted is < 200 or >= 300) failures.Add($"{key} with only {minimal.ToJsonString()}: {accepted} {reply?.ToJsonString()}");
        }
        output.WriteLine($"{checkedFields} required fields left out one at a time, {minimalBodies} bodies of the required fields alone");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedFields >= 40, $"only {checkedFields} required fields checked");
    }

    /// <summary>An arrangement for 2099, a year no built-in calendar covers: stored by PUT, removed by DELETE.</summary>
    private static readonly JsonNode Calendar2099 = JsonNode.Parse("""{"holidays":["2099-01-01"],"adjustedWorkingDays":[],"source":"测试安排"}""")!;

    /// <summary>
    /// An account (and what else the route names) in the state the route's sample fits, and the route's URL for it:
    /// the gas-on steps stop before the route's own; later work is brought to the step before the route's.
    /// </summary>
    private async Task<(FuzzTests.Given Given, string Url)> Ready(string key, string path)
    {
        var gasOn = new[] { "/application-fee", "/installation/schedule", "/installation/complete", "/ignition/request", "/ignition/complete" };
        var step = gasOn.FirstOrDefault(s => key == $"POST /api/accounts/{{accountId}}{s}")
            ?? (key.EndsWith("/ignition/refuse", StringComparison.Ordinal) ? "/ignition/complete"
                : key.EndsWith("/decline", StringComparison.Ordinal) ? "/application-fee" : null);
        var given = step is not null
            ? new FuzzTests.Given(await new Journey(app).Before(step), Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty)
            : await FuzzTests.Make(app);
        if (key.Contains("{interruptionId}")) given = given with { InterruptionId = await FuzzTests.Interruption(app) };
        if (key.Contains("{visitId}")) given = await FuzzTests.WithVisit(given);
        if (key.EndsWith("/complainant", StringComparison.Ordinal)) // R-CMP-7: a complaint made by someone other than the holder
            given = given with { ComplaintId = (await given.Account.Post(StaffRoles.Agent, "/complaints",
                new { channel = "phone", category = "safety", content = "楼道有气味", complainant = new { name = "王五", phone = "13655556666" } }, 201))!
                ["complaintId"]!.GetValue<Guid>() };
        if (key.EndsWith("/reward", StringComparison.Ordinal)) // R-INT-1: only a conduct report earns a reward
            given = given with { ComplaintId = (await given.Account.Post(StaffRoles.Agent, "/complaints",
                new { channel = "phone", category = "conduct", content = "抄表员索要好处费" }, 201))!["complaintId"]!.GetValue<Guid>() };
        var account = given.Account;
        string[] before = key.Split('/')[^1] switch
        {
            "resume" when key.Contains("/time-limits/") => ["/pause"], // R-TL-2: a paused clock
            "resume" => ["/suspend"],
            "erase" => ["/close"], // a party is erased once no open account holds it (R-ACC-6)
            "arrive" => ["/dispatch"],
            "complete" when key.Contains("/repairs/") => ["/dispatch", "/arrive"],
            "resolve" => ["/reply"],
            "follow-up" => ["/reply", "/resolve"],
            "result-notice" => ["/reply", "/resolve"], // R-CMP-7: after the resolution
            "reward" => ["/verify"], // R-CMP-8: a conduct report found proven (below)
            "undo" => ["/key-customer"], // a designation to undo (R-CLS-6)
            "reissue" => ["/meter/replace"], // an IC card is issued again for an IC-card meter
            _ => [],
        };
        foreach (var previous in before)
        {
            var work = previous is "/dispatch" or "/arrive" ? $"/repairs/{given.RepairId}"
                : previous is "/suspend" or "/close" or "/meter/replace" or "/key-customer" ? ""
                : previous is "/pause" ? $"/time-limits/complaintReply:{given.ComplaintId}"
                : $"/complaints/{given.ComplaintId}";
            var sample = FuzzTests.ValidBodies.First(b => b.Key.EndsWith(previous, StringComparison.Ordinal)).Value(given);
            await account.Post(FirstRole(previous), work + previous, sample);
        }
        var url = Url(path, given).Replace("{year}", "2099");
        if (key == "GET /api/calendar/years/{year}") url = url.Replace("2099", "2026");
        if (key == "DELETE /api/calendar/years/{year}") await Send("PUT", "/api/calendar/years/2099", StaffRoles.Admin, Calendar2099);
        if (key == "DELETE /api/admin/keys/{id}")
            url = url.Replace("{id}", (await app.Post(StaffRoles.Admin, "/api/admin/keys", new { staffId = "S-9002", roles = new[] { "agent" } }, 201))!["id"]!.ToString());
        return (given, url);
    }

    private static string FirstRole(string previous) => previous switch
    {
        "/arrive" => StaffRoles.Technician,
        "/key-customer" => StaffRoles.CustomerManager,
        _ => StaffRoles.Agent,
    };

    private static string Url(string path, FuzzTests.Given given) =>
        path.Replace("{accountId}", given.Account.AccountId.ToString()).Replace("{complaintId}", given.ComplaintId.ToString())
            .Replace("{repairId}", given.RepairId.ToString()).Replace("{hazardId}", given.HazardId.ToString())
            .Replace("{partyId}", given.PartyId.ToString()).Replace("{interruptionId}", given.InterruptionId.ToString())
            .Replace("{visitId}", given.VisitId.ToString())
            .Replace("{itemId}", $"complaintReply:{given.ComplaintId}");

    private Task<(int Status, JsonNode? Answer)> Send(string url, string key, JsonNode body) =>
        Send("POST", url, RouteAccess.For("POST", key["POST ".Length..])!.Roles.First(), body);

    /// <summary>The first of the roles the operation's description names (the role matrix, as the document states it).</summary>
    private static string FirstRole(JsonNode operation) =>
        operation["description"]!.GetValue<string>().Split("Roles: ")[^1].Split(',', '.')[0].Trim();

    /// <summary>Sends a request as a role and holds the answer against the document (<see cref="Contract"/>).</summary>
    private async Task<(int Status, JsonNode? Answer)> Send(string method, string url, string role, JsonNode? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
        using var answer = await app.Host.Server.CreateClient().SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        if (app.Contract.Violation(method, url, (int)answer.StatusCode, answer.Content.Headers.ContentType?.ToString(), text) is { } violation)
            Assert.Fail(violation);
        return ((int)answer.StatusCode, text.Length == 0 || !text.StartsWith('{') ? null : JsonNode.Parse(text));
    }
}
