using System.Text;
using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using static GasLedger.Api.Tests.Journey;

namespace GasLedger.Api.Tests;

/// <summary>
/// The ten ledgers (台账) of <c>GET /api/ledgers/{ledger}</c>, built by async projections from the events. Every test
/// works in a district of its own, since all tests share one database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LedgerTests(GasLedgerApp app)
{
    [Fact]
    public async Task Every_ledger_keeps_the_full_lifecycle_with_business_times_and_who_did_the_work()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Full(Application(district: district));
        var before = await app.Get($"{account.A}?asOf=2026-11-01");
        await app.WaitForProjections();
        var q = $"district={Uri.EscapeDataString(district)}";

        var application = Assert.Single(await Items("applications", q))!;
        Assert.Equal(account.AccountId, V<Guid>(application["accountId"]));
        Assert.Equal(S(before["number"]), S(application["accountNumber"]));
        Assert.Equal(district, S(application["district"]));
        Assert.Equal("翠苑一区", S(application["community"]));
        Assert.Equal("12", S(application["building"]));
        Assert.Equal("residential", S(application["category"]));
        Assert.Equal("multiStorey", S(application["buildingType"]));
        Assert.Equal("readMeter", S(application["meterType"]));
        Assert.Equal("bankDirectDebit", S(application["paymentMethod"]));
        Assert.Equal("counter", S(application["channel"]));
        Assert.Equal("individual", S(application["nature"]));
        Assert.Equal("waiting", S(application["priority"]));
        Assert.Equal(Day(9, 1, 9, 10), V<DateTimeOffset>(application["appliedAt"]));
        Assert.Equal(2400m, V<decimal>(application["feeAmount"]));
        Assert.Equal("33010000123", S(application["feeInvoiceNumber"]));
        Assert.Equal("2026-09-01", S(application["invoiceDate"]));
        Assert.Equal(Day(9, 1, 9, 20), V<DateTimeOffset>(application["feePaidAt"]));
        Assert.Equal(Agent, S(application["recordedBy"]));

        var installation = Assert.Single(await Items("installations", q))!;
        Assert.Equal(account.AccountId, V<Guid>(installation["accountId"]));
        Assert.Equal("new", S(installation["kind"]));
        Assert.Equal("2026-09-04", S(installation["appointmentDate"]));
        Assert.Equal(Day(9, 2), V<DateTimeOffset>(installation["scheduledAt"]));
        Assert.Equal(Day(9, 4, 15), V<DateTimeOffset>(installation["completedAt"]));
        Assert.Equal("S-1021", S(installation["installer"]));
        Assert.Equal("M2026090001", S(installation["meterSerial"]));
        Assert.Equal(6.5m, V<decimal>(installation["pipeLengthMeters"]));
        Assert.Equal(0m, V<decimal>(installation["overLengthCharge"]));

        var ignition = Assert.Single(await Items("ignitions", q))!;
        Assert.Equal("completed", S(ignition["outcome"]));
        Assert.Equal("S-2001", S(ignition["technician"]));
        Assert.Equal(Day(9, 5, 9), V<DateTimeOffset>(ignition["requestedAt"]));
        Assert.Equal("2026-09-08", S(ignition["requestedFor"]));
        Assert.Equal(Day(9, 8, 10, 30), V<DateTimeOffset>(ignition["visitAt"]));
        Assert.Equal(1.5m, V<decimal>(ignition["hoseLengthMeters"]));
        Assert.Equal(45m, V<decimal>(ignition["hosePrice"]));
        Assert.True(V<bool>(ignition["hoseInvoiced"]));
        Assert.Null(ignition["otherChargeAmount"]);
        Assert.Null(ignition["refusalReason"]);

        var inspection = Assert.Single(await Items("inspections", q))!;
        Assert.Equal("S-3001", S(inspection["inspector"]));
        Assert.Equal(Day(10, 10, 14), V<DateTimeOffset>(inspection["visitedAt"]));
        Assert.Equal("hazardsFound", S(inspection["outcome"]));
        Assert.False(V<bool>(inspection["requestedByHolder"]));
        Assert.Equal(1, V<int>(inspection["hazardCount"]));

        var hazard = Assert.Single(await Items("hazards", q))!;
        Assert.Equal(account.HazardId, V<Guid>(hazard["hazardId"]));
        Assert.Equal(V<Guid>(inspection["inspectionId"]), V<Guid>(hazard["inspectionId"]));
        Assert.Null(hazard["repairId"]);
        Assert.Equal("agedHose", S(hazard["code"]));
        Assert.Equal("minor", S(hazard["severity"]));
        Assert.Equal(Day(10, 10, 14), V<DateTimeOffset>(hazard["foundAt"]));
        Assert.Equal("S-3001", S(hazard["foundBy"]));
        Assert.False(V<bool>(hazard["open"]));
        Assert.False(V<bool>(hazard["suspendedSupply"]));
        Assert.Equal(Day(10, 12, 11), V<DateTimeOffset>(hazard["rectifiedAt"]));
        Assert.Equal("S-3001", S(hazard["recheckedBy"]));

        var transfer = Assert.Single(await Items("transfers", q))!;
        Assert.Equal(Day(11, 2), V<DateTimeOffset>(transfer["transferredAt"]));
        Assert.Equal(V<Guid>(before["holder"]!["partyId"]), V<Guid>(transfer["previousHolderPartyId"]));
        Assert.Equal(V<Guid>((await app.Get(account.A))["holder"]!["partyId"]), V<Guid>(transfer["newHolderPartyId"]));
        Assert.Equal("counter", S(transfer["paymentMethod"]));
        Assert.Null(transfer["bankLast4"]);
        Assert.Equal(Agent, S(transfer["recordedBy"]));
        // R-ACC-4: no personal data in the ledger, only party ids.
        foreach (var personal in new[] { "李四", "张三", "330102198805120021", "13900139000", "0012345" })
            Assert.DoesNotContain(personal, transfer.ToJsonString());

        var complaint = Assert.Single(await Items("complaints", q))!;
        Assert.Equal(account.ComplaintId, V<Guid>(complaint["complaintId"]));
        Assert.Matches(@"^TS-202610-\d{4}$", S(complaint["complaintNumber"]));
        Assert.Equal("phone", S(complaint["channel"]));
        Assert.Equal("charges", S(complaint["category"]));
        Assert.Equal("simple", S(complaint["complexity"]));
        Assert.Equal(Agent, S(complaint["receivedBy"]));
        Assert.Equal(Day(10, 15, 9), V<DateTimeOffset>(complaint["filedAt"]));
        Assert.False(V<bool>(complaint["escalated"]));
        Assert.Equal(Day(10, 15, 16), V<DateTimeOffset>(complaint["firstReplyAt"]));
        Assert.Equal("S-5001", S(complaint["firstReplyBy"]));
        Assert.Equal("核查收费记录", S(complaint["firstReplyDecision"]));
        Assert.Equal(Day(10, 19), V<DateTimeOffset>(complaint["resolvedAt"]));
        Assert.Equal("补开发票并致歉", S(complaint["resolution"]));
        Assert.Equal(2, V<int>(complaint["followUps"]));
        Assert.Equal("satisfied", S(complaint["lastSatisfaction"]));
        Assert.Equal(1, V<int>(complaint["timesReopened"]));
        Assert.Equal(Day(10, 20), V<DateTimeOffset>(complaint["closedAt"]));
        Assert.Equal("closed", S(complaint["status"]));

        var repair = Assert.Single(await Items("repairs", q))!;
        Assert.Equal(account.RepairId, V<Guid>(repair["repairId"]));
        Assert.False(V<bool>(repair["emergency"]));
        Assert.Equal("灶具打不着火", S(repair["description"]));
        Assert.Equal("urban", S(repair["location"]));
        Assert.Equal(Day(10, 22, 8), V<DateTimeOffset>(repair["reportedAt"]));
        Assert.Equal(Agent, S(repair["receivedBy"]));
        Assert.Equal(Day(10, 22, 8, 10), V<DateTimeOffset>(repair["dispatchedAt"]));
        Assert.Equal("S-2002", S(repair["technician"]));
        Assert.Equal(Day(10, 22, 9, 30), V<DateTimeOffset>(repair["arrivedAt"]));
        Assert.Equal(Day(10, 22, 10, 30), V<DateTimeOffset>(repair["completedAt"]));
        Assert.True(V<bool>(repair["airtightnessPassed"]));
        Assert.Equal(30m, V<decimal>(repair["chargeAmount"]));
        Assert.True(V<bool>(repair["chargeInvoiced"]));
        Assert.Equal(0, V<int>(repair["hazardsFound"]));
        Assert.Equal("completed", S(repair["status"]));

        var callback = Assert.Single(await Items("callbacks", q))!;
        Assert.Equal("afterRepair", S(callback["kind"]));
        Assert.Equal("S-6001", S(callback["staff"]));
        Assert.Equal(Day(10, 22, 10, 40), V<DateTimeOffset>(callback["calledAt"]));
        Assert.Equal(account.RepairId, V<Guid>(callback["followsWorkId"]));
        Assert.True(V<bool>(callback["reached"]));
        Assert.Equal("verySatisfied", S(callback["satisfaction"]));
        Assert.False(V<bool>(callback["irregularChargeReported"]));
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.CallbackStaff), S(callback["recordedBy"]));

        // R-CB-4: every charge taken, in the order taken: the fee, the hose at ignition, the repair.
        var charges = await Items("charges", q);
        Assert.Equal(["applicationFee", "hose", "repair"], charges.Select(c => S(c!["kind"])));
        Assert.Equal([2400m, 45m, 30m], charges.Select(c => V<decimal>(c!["amount"])));
        Assert.All(charges, c => Assert.True(V<bool>(c!["invoiced"])));
        Assert.Equal([Agent, "S-2001", "S-2002"], charges.Select(c => S(c!["staff"])));
        Assert.Equal([Day(9, 1, 9, 20), Day(9, 8, 10, 30), Day(10, 22, 10, 30)], charges.Select(c => V<DateTimeOffset>(c!["chargedAt"])));
        Assert.Equal("33010000123", S(charges[0]!["invoiceNumber"]));
        Assert.Equal(account.RepairId, V<Guid>(charges[2]!["workId"]));
        Assert.All(charges, c => Assert.Equal(account.AccountId, V<Guid>(c!["accountId"])));

        // Every row carries the account, its number and its district.
        foreach (var row in new[] { application, installation, ignition, inspection, hazard, transfer, complaint, repair, callback })
        {
            Assert.Equal(account.AccountId, V<Guid>(row["accountId"]));
            Assert.Equal(S(before["number"]), S(row["accountNumber"]));
            Assert.Equal(district, S(row["district"]));
        }
    }

    [Fact]
    public async Task R_IGN_2_R_CB_4_R_HAZ_2_ledgers_keep_refusals_irregular_charges_purchases_and_hazards_found_on_repairs()
    {
        var district = NewDistrict();
        var (account, repairId) = await IcCardAccountWithEverythingElse(district);
        await app.WaitForProjections();
        var q = $"district={Uri.EscapeDataString(district)}";

        var installation = Assert.Single(await Items("installations", q))!;
        Assert.Equal(120m, V<decimal>(installation["overLengthCharge"]));
        Assert.Equal(12m, V<decimal>(installation["pipeLengthMeters"]));
        Assert.Equal("镀锌管12米, 阀门1个", S(installation["materials"]));
        Assert.Equal("S-1022", S(installation["installer"]));

        // R-IGN-2: the refused visit and the completed one, each with the request it answered.
        var ignitions = await Items("ignitions", q);
        Assert.Equal(["refused", "completed"], ignitions.Select(i => S(i!["outcome"])));
        Assert.Equal("noFlameOutProtection", S(ignitions[0]!["refusalReason"]));
        Assert.Equal("灶具无熄火保护", S(ignitions[0]!["refusalNote"]));
        Assert.Equal("2026-09-08", S(ignitions[0]!["requestedFor"]));
        Assert.Equal(Day(9, 8, 10), V<DateTimeOffset>(ignitions[0]!["visitAt"]));
        Assert.Equal("2026-09-10", S(ignitions[1]!["requestedFor"]));
        Assert.Equal(Day(9, 9, 9), V<DateTimeOffset>(ignitions[1]!["requestedAt"]));
        Assert.NotEqual(V<Guid>(ignitions[0]!["requestEventId"]), V<Guid>(ignitions[1]!["requestEventId"]));
        Assert.Equal(60m, V<decimal>(ignitions[1]!["hosePrice"]));
        Assert.False(V<bool>(ignitions[1]!["hoseInvoiced"]));
        Assert.Equal(20m, V<decimal>(ignitions[1]!["otherChargeAmount"]));
        Assert.False(V<bool>(ignitions[1]!["otherChargeInvoiced"]));
        Assert.Single(await Items("ignitions", q + "&outcome=refused"));

        // R-INSP-2: a not-home visit is in the ledger too; R-INSP-3: the holder's own request.
        var inspections = await Items("inspections", q);
        Assert.Equal(["notHome", "passed"], inspections.Select(i => S(i!["outcome"])));
        Assert.Equal([0, 0], inspections.Select(i => V<int>(i!["hazardCount"])));
        Assert.True(V<bool>(inspections[1]!["requestedByHolder"]));
        Assert.Equal(50m, V<decimal>(inspections[1]!["chargeAmount"]));
        Assert.False(V<bool>(inspections[1]!["chargeInvoiced"]));
        Assert.Equal("passed", S(Assert.Single(await Items("inspections", q + "&requestedByHolder=true"))!["outcome"]));

        // R-HAZ-2: a severe leak found on an emergency repair suspended supply, and stays open.
        var hazard = Assert.Single(await Items("hazards", q))!;
        Assert.Equal(repairId, V<Guid>(hazard["repairId"]));
        Assert.Null(hazard["inspectionId"]);
        Assert.Equal("leak", S(hazard["code"]));
        Assert.Equal("severe", S(hazard["severity"]));
        Assert.Equal("表前阀漏气", S(hazard["description"]));
        Assert.Equal("S-2003", S(hazard["foundBy"]));
        Assert.True(V<bool>(hazard["open"]));
        Assert.True(V<bool>(hazard["suspendedSupply"]));
        Assert.Null(hazard["rectifiedAt"]);
        Assert.Single(await Items("hazards", q + "&open=true&severity=severe&code=leak"));
        Assert.Empty(await Items("hazards", q + "&open=false"));

        var repair = Assert.Single(await Items("repairs", q + "&emergency=true"))!;
        Assert.Equal(repairId, V<Guid>(repair["repairId"]));
        Assert.Equal(account.AccountId, V<Guid>(repair["accountId"]));
        Assert.Equal(1, V<int>(repair["hazardsFound"]));
        Assert.Null(repair["chargeAmount"]);
        Assert.Empty(await Items("repairs", q + "&emergency=false"));

        // R-CB-4: the irregular charge the holder reported, and the charges it is checked against.
        var callback = Assert.Single(await Items("callbacks", q + "&irregularCharge=true"))!;
        Assert.Equal("软管60元未开票", S(callback["irregularChargeDetail"]));
        Assert.Equal("dissatisfied", S(callback["satisfaction"]));
        Assert.Equal("希望开具发票", S(callback["opinions"]));

        var charges = await Items("charges", q);
        Assert.Equal(["applicationFee", "overLengthPipe", "hose", "ignitionOther", "icCardPurchase", "inspection"], charges.Select(c => S(c!["kind"])));
        Assert.Equal([2850m, 120m, 60m, 20m, 320m, 50m], charges.Select(c => V<decimal>(c!["amount"])));
        Assert.Equal([Agent, "S-1022", "S-2001", "S-2001", Agent, "S-3002"], charges.Select(c => S(c!["staff"])));
        Assert.Null(charges[1]!["invoiced"]); // the installation does not say
        Assert.Equal(V<Guid>(ignitions[1]!["eventId"]), V<Guid>(charges[2]!["workId"]));
        Assert.Equal(V<Guid>(inspections[1]!["inspectionId"]), V<Guid>(charges[5]!["workId"]));
        Assert.Equal(["hose", "ignitionOther", "inspection"], (await Items("charges", q + "&invoiced=false")).Select(c => S(c!["kind"])));
        Assert.Equal(320m, V<decimal>(Assert.Single(await Items("charges", q + "&kind=icCardPurchase"))!["amount"]));
        Assert.Equal(["hose", "ignitionOther"], (await Items("charges", q + "&staff=S-2001")).Select(c => S(c!["kind"])));
    }

    [Fact]
    public async Task R_CAL_4_the_period_is_inclusive_dates_in_the_company_time_zone()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Active(Application(district: district));
        // 23:30 on 31 October and 00:30 on 1 November in Shanghai, the second sent in UTC.
        await Callback(account, DateTimeOffset.Parse("2026-10-31T23:30:00+08:00"));
        await Callback(account, DateTimeOffset.Parse("2026-10-31T16:30:00Z"));
        await app.WaitForProjections();
        var q = $"district={Uri.EscapeDataString(district)}";

        Assert.Equal(2, (await Items("callbacks", q)).Count);
        Assert.Equal(2, (await Items("callbacks", q + "&from=2026-10-31&to=2026-11-01")).Count);
        var october = Assert.Single(await Items("callbacks", q + "&to=2026-10-31"))!;
        Assert.Equal(DateTimeOffset.Parse("2026-10-31T23:30:00+08:00"), V<DateTimeOffset>(october["calledAt"]));
        var november = Assert.Single(await Items("callbacks", q + "&from=2026-11-01&to=2026-11-01"))!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T00:30:00+08:00"), V<DateTimeOffset>(november["calledAt"]));
        Assert.Empty(await Items("callbacks", q + "&from=2026-11-02"));

        // Each ledger filters on its own main date: the application on 1 September, the gas-on visit on 8 September.
        Assert.Single(await Items("applications", q + "&from=2026-09-01&to=2026-09-01"));
        Assert.Empty(await Items("applications", q + "&from=2026-09-02"));
        Assert.Single(await Items("ignitions", q + "&from=2026-09-08&to=2026-09-08"));
        Assert.Empty(await Items("ignitions", q + "&to=2026-09-07"));
    }

    [Fact]
    public async Task District_account_number_and_staff_filters_keep_to_their_rows()
    {
        var east = NewDistrict();
        var west = NewDistrict();
        var first = await new Journey(app).Active(Application(district: east));
        var second = await new Journey(app).Active(Application(district: west));
        await app.WaitForProjections();

        var inEast = Assert.Single(await Items("applications", $"district={Uri.EscapeDataString(east)}"))!;
        Assert.Equal(first.AccountId, V<Guid>(inEast["accountId"]));
        var inWest = Assert.Single(await Items("applications", $"district={Uri.EscapeDataString(west)}"))!;
        Assert.Equal(second.AccountId, V<Guid>(inWest["accountId"]));

        var byNumber = Assert.Single(await Items("charges", $"accountNumber={S(inWest["accountNumber"])}&kind=applicationFee"))!;
        Assert.Equal(second.AccountId, V<Guid>(byNumber["accountId"]));
        Assert.Equal(2, (await Items("charges", $"district={Uri.EscapeDataString(west)}")).Count);

        Assert.Single(await Items("installations", $"district={Uri.EscapeDataString(east)}&staff=S-1021&completed=true"));
        Assert.Empty(await Items("installations", $"district={Uri.EscapeDataString(east)}&staff=S-9999"));
        Assert.Empty(await Items("installations", $"district={Uri.EscapeDataString(east)}&completed=false"));
        Assert.Single(await Items("applications", $"district={Uri.EscapeDataString(east)}&paid=true&category=residential&channel=counter"));
        Assert.Empty(await Items("applications", $"district={Uri.EscapeDataString(east)}&paid=false"));
    }

    [Fact]
    public async Task Pages_follow_the_contract_sorted_by_the_main_date()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Active(Application(district: district));
        await Callback(account, Day(9, 10));
        await Callback(account, Day(9, 11));
        await Callback(account, Day(9, 12));
        await app.WaitForProjections();
        var q = $"district={Uri.EscapeDataString(district)}";

        var first = await Ledger("callbacks", q + "&pageSize=2");
        Assert.Equal(1, V<int>(first["page"]));
        Assert.Equal(2, V<int>(first["pageSize"]));
        Assert.Equal(3, V<int>(first["total"]));
        Assert.Equal([Day(9, 10), Day(9, 11)], first["items"]!.AsArray().Select(i => V<DateTimeOffset>(i!["calledAt"])));
        var second = await Ledger("callbacks", q + "&pageSize=2&page=2");
        Assert.Equal(Day(9, 12), V<DateTimeOffset>(Assert.Single(second["items"]!.AsArray())!["calledAt"]));
        Assert.Equal(3, V<int>(second["total"]));
        var beyond = await Ledger("callbacks", q + "&pageSize=2&page=3");
        Assert.Empty(beyond["items"]!.AsArray());

        var defaults = await Ledger("callbacks", q);
        Assert.Equal(1, V<int>(defaults["page"]));
        Assert.Equal(50, V<int>(defaults["pageSize"]));
        Assert.Equal(3, defaults["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task CSV_has_every_matching_row_a_header_and_RFC_4180_quoting_in_UTF_8_with_a_BOM()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Active(Application(district: district));
        await account.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "charges", content = "点火时收\"软管费\"45元,未开票", occurredAt = Day(10, 1, 9) }, 201);
        await account.Post(StaffRoles.Agent, "/complaints",
            new { channel = "counter", category = "other", content = "=HYPERLINK(\"http://x\")", occurredAt = Day(10, 2, 9) }, 201);
        await app.WaitForProjections();

        // One page of one row as JSON; every row as CSV.
        var url = $"/api/ledgers/complaints?district={Uri.EscapeDataString(district)}&from=2026-10-01&to=2026-10-31&pageSize=1";
        Assert.Single((await app.Get(url))["items"]!.AsArray());
        var (body, contentType, disposition) = await Csv(url);

        Assert.Equal("text/csv; charset=utf-8", contentType);
        Assert.Equal("attachment; filename=complaints-20261001-20261031.csv", disposition);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
        var text = Encoding.UTF8.GetString(body[3..]);
        Assert.EndsWith("\r\n", text);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            "complaintId,accountId,accountNumber,district,complaintNumber,channel,category,complexity,content,receivedBy,filedAt," +
            "escalated,escalatedAt,firstReplyAt,firstReplyBy,firstReplyDecision,resolvedAt,resolvedBy,resolution,followUps," +
            "lastFollowUpAt,lastSatisfaction,timesReopened,closedAt,status,acknowledgedAt,department,expectedResolution,resultNoticeSentAt," +
            "byOtherThanHolder,verification,rewardPaid", lines[0]);

        var json = (await app.Get(url.Replace("pageSize=1", "pageSize=2")))["items"]!.AsArray();
        var number = S((await app.Get(account.A))["number"]);
        Assert.Equal(
            $"{json[0]!["complaintId"]},{account.AccountId},{number},{district},{json[0]!["complaintNumber"]},phone,charges,simple," +
            $"\"点火时收\"\"软管费\"\"45元,未开票\",{Agent},2026-10-01T09:00:00+08:00,false,,,,,,,,0,,,0,,open,,,,,false,,", lines[1]);
        // A value a spreadsheet would run as a formula is neutralised (and quoted, for its quotes).
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", lines[2]);
    }

    [Fact]
    public async Task Every_ledger_answers_CSV_with_its_header_even_when_empty()
    {
        var nowhere = Uri.EscapeDataString(NewDistrict());
        foreach (var ledger in new[] { "applications", "installations", "ignitions", "inspections", "hazards", "transfers", "complaints", "repairs", "callbacks", "charges" })
        {
            var (body, contentType, disposition) = await Csv($"/api/ledgers/{ledger}?district={nowhere}");
            Assert.Equal("text/csv; charset=utf-8", contentType);
            Assert.Equal($"attachment; filename={ledger}.csv", disposition);
            var lines = Encoding.UTF8.GetString(body[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var header = Assert.Single(lines).Split(',');
            Assert.Equal(["accountId", "accountNumber", "district"], header.Where(h => h is "accountId" or "accountNumber" or "district"));
            Assert.Empty((await Ledger(ledger, $"district={nowhere}"))["items"]!.AsArray());
        }
    }

    [Fact]
    public async Task Unknown_ledger_is_404_and_bad_values_are_400_naming_the_field()
    {
        var notFound = await app.Get("/api/ledgers/meters", expect: 404);
        Assert.Contains("complaints", S(notFound["detail"]));

        foreach (var (query, field) in new[]
        {
            ("from=2026-13-01", "from"), ("from=yesterday", "from"), ("to=2026/11/01", "to"), ("from=2026-11-02&to=2026-11-01", "to"),
            ("page=0", "page"), ("page=abc", "page"), ("page=-1", "page"), ("page=2147483647", "page"), ("pageSize=0", "pageSize"), ("pageSize=501", "pageSize"),
            ("pageSize=1.5", "pageSize"),
        })
        {
            var problem = await app.Get($"/api/ledgers/complaints?{query}", expect: 400);
            Assert.True(problem["errors"]![field] is JsonArray, $"{query} should be refused on {field}: {problem.ToJsonString()}");
        }
        foreach (var (ledger, query, field) in new[]
        {
            ("complaints", "status=pending", "status"), ("hazards", "open=maybe", "open"), ("repairs", "emergency=1", "emergency"),
            ("charges", "kind=tip", "kind"), ("callbacks", "kind=afterDinner", "kind"), ("ignitions", "outcome=postponed", "outcome"),
        })
        {
            var problem = await app.Get($"/api/ledgers/{ledger}?{query}", expect: 400);
            Assert.True(problem["errors"]![field] is JsonArray, $"{ledger}?{query} should be refused on {field}: {problem.ToJsonString()}");
        }
        // CSV asked with a bad value is refused the same way, not half written.
        var csvProblem = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/ledgers/charges?invoiced=yes");
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Analyst));
            s.WithRequestHeader("Accept", "text/csv");
            s.StatusCodeShouldBe(400);
        });
        Assert.Contains("invoiced", await csvProblem.ReadAsTextAsync());

        // Ledgers are reports (RouteAccess): the roles of the matrix read them, the others get 403, nobody without a key.
        var readers = RouteAccess.For("GET", "/api/ledgers/{ledger}")!.Roles;
        Assert.Contains(StaffRoles.Analyst, readers);
        foreach (var role in StaffRoles.All) await app.Get("/api/ledgers/charges?pageSize=1", role, readers.Contains(role) ? 200 : 403);
        await app.Get("/api/ledgers/charges", role: "", expect: 401);
    }

    [Fact]
    public async Task Complaint_ledger_of_the_full_lifecycle_matches_the_snapshot()
    {
        await new Journey(app).Full(Application(district: "快照区"));
        await app.WaitForProjections();

        Snapshot.Match(Normalised.Of(await Ledger("complaints", "district=" + Uri.EscapeDataString("快照区"))));
    }

    [Fact]
    public async Task A_work_row_steps_on_from_the_stored_row_and_a_missing_row_is_folded_again_from_the_stream()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Active(Application(district: district));
        var complaint = (await account.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "delay", complexity = "simple", content = "安装延期", occurredAt = Day(10, 15, 9) }, 201))!["complaintId"]!.GetValue<Guid>();
        await app.WaitForProjections();
        // Each event after the first is applied to the row an earlier batch of the daemon stored.
        await account.Post(StaffRoles.Agent, $"/complaints/{complaint}/reply", new { by = "S-5001", decision = "核查", occurredAt = Day(10, 15, 16) });
        await app.WaitForProjections();
        var q = $"district={Uri.EscapeDataString(district)}";
        var replied = Assert.Single(await Items("complaints", q))!;
        Assert.Equal("replied", S(replied["status"]));
        Assert.Equal(Day(10, 15, 9), V<DateTimeOffset>(replied["filedAt"]));
        Assert.Equal("S-5001", S(replied["firstReplyBy"]));

        // A row that is not there (a ledger added to a database that has events) is folded from the account's stream.
        await using (var session = app.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            session.Delete<GasLedger.Projections.Ledgers.ComplaintRow>(complaint);
            await session.SaveChangesAsync();
        }
        Assert.Empty(await Items("complaints", q));
        await account.Post(StaffRoles.Agent, $"/complaints/{complaint}/resolve", new { by = "S-5002", resolution = "已安装", occurredAt = Day(10, 16) });
        await app.WaitForProjections();
        var resolved = Assert.Single(await Items("complaints", q))!;
        Assert.Equal("resolved", S(resolved["status"]));
        Assert.Equal(Day(10, 15, 9), V<DateTimeOffset>(resolved["filedAt"]));
        Assert.Equal("S-5001", S(resolved["firstReplyBy"]));
        Assert.Equal("S-5002", S(resolved["resolvedBy"]));
        Assert.Equal(account.AccountId, V<Guid>(resolved["accountId"]));
    }

    [Fact]
    public async Task A_rebuild_from_zero_gives_the_same_rows()
    {
        var district = NewDistrict();
        await IcCardAccountWithEverythingElse(district);
        await new Journey(app).Full(Application(district: district));
        await app.WaitForProjections();
        var ledgers = new[] { "applications", "installations", "ignitions", "inspections", "hazards", "transfers", "complaints", "repairs", "callbacks", "charges" };
        var q = $"district={Uri.EscapeDataString(district)}&pageSize=500";
        var before = new Dictionary<string, string>();
        foreach (var ledger in ledgers) before[ledger] = (await Ledger(ledger, q)).ToJsonString();

        // Each ledger is torn down and replayed from the first event; then the daemon's agents run on again.
        var rebuildStarted = DateTime.UtcNow;
        var daemon = app.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        // The ten ledgers are part of the ReadModels composite (one pass over the log), rebuilt together.
        await daemon.RebuildProjectionAsync(GasLedger.Projections.GasLedgerProjections.ReadModels, TimeSpan.FromMinutes(2), CancellationToken.None);
        await daemon.StartAllAsync();
        await app.WaitForProjections();

        foreach (var ledger in ledgers)
        {
            var after = (await Ledger(ledger, q)).ToJsonString();
            Assert.Equal(before[ledger], after);
            Assert.True(JsonNode.Parse(after)!["total"]!.GetValue<int>() > 0, ledger);
        }
        // The rows were written again by the rebuild, not left over from the live run.
        foreach (var table in new[] { "application", "installation", "ignition", "inspection", "hazard", "transfer", "complaint", "repair", "callback", "charge" })
        {
            await using var oldest = app.Database.CreateCommand($"select min(mt_last_modified) from gasledger.mt_doc_{table}row");
            Assert.True((DateTime)(await oldest.ExecuteScalarAsync())! >= rebuildStarted.AddSeconds(-1), $"{table} rows were not rebuilt");
        }
    }

    /// <summary>
    /// An IC-card account whose gas-on was refused once, with an over-length pipe, a hose and another charge not
    /// invoiced, an IC-card purchase, a not-home and a charged inspection, an emergency repair that found a severe leak,
    /// and a callback that reported the irregular charge.
    /// </summary>
    private async Task<(Journey Account, Guid RepairId)> IcCardAccountWithEverythingElse(string district)
    {
        var account = await new Journey(app).Applied(new
        {
            holder = new { kind = "person", name = "王五", idNumber = "110101199003071234", phone = "13800138000", specialCare = false },
            address = new { district, community = "文三新村", building = "3", unit = "1", room = "502" },
            category = "residential", buildingType = "highRise", meterType = "icCard", paymentMethod = "topUp",
            channel = "phone", nature = "individual", priority = "asap", occurredAt = Day(9, 1, 9, 10),
        });
        await account.Post(StaffRoles.Agent, "/application-fee", new { amount = 2850, invoiceNumber = "33010000456", invoiceDate = "2026-09-01", occurredAt = Day(9, 1, 9, 20) });
        await account.Post(StaffRoles.Agent, "/installation/schedule", new { kind = "new", appointmentDate = "2026-09-04", occurredAt = Day(9, 2) });
        await account.Post(StaffRoles.Technician, "/installation/complete", new
        {
            installer = "S-1022", meterSerial = "M2026090002", pipeLengthMeters = 12, overLengthCharge = 120, materials = "镀锌管12米, 阀门1个", occurredAt = Day(9, 4, 15),
        });
        await account.Post(StaffRoles.Agent, "/ignition/request", new { requestedDate = "2026-09-08", occurredAt = Day(9, 5, 9) });
        await account.Post(StaffRoles.Technician, "/ignition/refuse", new { technician = "S-2001", reason = "noFlameOutProtection", note = "灶具无熄火保护", occurredAt = Day(9, 8, 10) });
        await account.Post(StaffRoles.Agent, "/ignition/request", new { requestedDate = "2026-09-10", occurredAt = Day(9, 9, 9) });
        await account.Post(StaffRoles.Technician, "/ignition/complete", new
        {
            technician = "S-2001", stoveHasFlameOutProtection = true, airtightnessPassed = true,
            hose = new { lengthMeters = 2, price = 60, invoiced = false }, charge = new { amount = 20, invoiced = false }, occurredAt = Day(9, 10, 10),
        });
        await account.Post(StaffRoles.Agent, "/usage", new { kind = "icPurchase", volumeM3 = 100, periodEnd = "2026-09-20", amount = 320, occurredAt = Day(9, 20) }, 201);
        await account.Post(StaffRoles.Technician, "/inspections", new { inspector = "S-3002", outcome = "notHome", occurredAt = Day(10, 10) }, 201);
        await account.Post(StaffRoles.Technician, "/inspections", new
        {
            inspector = "S-3002", outcome = "passed", requestedByHolder = true, charge = new { amount = 50, invoiced = false }, occurredAt = Day(10, 11),
        }, 201);
        var repair = await account.Post(StaffRoles.Agent, "/repairs", new { emergency = true, description = "厨房有燃气味", location = "urban", occurredAt = Day(10, 12, 20) }, 201);
        var repairId = repair!["repairId"]!.GetValue<Guid>();
        await account.Post(StaffRoles.Agent, $"/repairs/{repairId}/dispatch", new { technician = "S-2003", occurredAt = Day(10, 12, 20, 5) });
        await account.Post(StaffRoles.Technician, $"/repairs/{repairId}/arrive", new { occurredAt = Day(10, 12, 20, 30) });
        await account.Post(StaffRoles.Technician, $"/repairs/{repairId}/complete", new
        {
            airtightnessPassed = true, hazards = new[] { new { code = "leak", severity = "severe", description = "表前阀漏气" } }, occurredAt = Day(10, 12, 21),
        });
        await account.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterIgnition", staff = "S-6002", reached = true, satisfaction = "dissatisfied",
            irregularCharge = new { reported = true, detail = "软管60元未开票" }, opinions = "希望开具发票", occurredAt = Day(10, 13),
        }, 201);
        return (account, repairId);
    }

    private static Task Callback(Journey account, DateTimeOffset at) =>
        account.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterIgnition", staff = "S-6001", reached = true, satisfaction = "satisfied", irregularCharge = new { reported = false }, occurredAt = at,
        }, 201);

    private Task<JsonNode> Ledger(string ledger, string query) => app.Get($"/api/ledgers/{ledger}?{query}");

    private async Task<JsonArray> Items(string ledger, string query) => (await Ledger(ledger, query))["items"]!.AsArray();

    private async Task<(byte[] Body, string ContentType, string Disposition)> Csv(string url)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Analyst));
            s.WithRequestHeader("Accept", "text/csv");
            s.StatusCodeShouldBe(200);
        });
        var response = result.Context.Response;
        using var copy = new MemoryStream();
        await response.Body.CopyToAsync(copy);
        return (copy.ToArray(), response.ContentType!, response.Headers.ContentDisposition.ToString());
    }

    private static string NewDistrict() => "测试区" + Guid.NewGuid().ToString("N")[..8];

    private static readonly string Agent = GasLedgerApp.StaffOf(StaffRoles.Agent);

    private static string S(JsonNode? node) => node!.GetValue<string>();

    private static T V<T>(JsonNode? node) => node!.GetValue<T>();
}
