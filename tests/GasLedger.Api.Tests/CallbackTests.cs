using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections.Satisfaction;
using GasLedger.Projections;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using Snapshooter;
using static GasLedger.Api.Tests.Journey;

namespace GasLedger.Api.Tests;

/// <summary>
/// The callback plan, rates and deductions, and irregular-charge findings (R-CB-1..5) on the async callback read models.
/// Each test works in its own district.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CallbackTests(GasLedgerApp app)
{
    private static string NewDistrict() => "测试区" + Guid.NewGuid().ToString("N")[..8];

    private static string Q(string district) => Uri.EscapeDataString(district);

    private static Task<JsonNode?> Callback(Journey account, string kind, string staff, DateTimeOffset at, bool reached = true, Guid? follows = null,
        string? opinions = null, object? irregularCharge = null) =>
        account.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind, staff, reached, satisfaction = reached ? "satisfied" : null, followsWorkId = follows,
            irregularCharge = irregularCharge ?? new { reported = false }, opinions, occurredAt = at,
        }, 201);

    private static async Task<Guid> Inspection(Journey account, DateTimeOffset at, object? charge = null) =>
        (await account.Post(StaffRoles.Technician, "/inspections",
            new { inspector = "S-3101", outcome = "passed", requestedByHolder = false, charge, occurredAt = at }, 201))!["inspectionId"]!.GetValue<Guid>();

    private static async Task<Guid> Repair(Journey account, DateTimeOffset at, object? charge = null)
    {
        var repair = (await account.Post(StaffRoles.Agent, "/repairs", new { emergency = false, description = "灶具打不着火", location = "urban", occurredAt = at }, 201))!["repairId"]!.GetValue<Guid>();
        await account.Post(StaffRoles.Agent, $"/repairs/{repair}/dispatch", new { technician = "S-2102", occurredAt = at.AddMinutes(10) });
        await account.Post(StaffRoles.Technician, $"/repairs/{repair}/arrive", new { occurredAt = at.AddMinutes(60) });
        await account.Post(StaffRoles.Technician, $"/repairs/{repair}/complete",
            new { airtightnessPassed = true, hazards = Array.Empty<object>(), charge, occurredAt = at.AddMinutes(120) });
        return repair;
    }

    private Task<JsonNode> Plan(string week, string district) => app.Get($"/api/callbacks/plan?week={week}&district={Q(district)}");

    private Task<JsonNode> Rates(string month, string district) => app.Get($"/api/callbacks/rates?month={month}&district={Q(district)}");

    private static JsonNode Kind(JsonNode rates, string kind) => rates["kinds"]!.AsArray().Single(k => k!["kind"]!.GetValue<string>() == kind)!;

    /// <summary>
    /// October 2026 in one district. Account A (gas on 8 September, installed 4 September, individual): three inspections
    /// on 5–7 October, two of them called back in the week after (S-6101, S-6102); its installation called back on
    /// 14 October by S-6101 with an opinion; an after-ignition call that did not reach the holder (S-6103). Account B
    /// (the same start): its installation never called back; a complaint resolved on 16 October and followed up the
    /// next day by S-6104; a repair on 22 October never called back.
    /// </summary>
    private async Task<(Journey A, Journey B)> October(string district)
    {
        var a = await new Journey(app).Active(Application(district: district));
        var first = await Inspection(a, Day(10, 5));
        var second = await Inspection(a, Day(10, 6));
        await Inspection(a, Day(10, 7));
        await Callback(a, "afterInspection", "S-6101", Day(10, 12), follows: first);
        await Callback(a, "afterInspection", "S-6102", Day(10, 13), follows: second);
        await Callback(a, "afterInstallation", "S-6101", Day(10, 14), opinions: "希望上门服务前电话联系");
        await Callback(a, "afterIgnition", "S-6103", Day(10, 14, 15), reached: false);

        var b = await new Journey(app).Active(Application(district: district));
        var complaint = (await b.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "delay", complexity = "simple", content = "维修预约迟迟未到", occurredAt = Day(10, 15, 9) }, 201))!["complaintId"]!.GetValue<Guid>();
        await b.Post(StaffRoles.Agent, $"/complaints/{complaint}/reply", new { by = "S-5101", decision = "安排维修", occurredAt = Day(10, 15, 15) });
        await b.Post(StaffRoles.Agent, $"/complaints/{complaint}/resolve", new { by = "S-5101", resolution = "已维修", occurredAt = Day(10, 16) });
        await b.Post(StaffRoles.CallbackStaff, $"/complaints/{complaint}/follow-up", new { by = "S-6104", satisfaction = "satisfied", occurredAt = Day(10, 17) });
        await Repair(b, Day(10, 22, 8));

        await app.WaitForProjections();
        return (a, b);
    }

    [Fact]
    public async Task R_CB_1_plan_of_a_week_lists_who_to_call_back_and_who_was_called()
    {
        var district = NewDistrict();
        var a = await new Journey(app).Active(Application(district: district));
        var b = await new Journey(app).Active(Application(district: district));
        // Gas on Tuesday 8 September (2026-W37): the after-ignition callback is due in W38, 14–20 September. B is called on the 15th.
        await Callback(b, "afterIgnition", "S-6001", Day(9, 15));
        await app.WaitForProjections();
        var numberA = (await app.Get(a.A))["number"]!.GetValue<string>();
        var numberB = (await app.Get(b.A))["number"]!.GetValue<string>();

        var w38 = await Plan("2026-W38", district);
        Assert.Equal(("2026-W38", "2026-09-14", "2026-09-20", 2L),
            (w38["week"]!.GetValue<string>(), w38["weekStart"]!.GetValue<string>(), w38["weekEnd"]!.GetValue<string>(), w38["total"]!.GetValue<long>()));
        var items = w38["items"]!.AsArray();
        Assert.All(items, i => Assert.Equal(("afterIgnition", "S-2001", "2026-09-08", "2026-09-14", "2026-09-20"),
            (i!["kind"]!.GetValue<string>(), i["workStaff"]!.GetValue<string>(), i["workDate"]!.GetValue<string>(), i["windowStart"]!.GetValue<string>(),
                i["windowEnd"]!.GetValue<string>())));
        var itemA = items.Single(i => i!["accountNumber"]!.GetValue<string>() == numberA)!;
        var itemB = items.Single(i => i!["accountNumber"]!.GetValue<string>() == numberB)!;
        Assert.Null(itemA["calledBackAt"]);
        Assert.Equal(Day(9, 15), itemB["calledBackAt"]!.GetValue<DateTimeOffset>());
        Assert.True(itemB["onTime"]!.GetValue<bool>());
        Assert.Equal(district, itemA["address"]!["district"]!.GetValue<string>());

        // W39 and W40 (to 4 October) owe nothing; W41 holds the after-installation callbacks, due over October's working
        // days: from 8 October, after National Day, to Friday the 30th (R-CB-6: no callbacks on holidays).
        Assert.Equal(0, (await Plan("2026-W39", district))["total"]!.GetValue<long>());
        Assert.Equal(0, (await Plan("2026-W40", district))["total"]!.GetValue<long>());
        var w41 = await Plan("2026-W41", district);
        Assert.Equal(2, w41["total"]!.GetValue<long>());
        Assert.All(w41["items"]!.AsArray(), i => Assert.Equal(("afterInstallation", "S-1021", "2026-10-08", "2026-10-30"),
            (i!["kind"]!.GetValue<string>(), i["workStaff"]!.GetValue<string>(), i["windowStart"]!.GetValue<string>(), i["windowEnd"]!.GetValue<string>())));

        // Paged: one a page.
        var page2 = await app.Get($"/api/callbacks/plan?week=2026-W38&district={Q(district)}&page=2&pageSize=1");
        Assert.Equal((2, 1, 2L, 1), (page2["page"]!.GetValue<int>(), page2["pageSize"]!.GetValue<int>(), page2["total"]!.GetValue<long>(), page2["items"]!.AsArray().Count));
    }

    [Fact]
    public async Task R_CB_1_key_customer_is_planned_for_its_quarter_until_called()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Active(Application(district: district));
        // 700 m³ in a year: residential tier A, so a key customer (R-CLS-2/4), owed one callback in Q4.
        await account.Post(StaffRoles.Technician, "/usage", new { kind = "meterReading", volumeM3 = 700, periodEnd = "2026-10-31", occurredAt = Day(10, 31, 12) }, 201);
        await app.WaitForProjections();

        var w45 = await Plan("2026-W45", district);
        var item = Assert.Single(w45["items"]!.AsArray())!;
        Assert.Null(item["calledBackAt"]);
        Assert.Equal(("keyCustomer", "2026-Q4", "2026-10-08", "2026-12-31", "2026-12"),
            (item["kind"]!.GetValue<string>(), item["work"]!.GetValue<string>(), item["windowStart"]!.GetValue<string>(),
                item["windowEnd"]!.GetValue<string>(), item["dueMonth"]!.GetValue<string>()));

        await Callback(account, "keyCustomer", "S-7001", Day(11, 3));
        await app.WaitForProjections();

        // Called on Tuesday 3 November: still in the plan of its week, with when; no longer in the next week's.
        Assert.Equal(Day(11, 3), (await Plan("2026-W45", district))["items"]![0]!["calledBackAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0, (await Plan("2026-W46", district))["total"]!.GetValue<long>());
        var december = Kind(await Rates("2026-12", district), "keyCustomer");
        Assert.Equal((1, 1, 1m, 0), (december["due"]!.GetValue<int>(), december["calledBack"]!.GetValue<int>(), december["rate"]!.GetValue<decimal>(),
            december["pointsLost"]!.GetValue<int>()));
    }

    [Fact]
    public async Task R_CB_3_rates_per_kind_against_required_rates_for_a_month()
    {
        var district = NewDistrict();
        await October(district);
        var rates = await Rates("2026-10", district);

        Assert.Equal("2026-10", rates["month"]!.GetValue<string>());
        Assert.Equal(["afterIgnition", "afterInspection", "afterInstallation", "afterRepair", "afterComplaint", "keyCustomer", "holiday"],
            rates["kinds"]!.AsArray().Select(k => k!["kind"]!.GetValue<string>()));

        var inspection = Kind(rates, "afterInspection");
        Assert.Equal((3, 2, 2), (inspection["due"]!.GetValue<int>(), inspection["calledBack"]!.GetValue<int>(), inspection["callbacksMade"]!.GetValue<int>()));
        Assert.Equal(2m / 3m, inspection["rate"]!.GetValue<decimal>());
        Assert.Equal(0.80m, inspection["requiredRate"]!.GetValue<decimal>());

        var installation = Kind(rates, "afterInstallation");
        Assert.Equal((2, 1, 0.5m, 1.00m), (installation["due"]!.GetValue<int>(), installation["calledBack"]!.GetValue<int>(),
            installation["rate"]!.GetValue<decimal>(), installation["requiredRate"]!.GetValue<decimal>()));

        var repair = Kind(rates, "afterRepair");
        Assert.Equal((1, 0, 0m), (repair["due"]!.GetValue<int>(), repair["calledBack"]!.GetValue<int>(), repair["rate"]!.GetValue<decimal>()));

        var complaint = Kind(rates, "afterComplaint");
        Assert.Equal((1, 1, 1m, 0), (complaint["due"]!.GetValue<int>(), complaint["calledBack"]!.GetValue<int>(), complaint["rate"]!.GetValue<decimal>(),
            complaint["pointsLost"]!.GetValue<int>()));

        // The ignitions' callbacks fell due in September: none in October, so no rate; the unreached call is still a callback made.
        var ignition = Kind(rates, "afterIgnition");
        Assert.Equal((0, 1), (ignition["due"]!.GetValue<int>(), ignition["callbacksMade"]!.GetValue<int>()));
        Assert.Null(ignition["rate"]);
        Assert.Null(Kind(rates, "holiday")["requiredRate"]);
    }

    [Fact]
    public async Task R_CB_5_deductions_name_who_made_the_kinds_callbacks_and_cost_a_point_per_band_or_part()
    {
        var district = NewDistrict();
        await October(district);
        var rates = await Rates("2026-10", district);

        // Inspections 2/3 against 80 %: 13.3 % short, two bands: each of the two callers loses 2.
        var inspection = Kind(rates, "afterInspection");
        Assert.Equal((2, 2), (inspection["bands"]!.GetValue<int>(), inspection["pointsLost"]!.GetValue<int>()));
        Assert.Equal(["S-6101", "S-6102"], inspection["responsible"]!.AsArray().Select(s => s!.GetValue<string>()));
        // Installations 1/2 against 100 %: five bands. Repairs 0/1: ten bands, and nobody called: unassigned.
        Assert.Equal(5, Kind(rates, "afterInstallation")["pointsLost"]!.GetValue<int>());
        Assert.Equal(10, Kind(rates, "afterRepair")["pointsLost"]!.GetValue<int>());
        Assert.Empty(Kind(rates, "afterRepair")["responsible"]!.AsArray());

        var deductions = rates["deductions"]!.AsArray()
            .Select(d => (d!["staff"]?.GetValue<string>(), d["kind"]!.GetValue<string>(), d["points"]!.GetValue<int>(), d["basis"]!.GetValue<string>()))
            .ToArray();
        Assert.Equal(new (string?, string, int, string)[]
        {
            ("S-6101", "afterInspection", 2, "madeCallbacks"),
            ("S-6102", "afterInspection", 2, "madeCallbacks"),
            ("S-6101", "afterInstallation", 5, "madeCallbacks"),
            (null, "afterRepair", 10, "unassigned"),
        }, deductions);
        Assert.Equal([("S-6101", 7), ("S-6102", 2)],
            rates["pointsByStaff"]!.AsArray().Select(p => (p!["staff"]!.GetValue<string>(), p["points"]!.GetValue<int>())));
    }

    [Fact]
    public async Task R_CB_3_monthly_ledger_totals_and_opinions()
    {
        var district = NewDistrict();
        var (a, _) = await October(district);
        var rates = await Rates("2026-10", district);

        var ledger = rates["ledger"]!;
        Assert.Equal((5, 4, 1, 1, 0, 1), (ledger["callbacks"]!.GetValue<int>(), ledger["reached"]!.GetValue<int>(), ledger["notReached"]!.GetValue<int>(),
            ledger["complaintFollowUps"]!.GetValue<int>(), ledger["irregularChargesReported"]!.GetValue<int>(), ledger["withOpinions"]!.GetValue<int>()));
        Assert.Equal([("afterIgnition", 1, 0), ("afterInspection", 2, 2), ("afterInstallation", 1, 1), ("afterComplaint", 1, 1)],
            ledger["byKind"]!.AsArray().Select(k => (k!["kind"]!.GetValue<string>(), k["callbacks"]!.GetValue<int>(), k["reached"]!.GetValue<int>())));

        var opinion = Assert.Single(rates["opinions"]!.AsArray())!;
        Assert.Equal(("希望上门服务前电话联系", "S-6101", "afterInstallation", a.AccountId),
            (opinion["opinions"]!.GetValue<string>(), opinion["staff"]!.GetValue<string>(), opinion["kind"]!.GetValue<string>(), opinion["accountId"]!.GetValue<Guid>()));

        // Another month of the same district holds none of it.
        Assert.Equal(0, (await Rates("2026-11", district))["ledger"]!["callbacks"]!.GetValue<int>());
    }

    [Fact]
    public async Task R_CB_3_rates_of_a_month_match_the_snapshot()
    {
        // A district name of its own, fixed so the snapshot is the same on every run (the database is reset when the tests start).
        await October("快照区-回访率");
        Snapshot.Match(Normalised.Of(await Rates("2026-10", "快照区-回访率")));
    }

    /// <summary>
    /// One account with every kind of R-CB-4 finding: at ignition a hose of 45 and a charge of 20 without invoice; an
    /// inspector who charged 10; a callback that heard of an over-length pipe charge of 200 where the counter recorded
    /// 150, and reported it; a repair charge of 30 without invoice. A second callback heard 150: no finding.
    /// </summary>
    private async Task<Journey> EveryFinding(string district)
    {
        var account = await new Journey(app).Applied(Application(district: district));
        await account.Post(StaffRoles.Agent, "/application-fee", new { amount = 2400, invoiceNumber = "33010000999", invoiceDate = "2026-09-01", occurredAt = Day(9, 1, 9, 20) });
        await account.Post(StaffRoles.Agent, "/installation/schedule", new { kind = "new", appointmentDate = "2026-09-04", occurredAt = Day(9, 2) });
        await account.Post(StaffRoles.Technician, "/installation/complete",
            new { installer = "S-1031", meterSerial = "M2026090099", pipeLengthMeters = 12, overLengthCharge = 150, occurredAt = Day(9, 4, 15) });
        await account.Post(StaffRoles.Agent, "/ignition/request", new { requestedDate = "2026-09-08", occurredAt = Day(9, 5, 9) });
        await account.Post(StaffRoles.Technician, "/ignition/complete", new
        {
            technician = "S-2031", stoveHasFlameOutProtection = true, airtightnessPassed = true,
            hose = new { lengthMeters = 1.5, price = 45, invoiced = false }, charge = new { amount = 20, invoiced = false }, occurredAt = Day(9, 8, 10, 30),
        });
        await Inspection(account, Day(10, 10), charge: new { amount = 10, invoiced = true });
        await Callback(account, "afterInstallation", "S-6201", Day(10, 12),
            irregularCharge: new { reported = true, detail = "安装时另收超长管费200元", overLengthChargeHeard = 200 });
        await Callback(account, "afterInstallation", "S-6202", Day(10, 13), irregularCharge: new { reported = false, overLengthChargeHeard = 150 });
        await Repair(account, Day(10, 22, 8), charge: new { amount = 30, invoiced = false });
        await app.WaitForProjections();
        return account;
    }

    [Fact]
    public async Task R_CB_4_findings_list_every_irregular_charge_of_the_period()
    {
        var district = NewDistrict();
        await EveryFinding(district);
        var findings = await app.Get($"/api/callbacks/findings?from=2026-09-01&to=2026-10-31&district={Q(district)}");

        Assert.Equal(6, findings["total"]!.GetValue<long>());
        Assert.Equal(new (string, decimal?, string?)[]
        {
            ("hoseNotInvoiced", 45m, "S-2031"),
            ("ignitionChargeNotInvoiced", 20m, "S-2031"),
            ("inspectorCharged", 10m, "S-3101"),
            ("overLengthChargeMismatch", 200m, "S-1031"),
            ("reportedAtCallback", null, "S-6201"),
            ("repairChargeNotInvoiced", 30m, "S-2102"),
        }, findings["items"]!.AsArray().Select(f => (f!["kind"]!.GetValue<string>(), f["amount"]?.GetValue<decimal>(), f["staff"]?.GetValue<string>())));
        var mismatch = findings["items"]![3]!;
        Assert.Equal((150m, "2026-10-12"), (mismatch["recordedAmount"]!.GetValue<decimal>(), mismatch["date"]!.GetValue<string>()));
        Assert.Equal("安装时另收超长管费200元", findings["items"]![4]!["detail"]!.GetValue<string>());

        var october = await app.Get($"/api/callbacks/findings?from=2026-10-01&to=2026-10-31&district={Q(district)}&kind=repairChargeNotInvoiced");
        Assert.Equal("repairChargeNotInvoiced", Assert.Single(october["items"]!.AsArray())!["kind"]!.GetValue<string>());
        Assert.Equal(0, (await app.Get($"/api/callbacks/findings?from=2026-11-01&to=2026-11-30&district={Q(district)}"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task R_CB_4_findings_match_the_snapshot()
    {
        await EveryFinding("快照区-违规收费");
        Snapshot.Match(Normalised.Of(await app.Get($"/api/callbacks/findings?from=2026-09-01&to=2026-10-31&district={Q("快照区-违规收费")}")));
    }

    [Fact]
    public async Task R_CB_4_a_negative_over_length_charge_heard_is_refused()
    {
        var account = await new Journey(app).Active(Application(district: NewDistrict()));
        var problem = await account.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterInstallation", reached = true, irregularCharge = new { reported = false, overLengthChargeHeard = -5 }, occurredAt = Day(10, 1),
        }, 400);
        Assert.NotNull(problem!["errors"]!["irregularCharge.overLengthChargeHeard"]);
    }

    [Fact]
    public async Task Rebuilt_from_zero_the_projections_give_the_same_answers()
    {
        var district = NewDistrict();
        await October(district);
        await EveryFinding(district);
        string[] reads =
        [
            $"/api/satisfaction?from=2026-09-01&to=2026-10-31&groupBy=staff&district={Q(district)}",
            $"/api/callbacks/rates?month=2026-10&district={Q(district)}",
            $"/api/callbacks/plan?week=2026-W42&district={Q(district)}",
            $"/api/callbacks/plan?week=2026-W44&district={Q(district)}",
            $"/api/callbacks/findings?from=2026-09-01&to=2026-10-31&district={Q(district)}",
        ];
        var before = new List<string>();
        foreach (var read in reads) before.Add((await app.Get(read)).ToJsonString());

        // The district's documents are deleted, then every document of the three projections is torn down and made
        // again from the events, today: business time and the account histories in the events give the same documents.
        foreach (var table in new[] { "satisfaction_observation", "callback_plan_item", "irregular_charge_finding" })
        {
            await using var delete = app.Database.CreateCommand($"delete from gasledger.mt_doc_{table} where data ->> 'district' = $1");
            delete.Parameters.AddWithValue(district);
            Assert.True(await delete.ExecuteNonQueryAsync() > 0);
        }
        var daemon = app.Host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>().DaemonForMainDatabase();
        // The three are part of the ReadModels composite (one pass over the log), rebuilt together.
        await daemon.RebuildProjectionAsync(GasLedger.Projections.GasLedgerProjections.ReadModels, TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.StartAllAsync(); // a rebuild leaves its shard stopped: the daemon goes on following the event log

        var after = new List<string>();
        foreach (var read in reads) after.Add((await app.Get(read)).ToJsonString());
        Assert.Equal(before, after);
        Assert.Contains("\"pointsLost\":10", before[1]);
        Assert.Contains("overLengthChargeMismatch", before[4]);
    }

    [Theory]
    [InlineData("/api/callbacks/plan?week=2026-W54", "week")]
    [InlineData("/api/callbacks/plan?week=2026-48", "week")]
    [InlineData("/api/callbacks/plan?week=２０２６-W48", "week")]
    [InlineData("/api/callbacks/plan?week=2026-W48&page=0", "page")]
    [InlineData("/api/callbacks/plan?week=2026-W48&pageSize=501", "pageSize")]
    [InlineData("/api/callbacks/rates?month=2026-13", "month")]
    [InlineData("/api/callbacks/rates?month=October", "month")]
    [InlineData("/api/callbacks/findings?from=2026-10-32", "from")]
    [InlineData("/api/callbacks/findings?from=2026-10-02&to=2026-10-01", "to")]
    [InlineData("/api/callbacks/findings?kind=overcharge", "kind")]
    public async Task Bad_query_input_is_400_with_the_field(string url, string field)
    {
        var problem = await app.Get(url, expect: 400);
        Assert.NotNull(problem["errors"]![field]);
    }
}
