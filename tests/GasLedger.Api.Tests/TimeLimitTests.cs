using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasLedger.Api.Security;
using Snapshooter;
using Snapshooter.Xunit;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class TimeLimitTests(GasLedgerApp app)
{
    private static string District() => "时限区" + Guid.NewGuid().ToString("N")[..6];

    private async Task<Journey> Account(string district) =>
        await new Journey(app).Active(Journey.Application(district: district, phone: "1390000" + Random.Shared.Next(1000, 9999)));

    private static JsonNode Limit(JsonNode answer, string kind) =>
        answer["timeLimits"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == kind)!;

    [Fact]
    public async Task R_CMP_4_the_complaint_answer_carries_its_due_times_on_the_official_calendar()
    {
        var account = await Account(District());
        var answer = await account.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "delay", complexity = "simple", content = "国庆前投诉", occurredAt = Journey.Day(9, 30) }, 201);

        Assert.Equal("2026-10-10T23:59:59.9999999+08:00", Limit(answer!, "complaintDecision")["dueAt"]!.GetValue<string>());
        Assert.Equal(Journey.Day(10, 2), Limit(answer!, "complaintReply")["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("R-CMP-4", Limit(answer!, "complaintResolution")["rule"]!.GetValue<string>());
        Assert.False(Limit(answer!, "complaintResolution")["provisional"]!.GetValue<bool>());
    }

    [Fact]
    public async Task R_CMP_4_the_answer_follows_on_from_the_time_limit_read_model_wherever_it_stands()
    {
        // The answer's time limits are followed on from the read model's document: caught up and then passed by an event
        // it does not follow (a usage reading), or missing altogether (folded from the stream) — the same limits.
        var caughtUp = await Account(District());
        var missing = await Account(District());
        await app.WaitForProjections();
        await caughtUp.Post(StaffRoles.Technician, "/usage", new { kind = "meterReading", volumeM3 = 12.5, periodEnd = "2026-09-30", occurredAt = Journey.Day(9, 30, 9) }, 201);
        await using (var session = app.Host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            session.Delete<GasLedger.Domain.TimeLimits.AccountTimeLimits>(missing.AccountId);
            await session.SaveChangesAsync();
        }

        var complaint = new { channel = "phone", category = "delay", complexity = "simple", content = "国庆前投诉", occurredAt = Journey.Day(9, 30) };
        var fromDocument = (await caughtUp.Post(StaffRoles.Agent, "/complaints", complaint, 201))!["timeLimits"]!.AsArray();
        var fromStream = (await missing.Post(StaffRoles.Agent, "/complaints", complaint, 201))!["timeLimits"]!.AsArray();

        string[] Shown(JsonArray limits) => limits.Select(l => $"{l!["kind"]} {l["rule"]} {l["dueAt"]} {l["provisional"]}").Order().ToArray();
        Assert.Equal(Shown(fromStream), Shown(fromDocument));
        Assert.Equal(new[] { "complaintDecision", "complaintReply", "complaintResolution", "firstResponder" },
            fromDocument.Select(l => l!["kind"]!.GetValue<string>()).Order().ToArray());
        Assert.Equal("2026-10-10T23:59:59.9999999+08:00",
            fromDocument.Single(l => l!["kind"]!.GetValue<string>() == "complaintDecision")!["dueAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Time_limits_read_open_met_and_breached_and_a_breach_shows_without_any_event()
    {
        var district = District();
        var account = await Account(district); // installation and gas-on kept within their limits
        var complaint = await account.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "delay", content = "无人回复", occurredAt = Journey.Day(10, 12) }, 201);
        var repair = await account.Post(StaffRoles.Agent, "/repairs", new { emergency = true, description = "漏气", occurredAt = Journey.Day(10, 13, 8) }, 201);
        var r = $"/repairs/{repair!["repairId"]}";
        await account.Post(StaffRoles.Agent, r + "/dispatch", new { technician = "S-2002", occurredAt = Journey.Day(10, 13, 8, 5) });
        await account.Post(StaffRoles.Technician, r + "/arrive", new { occurredAt = Journey.Day(10, 13, 8, 20) });
        await app.WaitForProjections();
        var d = Uri.EscapeDataString(district);

        var met = (await app.Get($"/api/sla?state=met&district={d}"))["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()).ToArray();
        Assert.Contains("installation", met);
        Assert.Contains("ignition", met);
        Assert.Contains("emergencyArrival", met);

        // Nobody replied to the complaint of 12 October: its reply, decision, resolution and first-responder limits
        // have all passed, and no event had to say so. The repair was never completed within 24 hours either.
        var breached = (await app.Get($"/api/sla?state=breached&district={d}"))["items"]!.AsArray();
        Assert.Equal(new[] { "complaintDecision", "complaintReply", "complaintResolution", "firstResponder", "repairCompletion" },
            breached.Select(i => i!["kind"]!.GetValue<string>()).Order().ToArray());
        var reply = breached.Single(i => i!["kind"]!.GetValue<string>() == "complaintReply")!;
        Assert.Equal(complaint!["complaintId"]!.GetValue<Guid>(), reply["workId"]!.GetValue<Guid>());
        Assert.Null(reply["doneAt"]);
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Agent), reply["owner"]!.GetValue<string>());

        var byKind = await app.Get($"/api/sla?kind=emergencyArrival&district={d}");
        Assert.Equal(1, byKind["total"]!.GetValue<long>());
        Assert.Equal("met", byKind["items"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(0, (await app.Get($"/api/sla?district={d}&from=2026-12-01"))["total"]!.GetValue<long>());
        Assert.NotNull((await app.Get("/api/sla?state=late", expect: 400))["errors"]!["state"]);
    }

    [Fact]
    public async Task R_CAL_1_time_limits_are_recomputed_when_an_administrator_changes_a_years_arrangement()
    {
        var district = District();
        var account = await Account(district);
        await account.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", content = "c", occurredAt = Journey.Day(9, 30) }, 201);
        await app.WaitForProjections();
        var d = Uri.EscapeDataString(district);
        async Task<string> DecisionDue() =>
            (await app.Get($"/api/sla?kind=complaintDecision&district={d}"))["items"]![0]!["dueAt"]!.GetValue<string>();
        Assert.StartsWith("2026-10-10T23:59:59", await DecisionDue());

        // A corrected 2026 notice (hypothetical) that also gives 9 October off moves the third working day to the 12th.
        var official = await app.Get("/api/calendar/years/2026", StaffRoles.Admin);
        var holidays = official["holidays"]!.AsArray().Select(h => h!.GetValue<string>()).Append("2026-10-09").ToArray();
        var adjusted = official["adjustedWorkingDays"]!.AsArray().Select(h => h!.GetValue<string>()).ToArray();
        await app.Host.Scenario(s =>
        {
            s.Put.Json(new { holidays, adjustedWorkingDays = adjusted, source = "test: corrected notice" }).ToUrl("/api/calendar/years/2026");
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Admin));
            s.StatusCodeShouldBe(200);
        });
        try
        {
            await app.WaitForProjections();
            Assert.StartsWith("2026-10-12T23:59:59", await DecisionDue());
        }
        finally
        {
            await app.Host.Scenario(s =>
            {
                s.Delete.Url("/api/calendar/years/2026");
                s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Admin));
                s.StatusCodeShouldBe(200);
            });
        }
        await app.WaitForProjections();
        Assert.StartsWith("2026-10-10T23:59:59", await DecisionDue());
    }

    [Fact]
    public async Task The_time_limits_of_a_whole_lifecycle_match_the_snapshot()
    {
        var district = District();
        await new Journey(app).Full(Journey.Application(district: district));
        await app.WaitForProjections();

        var answer = await app.Get($"/api/sla?district={Uri.EscapeDataString(district)}&pageSize=100");
        // Ids of commitments embed the ids of their work ("complaintReply:<id>"): number those like the ids themselves.
        var ids = new Dictionary<string, string>();
        var text = Regex.Replace(answer.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            m => ids.TryGetValue(m.Value, out var id) ? id : ids[m.Value] = $"id-{ids.Count + 1}");
        Snapshot.Match(Normalised.Of(JsonNode.Parse(text.Replace(district, "<district>"))!), SnapshotNameExtension.Create("sla"));
    }
}
