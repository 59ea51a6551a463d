using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>R-TL-1 over HTTP: a visit asked for starts its time limit, made it meets it, and a hose sold is a charge.</summary>
[Collection(ApiCollection.Name)]
public sealed class VisitApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_TL_1_a_hose_replacement_asked_for_answers_its_time_limit_and_made_it_is_met_and_its_hose_charged()
    {
        var account = await new Journey(app).Active();
        var at = FuzzTests.VisitTime;
        var asked = await account.Post(StaffRoles.Agent, "/visits", new { kind = "hoseReplacement", occurredAt = at.AddHours(-1) }, 201);
        var visit = asked!["visitId"]!.GetValue<Guid>();
        var limit = Assert.Single(asked["timeLimits"]!.AsArray())!;
        Assert.Equal(("holderVisit", "R-TL-1", "3 working days"),
            (limit["kind"]!.GetValue<string>(), limit["rule"]!.GetValue<string>(), limit["commitment"]!.GetValue<string>()));
        await account.Post(StaffRoles.Agent, "/visits", new { kind = "hoseReplacement", occurredAt = at.AddHours(-1) }, 409); // open already
        await account.Post(StaffRoles.Agent, "/visits", new { kind = "unseal", occurredAt = at.AddHours(-1) }, 409); // nothing sealed

        await account.Post(StaffRoles.Technician, $"/visits/{visit}/complete", new
        {
            technician = "S-2001", hose = new { lengthMeters = 1.2, price = 38, invoiced = false }, occurredAt = at,
        });
        await account.Post(StaffRoles.Technician, $"/visits/{visit}/complete", new { occurredAt = at }, 409);
        await account.Post(StaffRoles.Technician, $"/visits/{Guid.NewGuid()}/complete", new { occurredAt = at }, 404);
        await app.WaitForProjections();
        var sla = await app.Get($"/api/sla?kind=holderVisit&from={at:yyyy-MM-dd}&pageSize=500", StaffRoles.Agent);
        var item = sla["items"]!.AsArray().Single(i => i!["workId"]!.GetValue<Guid>() == visit)!;
        Assert.Equal("met", item["state"]!.GetValue<string>());
        var number = (await app.Get(account.A))["number"]!.GetValue<string>();
        var charges = await app.Get($"/api/ledgers/charges?accountNumber={number}&kind=hose&invoiced=false");
        Assert.Equal(38m, charges["items"]!.AsArray().Single(c => c!["workId"]!.GetValue<Guid>() == visit)!["amount"]!.GetValue<decimal>());
    }
}

/// <summary>R-TL-2 over HTTP: a clock paused with its reason and resumed, shown in the SLA answer.</summary>
[Collection(ApiCollection.Name)]
public sealed class ClockApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_TL_2_a_time_limit_paused_for_the_holder_shows_its_pause_and_is_due_later_by_the_time_it_stood()
    {
        var account = await new Journey(app).Active();
        var filed = await account.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", content = "等太久", occurredAt = Journey.Day(11, 2, 9) }, 201);
        var reply = $"complaintReply:{filed!["complaintId"]}";
        await account.Post(StaffRoles.Agent, $"/time-limits/{reply}/pause", new { occurredAt = Journey.Day(11, 3, 9) }, 400); // a reason is required
        await account.Post(StaffRoles.Agent, $"/time-limits/{reply}/resume", new { occurredAt = Journey.Day(11, 3, 9) }, 409); // not paused
        await account.Post(StaffRoles.Agent, "/time-limits/complaintReply:nothing/pause", new { reason = "holderAbsent", occurredAt = Journey.Day(11, 3, 9) }, 404);
        await account.Post(StaffRoles.Agent, $"/time-limits/{reply}/pause", new { reason = "holderAbsent", note = "用户出差", occurredAt = Journey.Day(11, 3, 9) });
        await account.Post(StaffRoles.Agent, $"/time-limits/{reply}/pause", new { reason = "forceMajeure", occurredAt = Journey.Day(11, 3, 10) }, 409);
        await app.WaitForProjections();
        async Task<System.Text.Json.Nodes.JsonNode> Item(string state) =>
            (await app.Get($"/api/sla?kind=complaintReply&state={state}&from=2026-11-02&to=2026-11-02&pageSize=500", StaffRoles.Agent))["items"]!
            .AsArray().Single(i => i!["id"]!.GetValue<string>() == reply)!;
        var standing = await Item("open"); // past due long ago, but its clock stands
        Assert.Equal("holderAbsent", standing["pauses"]![0]!["reason"]!.GetValue<string>());

        await account.Post(StaffRoles.Agent, $"/time-limits/{reply}/resume", new { occurredAt = Journey.Day(11, 6, 9) });
        await app.WaitForProjections();
        var breached = await Item("breached"); // running again, three days later due, and still not replied
        Assert.Equal(Journey.Day(11, 7, 9), breached["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Journey.Day(11, 6, 9), breached["pauses"]![0]!["until"]!.GetValue<DateTimeOffset>());
    }
}

/// <summary>R-TL-4 over HTTP: the month's overdue work orders per team.</summary>
[Collection(ApiCollection.Name)]
public sealed class OverdueWorkApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_TL_4_the_monthly_report_lists_each_teams_work_orders_still_open_the_day_after_they_were_due()
    {
        var district = "超时" + Guid.NewGuid().ToString("N")[..6];
        var account = await new Journey(app).Active(Journey.Application(district: district));
        var repair = await account.Post(StaffRoles.Agent, "/repairs", new { description = "漏气味", location = "urban", occurredAt = Journey.Day(10, 12, 9) }, 201);
        var r = $"/repairs/{repair!["repairId"]}";
        await account.Post(StaffRoles.Agent, r + "/dispatch", new { technician = "T-东区二班", occurredAt = Journey.Day(10, 12, 9, 30) });
        await account.Post(StaffRoles.Technician, r + "/arrive", new { occurredAt = Journey.Day(10, 12, 11) }); // in time
        await account.Post(StaffRoles.Technician, r + "/complete", new { airtightnessPassed = true, hazards = Array.Empty<object>(), occurredAt = Journey.Day(10, 15, 10) });
        await app.WaitForProjections();

        // Repaired 3 days after its 24 hours were up (due 13 October 09:00): counted on the 14th, October's, against the crew.
        var october = await app.Get($"/api/statistics/overdue-work?month=2026-10&district={Uri.EscapeDataString(district)}", StaffRoles.Technician);
        var team = Assert.Single(october["teams"]!.AsArray())!;
        Assert.Equal(("T-东区二班", 1), (team["team"]!.GetValue<string>(), team["overdue"]!.GetValue<int>()));
        Assert.Equal(1, team["byKind"]!["repairCompletion"]!.GetValue<int>());
        Assert.Equal("2026-10-14", team["orders"]![0]!["countedOn"]!.GetValue<string>());
        Assert.Equal(0, (await app.Get($"/api/statistics/overdue-work?month=2026-11&district={Uri.EscapeDataString(district)}", StaffRoles.Technician))["overdue"]!.GetValue<int>());
        await app.Get("/api/statistics/overdue-work?month=2026-1", StaffRoles.Technician, 400);
    }
}
