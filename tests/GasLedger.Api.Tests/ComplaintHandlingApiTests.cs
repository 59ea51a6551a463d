using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>R-CMP-7/8 over HTTP: a complaint by someone else, its steps, its verification and the reporter's reward.</summary>
[Collection(ApiCollection.Name)]
public sealed class ComplaintHandlingApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_CMP_8_a_conduct_report_by_a_neighbour_is_verified_rewarded_and_its_reporter_seen_only_by_the_complaint_desks()
    {
        var account = await new Journey(app).Active();
        await account.Post(StaffRoles.Agent, "/complaints", new
        {
            channel = "phone", category = "conduct", content = "抄表员索要好处费", complainant = new { name = "王五", phone = "12" }, occurredAt = Journey.Day(11, 2, 9),
        }, 400);
        var filed = await account.Post(StaffRoles.Agent, "/complaints", new
        {
            channel = "phone", category = "conduct", content = "抄表员索要好处费", complainant = new { name = "王五", phone = "13655556666" },
            occurredAt = Journey.Day(11, 2, 9),
        }, 201);
        var c = $"/complaints/{filed!["complaintId"]}";
        await account.Post(StaffRoles.Agent, c + "/acknowledge", new { occurredAt = Journey.Day(11, 2, 15) });
        await account.Post(StaffRoles.Agent, c + "/assign", new { department = "稽查科", occurredAt = Journey.Day(11, 3) });
        await account.Post(StaffRoles.Agent, c + "/progress", new { note = "正在核查", expectedResolution = "2026-11-09", occurredAt = Journey.Day(11, 4) });
        await account.Post(StaffRoles.Agent, c + "/reward", new { occurredAt = Journey.Day(11, 5) }, 409); // not verified yet
        await account.Post(StaffRoles.Agent, c + "/verify", new { verification = "proven", occurredAt = Journey.Day(11, 5) });
        await account.Post(StaffRoles.Agent, c + "/reply", new { decision = "属实,已处理当事人", occurredAt = Journey.Day(11, 5, 10) });
        await account.Post(StaffRoles.Agent, c + "/resolve", new { resolution = "当事人调离岗位", occurredAt = Journey.Day(11, 6) });
        await account.Post(StaffRoles.Agent, c + "/result-notice", new { channel = "letter", occurredAt = Journey.Day(11, 6, 15) });
        await account.Post(StaffRoles.Agent, c + "/reward", new { paidBy = "S-5009", occurredAt = Journey.Day(11, 7) });

        // Only the desks that handle complaints read the reporter, in full, and the read is logged; the history shows no one.
        var reporter = await app.Get($"{account.A}{c}/complainant", StaffRoles.Agent);
        Assert.Equal(("王五", "13655556666"), (reporter["name"]!.GetValue<string>(), reporter["phone"]!.GetValue<string>()));
        await app.Get($"{account.A}{c}/complainant", StaffRoles.Analyst, 403);
        await app.Get($"{account.A}{c}/complainant", StaffRoles.Technician, 403);
        var history = (await app.Get($"{account.A}/history?pageSize=500", StaffRoles.Analyst)).ToJsonString();
        Assert.DoesNotContain("王五", history);
        Assert.DoesNotContain("13655556666", history);
        var log = await app.Get($"/api/audit/access-log?partyId={reporter["partyId"]}", StaffRoles.Auditor);
        Assert.NotEmpty(log["items"]!.AsArray());

        await app.WaitForProjections();
        var number = (await app.Get(account.A))["number"]!.GetValue<string>();
        var row = (await app.Get($"/api/ledgers/complaints?accountNumber={number}&category=conduct"))["items"]!.AsArray().Single()!;
        Assert.Equal(("稽查科", "proven", 200m, true), (row["department"]!.GetValue<string>(), row["verification"]!.GetValue<string>(),
            row["rewardPaid"]!.GetValue<decimal>(), row["byOtherThanHolder"]!.GetValue<bool>()));
        Assert.Equal("2026-11-09", row["expectedResolution"]!.GetValue<string>());
        Assert.NotNull(row["resultNoticeSentAt"]);
        Assert.NotNull(row["acknowledgedAt"]);
    }

    [Fact]
    public async Task R_CMP_7_the_acknowledgement_meets_the_48_hour_reply_while_the_decision_stays_on_its_own_clock()
    {
        var account = await new Journey(app).Active();
        var filed = await account.Post(StaffRoles.Agent, "/complaints", new { channel = "counter", category = "billing", content = "账单有误", occurredAt = Journey.Day(11, 2, 9) }, 201);
        var id = filed!["complaintId"]!.GetValue<Guid>();
        await account.Post(StaffRoles.Agent, $"/complaints/{id}/acknowledge", new { occurredAt = Journey.Day(11, 3, 9) });
        await account.Post(StaffRoles.Agent, $"/complaints/{id}/acknowledge", new { occurredAt = Journey.Day(11, 3, 10) }, 409);
        await app.WaitForProjections();
        var items = (await app.Get($"/api/sla?from=2026-11-02&to=2026-11-02&pageSize=500", StaffRoles.Agent))["items"]!.AsArray()
            .Where(i => i!["workId"]?.GetValue<Guid>() == id).ToDictionary(i => i!["kind"]!.GetValue<string>(), i => i!["state"]!.GetValue<string>());
        Assert.Equal("met", items["complaintReply"]);
        Assert.NotEqual("met", items["complaintDecision"]);
    }
}
