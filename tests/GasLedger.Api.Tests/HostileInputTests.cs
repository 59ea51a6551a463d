using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>
/// The reproductions of issue 23, each a regression test: hostile input is a 4xx naming its field, never a 500; nothing
/// is written, no number drawn, and no fragment of the request reaches the log.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(GasLedgerApp app)
{
    private const string Nul = "\u0000";

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string role, string? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
        return await app.Host.Server.CreateClient().SendAsync(request);
    }

    /// <summary>Sends, expects <paramref name="status"/> with problem details, and that nothing at all was written.</summary>
    private async Task<JsonNode> Refused(HttpMethod method, string url, string role, string? json, int status, string? field = null)
    {
        var before = await Footprint.Of(app.Database);
        using var response = await Send(method, url, role, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{method} {url} {json}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await Footprint.Of(app.Database));
        var problem = JsonNode.Parse(body)!;
        if (field is not null) Assert.True(problem["errors"]?[field] is not null, $"{url}: no error for {field} in {body}");
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("GasLedger.", body);
        return problem;
    }

    private static string With(object body, string path, JsonNode? value)
    {
        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, GasLedgerApp.Json))!;
        var parts = path.Split('.');
        var node = json;
        foreach (var part in parts[..^1]) node = node[part]!;
        node[parts[^1]] = value;
        return json.ToJsonString();
    }

    [Fact]
    public async Task Issue_23_1_a_body_of_null_or_not_an_object_is_400_on_every_command_route()
    {
        var active = await new Journey(app).Active();
        var routes = new[] { "/complaints", "/application-fee", "/usage", "/suspend", "/repairs", "/callbacks", "/resume", "/ratings" };
        foreach (var route in routes)
        foreach (var body in new[] { "null", "[]", "\"text\"", "42", "true" })
        {
            var problem = await Refused(HttpMethod.Post, active.A + route, StaffRoles.Admin, body, 400, "body");
            Assert.Contains("JSON object", problem["errors"]!["body"]![0]!.GetValue<string>());
        }
        await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, "null", 400, "body");
        await Refused(HttpMethod.Post, "/api/admin/keys", StaffRoles.Admin, "null", 400, "body");
    }

    public static TheoryData<string> ApplicationTextFields() =>
        new(["holder.name", "address.district", "address.community", "address.building", "address.unit", "address.room", "remarks",
            "bank.bankName", "bank.cardHolder", "sms.provider"]);

    [Theory, MemberData(nameof(ApplicationTextFields))]
    public async Task Issue_23_2_a_NUL_in_any_text_field_of_an_application_is_400_naming_it_and_draws_no_account_number(string field)
    {
        var marker = "unit-" + Guid.NewGuid().ToString("N")[..8];
        await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), field, marker + Nul + "x"), 400, field);
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains(marker));
    }

    [Fact]
    public async Task Issue_23_2_a_NUL_in_the_free_text_of_a_command_is_400_naming_it_draws_no_complaint_number_and_stays_out_of_the_log()
    {
        var active = await new Journey(app).Full();
        var marker = "secret-" + Guid.NewGuid().ToString("N")[..8];
        var text = marker + Nul;
        var cases = new (string Route, string Role, object Body, string Field)[]
        {
            ("/complaints", StaffRoles.Agent, new { channel = "phone", category = "delay", content = text }, "content"),
            ($"/complaints/{active.ComplaintId}/reply", StaffRoles.Agent, new { decision = text }, "decision"),
            ("/repairs", StaffRoles.Agent, new { description = text }, "description"),
            ("/callbacks", StaffRoles.CallbackStaff, new { kind = "afterIgnition", reached = true, opinions = text }, "opinions"),
            ("/inspections", StaffRoles.Technician, new { outcome = "passed", inspector = text }, "inspector"),
            ("/ratings", StaffRoles.CallbackStaff, new { source = "counterKeypad", staff = text, stage = "counter", satisfaction = "satisfied" }, "staff"),
        };
        foreach (var (route, role, body, field) in cases)
            await Refused(HttpMethod.Post, active.A + route, role, System.Text.Json.JsonSerializer.Serialize(body), 400, field);
        await Refused(HttpMethod.Post, "/api/admin/keys", StaffRoles.Admin,
            System.Text.Json.JsonSerializer.Serialize(new { staffId = "S-1", roles = new[] { "agent" }, label = text }), 400, "label");
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains(marker));
    }

    [Fact]
    public async Task Issue_23_2_a_holder_name_with_a_NUL_is_refused_where_it_was_accepted()
    {
        var problem = await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "holder.name", "张" + Nul + "三"), 400, "holder.name");
        Assert.Contains("U+0000", problem["errors"]!["holder.name"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/ledgers/applications?district=%00", StaffRoles.Analyst, "district")]
    [InlineData("/api/ledgers/complaints?staff=a%00b", StaffRoles.Analyst, "staff")]
    [InlineData("/api/classification?district=%00", StaffRoles.Analyst, "district")]
    [InlineData("/api/sla?district=%00", StaffRoles.Analyst, "district")]
    [InlineData("/api/accounts?number=%00", StaffRoles.Agent, "number")]
    [InlineData("/api/accounts?district=%00", StaffRoles.Agent, "district")]
    [InlineData("/api/inspections/due?district=%00", StaffRoles.Analyst, "district")]
    [InlineData("/api/audit/access-log?staffId=%00", StaffRoles.Auditor, "staffId")]
    [InlineData("/api/admin/keys?staffId=%00", StaffRoles.Admin, "staffId")]
    [InlineData("/api/accounts?district=%E2%80%AE%E5%8C%BA", StaffRoles.Agent, "district")]
    public async Task Issue_23_3_a_control_or_format_character_in_a_query_filter_is_400_naming_it(string url, string role, string field) =>
        await Refused(HttpMethod.Get, url, role, null, 400, field);

    [Theory]
    [InlineData("/api/ledgers/complaints?from=0001-01-01", StaffRoles.Analyst, "from")]
    [InlineData("/api/ledgers/complaints?to=9999-12-31", StaffRoles.Analyst, "to")]
    [InlineData("/api/audit/access-log?from=0001-01-01", StaffRoles.Auditor, "from")]
    [InlineData("/api/audit/access-log?to=9999-12-31", StaffRoles.Auditor, "to")]
    [InlineData("/api/satisfaction?from=1989-12-31", StaffRoles.Analyst, "from")]
    [InlineData("/api/callbacks/rates?month=2101-01", StaffRoles.Analyst, "month")]
    [InlineData("/api/callbacks/plan?week=9999-W01", StaffRoles.CallbackStaff, "week")]
    public async Task Issue_23_3_a_date_outside_1990_to_2100_is_400_naming_it(string url, string role, string field) =>
        await Refused(HttpMethod.Get, url, role, null, 400, field);

    [Fact]
    public async Task Issue_23_3_an_account_or_history_as_of_9999_and_a_page_past_the_last_are_400()
    {
        var applied = await new Journey(app).Applied();
        await Refused(HttpMethod.Get, applied.A + "?asOf=9999-12-31", StaffRoles.Agent, null, 400, "asOf");
        await Refused(HttpMethod.Get, applied.A + "/history?asOf=9999-12-31", StaffRoles.Agent, null, 400, "asOf");
        await Refused(HttpMethod.Get, applied.A + "/history?asOf=0001-01-01T00:00:00Z", StaffRoles.Agent, null, 400, "asOf");
        await Refused(HttpMethod.Get, "/api/accounts?page=42949674", StaffRoles.Agent, null, 400, "page");
        await Refused(HttpMethod.Get, "/api/ledgers/applications?page=42949674", StaffRoles.Analyst, null, 400, "page");
        await Refused(HttpMethod.Get, "/api/sla?page=2147483647", StaffRoles.Analyst, null, 400, "page");
    }

    [Theory]
    [InlineData("complaints", StaffRoles.Agent, "{\"channel\":\"phone\",\"category\":\"delay\",\"content\":\"x\"}")]
    [InlineData("application-fee", StaffRoles.Agent, "{\"amount\":2400,\"invoiceNumber\":\"1\",\"invoiceDate\":\"2026-09-01\"}")]
    [InlineData("usage", StaffRoles.Technician, "{\"kind\":\"meterReading\",\"volumeM3\":1,\"periodEnd\":\"2026-10-01\"}")]
    [InlineData("suspend", StaffRoles.Agent, "{\"reason\":\"arrears\"}")]
    [InlineData("repairs", StaffRoles.Agent, "{\"description\":\"x\"}")]
    [InlineData("complaints/00000000-0000-0000-0000-000000000000/reply", StaffRoles.Agent, "{\"decision\":\"d\"}")]
    public async Task Issue_23_4_the_nil_id_is_404_on_command_routes(string route, string role, string body)
    {
        await Refused(HttpMethod.Post, $"/api/accounts/{Guid.Empty}/{route}", role, body, 404);
        var active = await new Journey(app).Active();
        if (route.StartsWith("complaints/")) await Refused(HttpMethod.Post, $"{active.A}/{route}", role, body, 404);
    }

    [Fact]
    public async Task Issue_23_6_staff_ids_and_districts_refuse_direction_and_zero_width_characters()
    {
        var active = await new Journey(app).Active();
        foreach (var sneaky in new[] { "S-1\u202E1", "S\u200B-1", "\uFEFFS-1", "S-1\u2066", "S-1\u00AD" })
        {
            await Refused(HttpMethod.Post, active.A + "/repairs/" + Guid.NewGuid() + "/dispatch", StaffRoles.Agent,
                System.Text.Json.JsonSerializer.Serialize(new { technician = sneaky }), 400, "technician");
            await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "address.district", "西湖" + sneaky), 400, "address.district");
        }
        // Free text keeps its line breaks, tabs and emoji.
        using var written = await Send(HttpMethod.Post, active.A + "/repairs", StaffRoles.Agent,
            System.Text.Json.JsonSerializer.Serialize(new { description = "灶具打不着火\n第二行\t👨‍👩‍👧" }));
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
    }

    [Fact]
    public async Task Issue_23_6_a_reading_fee_or_length_beyond_the_plausible_is_400_and_a_home_does_not_become_a_key_account()
    {
        var active = await new Journey(app).Active();
        var problem = await Refused(HttpMethod.Post, active.A + "/usage", StaffRoles.Technician,
            "{\"kind\":\"meterReading\",\"volumeM3\":100000,\"periodEnd\":\"2026-10-01\"}", 400, "volumeM3");
        Assert.Contains("3,000", problem["errors"]!["volumeM3"]![0]!.GetValue<string>());
        await Refused(HttpMethod.Post, active.A + "/usage", StaffRoles.Technician,
            "{\"kind\":\"meterReading\",\"volumeM3\":1e30,\"periodEnd\":\"2026-10-01\"}", 400, "volumeM3");
        await Refused(HttpMethod.Post, active.A + "/repairs/" + Guid.NewGuid() + "/complete", StaffRoles.Technician,
            "{\"airtightnessPassed\":true,\"charge\":{\"amount\":99999999999,\"invoiced\":true}}", 400, "charge.amount");
        var applied = await new Journey(app).Applied();
        await Refused(HttpMethod.Post, applied.A + "/installation/complete", StaffRoles.Technician,
            "{\"meterSerial\":\"M1\",\"pipeLengthMeters\":1000000}", 400, "pipeLengthMeters");
        Assert.Equal("C", (await app.Get(active.A))["classification"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issue_23_6_a_version_on_a_new_account_is_checked_like_any_other()
    {
        await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "version", "abc"), 400, "version");
        await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "version", -1), 400, "version");
        var stale = await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "version", 5), 409);
        Assert.Contains("Stale version", stale["detail"]!.GetValue<string>());
        using var fresh = await Send(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "version", 0));
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
    }

    [Fact]
    public async Task An_unknown_enumeration_value_names_its_field_and_the_values_allowed_and_no_dotnet_type()
    {
        var problem = await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "category", "martian"), 400, "category");
        var message = problem["errors"]!["category"]![0]!.GetValue<string>();
        Assert.Contains("residential", message);
        Assert.Contains("lngTrade", message);
        var nested = await Refused(HttpMethod.Post, (await new Journey(app).Active()).A + "/inspections", StaffRoles.Technician,
            "{\"outcome\":\"hazardsFound\",\"hazards\":[{\"code\":\"leak\",\"severity\":\"apocalyptic\"}]}", 400, "hazards[0].severity");
        Assert.Contains("severe", nested["errors"]!["hazards[0].severity"]![0]!.GetValue<string>());
        var wrongType = await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "holder.specialCare", "yes"), 400, "holder.specialCare");
        Assert.Equal("must be true or false.", wrongType["errors"]!["holder.specialCare"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_application_leaves_the_account_numbers_without_a_gap()
    {
        var first = await app.Post(StaffRoles.Agent, "/api/accounts", Journey.Application(), 201);
        await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "address.room", "3" + Nul), 400, "address.room");
        await Refused(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, With(Journey.Application(), "occurredAt", "0001-01-01T00:00:00Z"), 400, "occurredAt");
        var second = await app.Post(StaffRoles.Agent, "/api/accounts", Journey.Application(), 201);
        Assert.Equal(long.Parse(first!["accountNumber"]!.GetValue<string>()) + 1, long.Parse(second!["accountNumber"]!.GetValue<string>()));
    }
}

/// <summary>Issue 23 (2): the streams <c>/api/status</c> counts are accounts', never Marten's tombstone stream.</summary>
[Collection(ApiCollection.Name)]
public sealed class StatusCountTests(GasLedgerApp app)
{
    [Fact]
    public async Task After_a_failed_append_the_status_counts_only_streams_with_events()
    {
        var active = await new Journey(app).Active();
        // A stale append straight through Marten fails at commit; Marten then keeps a tombstone stream of its own.
        var store = app.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(active.AccountId, 1, new GasLedger.Domain.Supply.AccountClosed(GasLedger.Domain.ClosureReason.HolderRequest, DateTimeOffset.UtcNow));
            await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
        }
        await using var cmd = app.Database.CreateCommand("select count(distinct stream_id) from gasledger.mt_events");
        var withEvents = (long)(await cmd.ExecuteScalarAsync())!;
        var status = await app.Get("/api/status");
        Assert.Equal(withEvents, status["streamCount"]!.GetValue<long>());
    }
}
