using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using Snapshooter;
using Snapshooter.Xunit;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class LifecycleTests(GasLedgerApp app)
{
    [Fact]
    public async Task Full_lifecycle_read_model_and_history_match_the_snapshots()
    {
        var account = await new Journey(app).Full();

        // The account as of a day after its closure (deterministic whatever today is), and the whole history.
        var view = await app.Get($"{account.A}?asOf=2026-11-20");
        var history = await app.Get($"{account.A}/history");

        Snapshot.Match(Normalised.Of(view), SnapshotNameExtension.Create("account"));
        // The gas terms in force (R-SUP-5) are the company's, which other tests publish: GasTermsTests covers them.
        history.AsObject().Remove("gasTerms");
        Snapshot.Match(Normalised.Of(history), SnapshotNameExtension.Create("history"));
    }

    [Fact]
    public async Task R_ACC_1_history_lists_every_step_in_order_with_business_times_and_who_recorded_it()
    {
        var account = await new Journey(app).Full();
        var items = (await app.Get($"{account.A}/history"))["items"]!.AsArray();

        var types = items.Select(i => i!["type"]!.GetValue<string>()).ToArray();
        Assert.Equal(new[]
        {
            "applicationSubmitted", "applicationFeePaid", "installationScheduled", "installationCompleted", "ignitionRequested",
            "ignitionCompleted", "inspectionVisited", "hazardFound", "hazardRectified", "complaintFiled", "complaintReplied",
            "complaintResolved", "complaintFollowedUp", "complaintReopened", "complaintResolved", "complaintFollowedUp",
            "complaintClosed", "repairReported", "repairDispatched", "technicianArrived", "repairCompleted", "callbackMade",
            "ratingGiven", "usageRecorded", "holderTransferred", "supplySuspended", "supplyResumed", "accountClosed",
        }, types);

        var versions = items.Select(i => i!["version"]!.GetValue<long>()).ToArray();
        Assert.Equal(Enumerable.Range(1, types.Length).Select(v => (long)v), versions);
        var sequences = items.Select(i => i!["sequence"]!.GetValue<long>()).ToArray();
        Assert.Equal(sequences.Order(), sequences);
        var occurred = items.Select(i => i!["occurredAt"]!.GetValue<DateTimeOffset>()).ToArray();
        Assert.Equal(occurred.Order(), occurred);
        Assert.Equal(Journey.Day(9, 1, 9, 10), occurred[0]);
        Assert.Equal(Journey.Day(11, 10), occurred[^1]);
        Assert.All(items, i => Assert.NotNull(i!["recordedAt"]));
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Agent), items[0]!["recordedBy"]!.GetValue<string>());
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Technician), items[3]!["recordedBy"]!.GetValue<string>());
        Assert.Equal("S-1021", items[3]!["data"]!["installer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Time_travel_shows_the_account_as_it_was_before_the_transfer()
    {
        var account = await new Journey(app).Full();

        var before = await app.Get($"{account.A}?asOf=2026-11-01");
        var now = await app.Get(account.A);

        Assert.Equal("active", before["state"]!.GetValue<string>());
        Assert.Equal("张*", before["holder"]!["name"]!.GetValue<string>());
        Assert.Equal("bankDirectDebit", before["paymentMethod"]!.GetValue<string>());
        Assert.Equal("closed", now["state"]!.GetValue<string>());
        Assert.Equal("李*", now["holder"]!["name"]!.GetValue<string>());
        Assert.Equal("counter", now["paymentMethod"]!.GetValue<string>());
        Assert.True(before["version"]!.GetValue<long>() < now["version"]!.GetValue<long>());

        var historyBefore = (await app.Get($"{account.A}/history?asOf=2026-11-01"))["items"]!.AsArray();
        Assert.DoesNotContain(historyBefore, i => i!["type"]!.GetValue<string>() == "holderTransferred");
        Assert.Equal("usageRecorded", historyBefore[^1]!["type"]!.GetValue<string>());

        // Before the application there was no account.
        await app.Get($"{account.A}?asOf=2026-08-31", expect: 404);
        await app.Get($"{account.A}?asOf=yesterday", expect: 400);
    }

    [Fact]
    public async Task A_client_reads_its_own_write_and_the_live_read_model_equals_the_stream_folded()
    {
        var account = await new Journey(app).Full();
        var live = await app.Get(account.A);
        var folded = await app.Get($"{account.A}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}");

        Assert.Equal(28, live["version"]!.GetValue<long>());
        foreach (var field in new[] { "number", "state", "holder", "version", "fee", "installation", "gasOnAt", "openWork", "closedAt", "address", "bank" })
            Assert.Equal(folded[field]?.ToJsonString(), live[field]?.ToJsonString());
    }

    [Fact]
    public async Task Command_answers_carry_the_new_version_and_201_for_what_they_create()
    {
        var account = await new Journey(app).Active();
        var complaint = await account.Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "safety", content = "闻到燃气味", occurredAt = Journey.Day(9, 9) }, 201);

        Assert.Equal(8, complaint!["version"]!.GetValue<long>()); // filed + escalated (R-CMP-3)
        Assert.True(complaint["escalated"]!.GetValue<bool>());
        Assert.Matches(@"^TS-202609-\d{4}$", complaint["complaintNumber"]!.GetValue<string>());
        var view = await app.Get(account.A);
        Assert.Equal(8, view["version"]!.GetValue<long>());
        Assert.Single(view["openWork"]!["complaints"]!.AsArray());
    }

    [Fact]
    public async Task R_HAZ_2_a_severe_hazard_suspends_supply_until_rectified()
    {
        var account = await new Journey(app).Active();
        var inspection = await account.Post(StaffRoles.Technician, "/inspections", new
        {
            outcome = "hazardsFound", hazards = new[] { new { code = "leak", severity = "severe" } }, occurredAt = Journey.Day(9, 20),
        }, 201);
        var hazard = inspection!["hazardIds"]![0]!.GetValue<Guid>();
        Assert.Equal("suspended", (await app.Get(account.A))["state"]!.GetValue<string>());

        var conflict = await account.Post(StaffRoles.Agent, "/resume", new { occurredAt = Journey.Day(9, 21) }, 409);
        Assert.Contains("severe hazard", conflict!["detail"]!.GetValue<string>());

        await account.Post(StaffRoles.Technician, $"/hazards/{hazard}/rectify", new { occurredAt = Journey.Day(9, 22) });
        await account.Post(StaffRoles.Agent, "/resume", new { occurredAt = Journey.Day(9, 22, 11) });
        Assert.Equal("active", (await app.Get(account.A))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_event_records_the_requests_correlation_and_a_derived_event_what_caused_it()
    {
        var account = await new Journey(app).Active();
        var correlation = "corr-" + Guid.NewGuid().ToString("N");
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new { outcome = "hazardsFound", hazards = new[] { new { code = "leak", severity = "severe" } }, occurredAt = Journey.Day(9, 20) })
                .ToUrl(account.A + "/inspections");
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Technician));
            s.WithRequestHeader("X-Correlation-Id", correlation);
            s.StatusCodeShouldBe(201);
        });
        var items = (await app.Get($"{account.A}/history"))["items"]!.AsArray();
        JsonNode Of(string type) => items.Single(i => i!["type"]!.GetValue<string>() == type)!;

        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i!["correlationId"]?.GetValue<string>())));
        Assert.Equal(correlation, Of("inspectionVisited")["correlationId"]!.GetValue<string>());
        Assert.Equal(correlation, Of("supplySuspended")["correlationId"]!.GetValue<string>());
        // R-HAZ-2: the suspension was caused by the severe hazard, recorded in the same request.
        Assert.Equal(Of("hazardFound")["id"]!.GetValue<Guid>().ToString(), Of("supplySuspended")["causationId"]!.GetValue<string>());
        Assert.Null(Of("inspectionVisited")["causationId"]);

        var full = await new Journey(app).Full();
        var history = (await app.Get($"{full.A}/history"))["items"]!.AsArray();
        var followUp = history.First(i => i!["type"]!.GetValue<string>() == "complaintFollowedUp")!;
        var reopened = history.Single(i => i!["type"]!.GetValue<string>() == "complaintReopened")!;
        Assert.Equal(followUp["id"]!.GetValue<Guid>().ToString(), reopened["causationId"]!.GetValue<string>());
    }
}
