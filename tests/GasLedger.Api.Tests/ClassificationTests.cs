using System.Text.Json.Nodes;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ClassificationTests(GasLedgerApp app)
{
    private static string District() => "分类区" + Guid.NewGuid().ToString("N")[..6];

    private static object Application(string district, bool specialCare = false) => new
    {
        holder = new { kind = "person", name = "郑一", specialCare },
        address = new { district, community = "c", building = "1" },
        category = "residential", buildingType = "multiStorey", meterType = "readMeter", paymentMethod = "counter",
        channel = "counter", nature = "individual", priority = "waiting", occurredAt = Journey.Day(9, 1, 9),
    };

    [Fact]
    public async Task R_CLS_2_to_4_tiers_stages_and_service_levels_move_with_the_date()
    {
        var district = District();
        var big = await new Journey(app).Active(Application(district));
        await big.Post(StaffRoles.Technician, "/usage", new { kind = "meterReading", volumeM3 = 700, periodEnd = "2026-10-31", occurredAt = Journey.Day(11, 1) }, 201);
        var care = await new Journey(app).Active(Application(district, specialCare: true));
        await new Journey(app).Applied(Application(district));
        await app.WaitForProjections(); // the classification is a read model of the async daemon
        var d = Uri.EscapeDataString(district);

        var now = await app.Get($"/api/classification?asOf=2026-11-20&district={d}");
        Assert.Equal(3, now["counts"]!["total"]!.GetValue<int>());
        Assert.Equal(1, now["counts"]!["byTier"]!["A"]!.GetValue<int>());
        Assert.Equal(2, now["counts"]!["byTier"]!["C"]!.GetValue<int>());
        Assert.Equal(1, now["counts"]!["byServiceLevel"]!["key"]!.GetValue<int>());
        Assert.Equal(1, now["counts"]!["byServiceLevel"]!["care"]!.GetValue<int>());
        Assert.Equal(2, now["counts"]!["byStage"]!["new"]!.GetValue<int>());
        Assert.Equal(1, now["counts"]!["byStage"]!["prospect"]!.GetValue<int>());

        var key = await app.Get($"/api/classification?asOf=2026-11-20&district={d}&serviceLevel=key");
        Assert.Equal(1, key["total"]!.GetValue<long>());
        var item = key["items"]![0]!;
        Assert.Equal(big.AccountId, item["accountId"]!.GetValue<Guid>());
        Assert.Equal("A", item["tier"]!.GetValue<string>());
        Assert.Equal(700m, item["volumeLast12Months"]!.GetValue<decimal>());

        // Thirteen months on, the reading has left the 12-month window: tier C, and no volume for 6 months: dormant.
        var later = await app.Get($"/api/classification?asOf=2027-12-01&district={d}&tier=C");
        Assert.Equal(3, later["total"]!.GetValue<long>());
        Assert.Equal(2, later["counts"]!["byStage"]!["dormant"]!.GetValue<int>());
        Assert.Equal(1, later["counts"]!["byServiceLevel"]!["care"]!.GetValue<int>());

        // Before the applications nothing is classified.
        var before = await app.Get($"/api/classification?asOf=2026-08-31&district={d}");
        Assert.Equal(0, before["counts"]!["total"]!.GetValue<int>());
        Assert.Equal(care.AccountId, (await app.Get($"/api/classification?asOf=2026-11-20&district={d}&serviceLevel=care"))["items"]![0]!["accountId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task R_CLS_5_open_hazards_are_a_risk_flag_until_rectified()
    {
        var district = District();
        var account = await new Journey(app).Active(Application(district));
        var inspection = await account.Post(StaffRoles.Technician, "/inspections",
            new { outcome = "hazardsFound", hazards = new[] { new { code = "agedHose", severity = "minor" } }, occurredAt = Journey.Day(10, 1) }, 201);
        await account.Post(StaffRoles.Technician, $"/hazards/{inspection!["hazardIds"]![0]}/rectify", new { occurredAt = Journey.Day(10, 20) });
        await app.WaitForProjections();
        var d = Uri.EscapeDataString(district);

        JsonArray Flags(JsonNode answer) => answer["items"]![0]!["riskFlags"]!.AsArray();
        Assert.Contains(Flags(await app.Get($"/api/classification?asOf=2026-10-10&district={d}")), f => f!.GetValue<string>() == "openHazards");
        Assert.Empty(Flags(await app.Get($"/api/classification?asOf=2026-10-25&district={d}")));
    }

    [Fact]
    public async Task Bad_classification_arguments_are_400_with_the_field()
    {
        var answer = await app.Get("/api/classification?tier=Z&asOf=tomorrow&pageSize=9999", expect: 400);
        Assert.NotNull(answer["errors"]!["tier"]);
        Assert.NotNull(answer["errors"]!["asOf"]);
        Assert.NotNull(answer["errors"]!["pageSize"]);
    }

    [Fact]
    public async Task R_INSP_1_accounts_fall_due_a_year_after_gas_on_and_a_not_home_visit_does_not_count()
    {
        var district = District();
        var account = await new Journey(app).Active(Application(district)); // gas on 2026-09-08
        await account.Post(StaffRoles.Technician, "/inspections", new { outcome = "notHome", occurredAt = Journey.Day(10, 5) }, 201);
        await app.WaitForProjections(); // inspections due is a read model of the async daemon
        var d = Uri.EscapeDataString(district);

        Assert.Equal(0, (await app.Get($"/api/inspections/due?asOf=2027-07-01&district={d}"))["total"]!.GetValue<long>());
        var due = await app.Get($"/api/inspections/due?asOf=2027-08-20&district={d}");
        Assert.Equal(1, due["total"]!.GetValue<long>());
        Assert.Equal("2027-09-08", due["items"]![0]!["nextDue"]!.GetValue<string>());
        Assert.Equal("due", due["items"]![0]!["due"]!.GetValue<string>());
        Assert.Null(due["items"]![0]!["lastInspected"]);

        var overdue = await app.Get($"/api/inspections/due?asOf=2027-10-01&district={d}");
        Assert.Equal("overdue", overdue["items"]![0]!["due"]!.GetValue<string>());
        Assert.Equal(23, overdue["items"]![0]!["daysOverdue"]!.GetValue<int>());
        Assert.Equal(1, overdue["overdue"]!.GetValue<int>());
    }

    [Fact]
    public async Task R_INSP_1_public_service_buildings_are_listed_before_national_day()
    {
        var district = District();
        var account = await new Journey(app).Active(new
        {
            holder = new { kind = "organisation", name = "市第一小学" },
            address = new { district, community = "c", building = "1" },
            category = "publicService", meterType = "readMeter", paymentMethod = "counter",
            channel = "counter", nature = "individual", priority = "waiting", occurredAt = Journey.Day(9, 1, 9),
        });
        await app.WaitForProjections();
        var due = await app.Get($"/api/inspections/due?asOf=2026-09-20&district={Uri.EscapeDataString(district)}");
        var item = Assert.Single(due["items"]!.AsArray())!;
        Assert.Equal(account.AccountId, item["accountId"]!.GetValue<Guid>());
        Assert.Equal("beforeNationalDay", item["reason"]!.GetValue<string>());
        Assert.Equal("2026-09-30", item["nextDue"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_reports_the_event_log_and_every_async_projection_caught_up()
    {
        await new Journey(app).Active();
        await app.WaitForProjections();
        var status = await app.Get("/api/status", StaffRoles.Auditor);
        Assert.True(status["lastSequence"]!.GetValue<long>() > 0);
        Assert.True(status["eventCount"]!.GetValue<long>() >= status["streamCount"]!.GetValue<long>());
        Assert.All(status["asyncProjections"]!.AsArray(), p => Assert.Equal(0, p!["lag"]!.GetValue<long>()));
    }
}
