using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using Snapshooter;
using Snapshooter.Xunit;
using static GasLedger.Api.Tests.Journey;

namespace GasLedger.Api.Tests;

/// <summary>
/// <c>GET /api/satisfaction</c> (R-SAT-1..4) on the async observation index. Each test works in its own district, so
/// the figures are its own whatever else the shared database holds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SatisfactionTests(GasLedgerApp app)
{
    private static string NewDistrict() => "测试区" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Two accounts in one district, September and October 2026:
    /// A — after-ignition callback very satisfied (100, rates ignition technician S-2001), technician rating of S-2001
    ///     at ignition (100, 80, 80, 100: one observation of 90), counter keypad satisfied (80, S-1001);
    /// B — a complaint resolved by S-5001 and followed up dissatisfied (0), resolved again and followed up satisfied
    ///     (80); a repair by S-2002 called back satisfied (80); an after-ignition callback that did not reach the holder
    ///     (no observation).
    /// </summary>
    private async Task<string> TwoAccounts(string? district = null)
    {
        district ??= NewDistrict();
        var a = await new Journey(app).Active(Application(district: district));
        await a.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterIgnition", staff = "S-6001", reached = true, satisfaction = "verySatisfied", irregularCharge = new { reported = false },
            occurredAt = Day(9, 15, 10),
        }, 201);
        await a.Post(StaffRoles.Technician, "/ratings", new
        {
            source = "technician", staff = "S-2001", stage = "ignition", attitude = "verySatisfied", skill = "satisfied",
            arrivalTime = "satisfied", promiseKeeping = "verySatisfied", occurredAt = Day(9, 15, 11),
        }, 201);
        await a.Post(StaffRoles.Agent, "/ratings", new { source = "counterKeypad", staff = "S-1001", stage = "counter", satisfaction = "satisfied", occurredAt = Day(9, 16) }, 201);

        var b = await new Journey(app).Active(Application(district: district));
        var complaint = (await b.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "charges", complexity = "simple", content = "点火时收软管费未开票", occurredAt = Day(10, 15, 9) }, 201))!["complaintId"]!.GetValue<Guid>();
        var c = $"/complaints/{complaint}";
        await b.Post(StaffRoles.Agent, c + "/reply", new { by = "S-5001", decision = "核查收费记录", occurredAt = Day(10, 15, 16) });
        await b.Post(StaffRoles.Agent, c + "/resolve", new { by = "S-5001", resolution = "补开发票", occurredAt = Day(10, 16) });
        await b.Post(StaffRoles.CallbackStaff, c + "/follow-up", new { by = "S-6001", satisfaction = "dissatisfied", occurredAt = Day(10, 17) });
        await b.Post(StaffRoles.Agent, c + "/resolve", new { by = "S-5001", resolution = "补开发票并致歉", occurredAt = Day(10, 19) });
        await b.Post(StaffRoles.CallbackStaff, c + "/follow-up", new { by = "S-6001", satisfaction = "satisfied", occurredAt = Day(10, 20) });

        var repair = (await b.Post(StaffRoles.Agent, "/repairs", new { emergency = false, description = "灶具打不着火", location = "urban", occurredAt = Day(10, 22, 8) }, 201))!["repairId"]!.GetValue<Guid>();
        await b.Post(StaffRoles.Agent, $"/repairs/{repair}/dispatch", new { technician = "S-2002", occurredAt = Day(10, 22, 8, 10) });
        await b.Post(StaffRoles.Technician, $"/repairs/{repair}/arrive", new { occurredAt = Day(10, 22, 9) });
        await b.Post(StaffRoles.Technician, $"/repairs/{repair}/complete", new { airtightnessPassed = true, hazards = Array.Empty<object>(), occurredAt = Day(10, 22, 10) });
        await b.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterRepair", staff = "S-6001", reached = true, satisfaction = "satisfied", irregularCharge = new { reported = false },
            followsWorkId = repair, occurredAt = Day(10, 22, 11),
        }, 201);
        await b.Post(StaffRoles.CallbackStaff, "/callbacks", new { kind = "afterIgnition", staff = "S-6001", reached = false, occurredAt = Day(10, 23) }, 201);

        await app.WaitForProjections();
        return district;
    }

    private Task<JsonNode> Satisfaction(string query) => app.Get("/api/satisfaction?" + query);

    private static JsonNode Group(JsonNode answer, string key) =>
        answer["groups"]!.AsArray().Single(g => g!["key"]?.GetValue<string>() == key)!;

    private static decimal Index(JsonNode node) => node["index"]!.GetValue<decimal>();

    private static Dictionary<string, (int Observations, decimal? Mean)> Sources(JsonNode node) =>
        node["sources"]!.AsArray().ToDictionary(s => s!["source"]!.GetValue<string>(),
            s => (s!["observations"]!.GetValue<int>(), s["meanScore"]?.GetValue<decimal>()));

    [Fact]
    public async Task R_SAT_4_by_month_each_month_and_the_period_have_their_weighted_index()
    {
        var district = await TwoAccounts();
        var answer = await Satisfaction($"from=2026-09-01&to=2026-10-31&groupBy=month&district={Uri.EscapeDataString(district)}");

        Assert.Equal(["2026-09", "2026-10"], answer["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));

        // September: callbacks 100, technicians 90, keypad 80: (0.4 × 100 + 0.3 × 90 + 0.2 × 80) / 0.9 = 83 / 0.9.
        var september = Group(answer, "2026-09");
        Assert.Equal(83m / 0.9m, Index(september));
        Assert.Equal(92.2m, september["display"]!.GetValue<decimal>());
        Assert.Equal(3, september["observations"]!.GetValue<int>());
        var sources = Sources(september);
        Assert.Equal((1, 100m), sources["callback"]);
        Assert.Equal((1, 90m), sources["technician"]); // one rating, one observation: the mean of its four items
        Assert.Equal((1, 80m), sources["counterKeypad"]);
        Assert.Equal((0, (decimal?)null), sources["complaintFollowUp"]);

        // October: callbacks 80 (the unreached one is no observation), follow-ups (0 + 80) / 2: (0.4 × 80 + 0.1 × 40) / 0.5 = 72.
        var october = Group(answer, "2026-10");
        Assert.Equal(72m, Index(october));
        Assert.Equal(72.0m, october["display"]!.GetValue<decimal>());
        Assert.Equal((2, 40m), Sources(october)["complaintFollowUp"]);

        // The period: callbacks (100 + 80) / 2 = 90, technicians 90, keypad 80, follow-ups 40: 36 + 27 + 16 + 4 = 83.
        var overall = answer["overall"]!;
        Assert.Equal(83m, Index(overall));
        Assert.Equal(6, overall["observations"]!.GetValue<int>());
        Assert.Equal([2, 1, 1, 2, 0, 0], overall["sources"]!.AsArray().Select(s => s!["observations"]!.GetValue<int>()));
        Assert.Equal([0.4m, 0.3m, 0.2m, 0.1m, 0.1m, 0.1m], overall["sources"]!.AsArray().Select(s => s!["weight"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task R_SAT_4_by_stage_callbacks_count_at_the_stage_of_the_work_they_follow()
    {
        var district = await TwoAccounts();
        var answer = await Satisfaction($"from=2026-09-01&to=2026-10-31&groupBy=stage&district={Uri.EscapeDataString(district)}");

        Assert.Equal(["complaint", "counter", "ignition", "repair"], answer["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));
        Assert.Equal(67m / 0.7m, Index(Group(answer, "ignition"))); // (0.4 × 100 + 0.3 × 90) / 0.7
        Assert.Equal(95.7m, Group(answer, "ignition")["display"]!.GetValue<decimal>());
        Assert.Equal(80m, Index(Group(answer, "counter")));
        Assert.Equal(80m, Index(Group(answer, "repair")));
        Assert.Equal(40m, Index(Group(answer, "complaint")));
    }

    [Fact]
    public async Task R_SAT_4_by_staff_a_callback_rates_who_did_the_work_and_a_follow_up_who_resolved_the_complaint()
    {
        var district = await TwoAccounts();
        var answer = await Satisfaction($"from=2026-09-01&to=2026-10-31&groupBy=staff&district={Uri.EscapeDataString(district)}");

        Assert.Equal(["S-1001", "S-2001", "S-2002", "S-5001"], answer["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));
        var ignitionTechnician = Group(answer, "S-2001");
        Assert.Equal(67m / 0.7m, Index(ignitionTechnician));
        Assert.Equal((1, 100m), Sources(ignitionTechnician)["callback"]);
        Assert.Equal((1, 90m), Sources(ignitionTechnician)["technician"]);
        Assert.Equal(80m, Index(Group(answer, "S-2002")));
        Assert.Equal(40m, Index(Group(answer, "S-5001")));
        Assert.Equal(80m, Index(Group(answer, "S-1001")));
    }

    [Fact]
    public async Task R_SAT_4_by_district_each_district_has_its_own_index()
    {
        var first = await TwoAccounts();
        var second = NewDistrict();
        var other = await new Journey(app).Active(Application(district: second));
        await other.Post(StaffRoles.Agent, "/ratings", new { source = "counterKeypad", staff = "S-1002", stage = "counter", satisfaction = "fairlySatisfied", occurredAt = Day(10, 1) }, 201);
        await app.WaitForProjections();

        var answer = await Satisfaction("from=2026-09-01&to=2026-10-31&groupBy=district");

        Assert.Equal(83m, Index(Group(answer, first)));
        Assert.Equal(6, Group(answer, first)["observations"]!.GetValue<int>());
        Assert.Equal(60m, Index(Group(answer, second)));
        Assert.Equal((1, 60m), Sources(Group(answer, second))["counterKeypad"]);
    }

    [Fact]
    public async Task R_SAT_4_only_observations_within_the_period_count_and_dates_are_company_dates()
    {
        var district = await TwoAccounts();
        var september = await Satisfaction($"from=2026-09-01&to=2026-09-30&district={Uri.EscapeDataString(district)}");
        Assert.Equal(83m / 0.9m, Index(september["overall"]!));
        Assert.Equal("month", september["groupBy"]!.GetValue<string>());

        var oneDay = await Satisfaction($"from=2026-09-16&to=2026-09-16&district={Uri.EscapeDataString(district)}");
        Assert.Equal(80m, Index(oneDay["overall"]!));

        var none = await Satisfaction($"from=2026-01-01&to=2026-01-31&district={Uri.EscapeDataString(district)}");
        Assert.Null(none["overall"]!["index"]);
        Assert.Empty(none["groups"]!.AsArray());
    }

    [Fact]
    public async Task R_SAT_4_answer_by_stage_matches_the_snapshot()
    {
        // A district name of its own, fixed so the snapshot is the same on every run (the database is reset when the tests start).
        var district = await TwoAccounts("快照区-满意度");
        var answer = await Satisfaction($"from=2026-09-01&to=2026-10-31&groupBy=stage&district={Uri.EscapeDataString(district)}");
        Snapshot.Match(Normalised.Of(answer));
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-02-30", "to")]
    [InlineData("from=9999-12-31", "from")]
    [InlineData("from=2026-10-31&to=2026-10-01", "to")]
    [InlineData("groupBy=week", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    public async Task Bad_query_input_is_400_with_the_field(string query, string field)
    {
        var problem = await app.Get("/api/satisfaction?" + query, expect: 400);
        Assert.NotNull(problem["errors"]![field]);
    }
}
