using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Installation;
using Marten;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// R-SUP-4: an area interruption announced once reaches every account of the area with gas on, exactly once, and
/// restores each, through Wolverine's durable messages.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AreaInterruptionTests(GasLedgerApp app)
{
    private static string NewDistrict() => "停气" + Guid.NewGuid().ToString("N")[..6];

    private static object Notice(string district, string kind = "emergency", DateTimeOffset? from = null, DateTimeOffset? until = null,
        DateTimeOffset? noticeGivenAt = null, string[]? channels = null, string? community = null, string[]? buildings = null) => new
    {
        kind, area = new { district, community, buildings }, from, until, channels = channels ?? ["sms", "posting"], noticeGivenAt,
        remarks = "中压管线抢修",
    };

    private async Task<JsonNode> Settled(Guid interruption, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await app.Get($"/api/supply/interruptions/{interruption}");
            if (view["status"]!.GetValue<string>() == status) return view;
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"interruption {interruption} is {view.ToJsonString()}, not {status}, after 60 s");
            await Task.Delay(100);
        }
    }

    private async Task<string[]> Types(Guid account) =>
        (await app.Get($"/api/accounts/{account}/history?pageSize=500", StaffRoles.Analyst))["items"]!.AsArray()
        .Select(e => e!["type"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task R_SUP_4_an_emergency_interruption_reaches_each_account_of_the_area_with_gas_on_once_and_is_restored_with_its_reason()
    {
        var district = NewDistrict();
        var active = new[] { (await new Journey(app).Active(Journey.Application(district: district))).AccountId,
            (await new Journey(app).Active(Journey.Application(district: district))).AccountId };
        var suspended = await new Journey(app).Active(Journey.Application(district: district));
        await suspended.Post(StaffRoles.Agent, "/suspend", new { reason = "holderRequest" });
        var noGas = (await new Journey(app).Applied(Journey.Application(district: district))).AccountId;
        var elsewhere = (await new Journey(app).Active(Journey.Application(district: NewDistrict()))).AccountId;

        var announced = await app.Post(StaffRoles.Agent, "/api/supply/interruptions", Notice(district), 201);
        var id = announced!["interruptionId"]!.GetValue<Guid>();
        var interrupted = await Settled(id, "interrupted");
        Assert.Equal(3, interrupted["accounts"]!.GetValue<int>());
        Assert.Equal(3, interrupted["interrupted"]!.GetValue<long>());

        foreach (var account in active.Append(suspended.AccountId))
            Assert.Single(await Types(account), "supplyInterrupted");
        Assert.DoesNotContain("supplyInterrupted", await Types(noGas));
        Assert.DoesNotContain("supplyInterrupted", await Types(elsewhere));
        var account0 = await app.Get($"/api/accounts/{active[0]}", StaffRoles.Agent);
        Assert.Equal("active", account0["state"]!.GetValue<string>()); // an interruption is not the holder's suspension
        Assert.Equal(id, account0["interruptions"]![0]!["id"]!.GetValue<Guid>());

        var restored = await app.Post(StaffRoles.Agent, $"/api/supply/interruptions/{id}/restore", new { reason = "faultRepaired" }, 202);
        Assert.Equal("faultRepaired", restored!["restoreReason"]!.GetValue<string>());
        var done = await Settled(id, "restored");
        Assert.Equal(3, done["restored"]!.GetValue<long>());
        foreach (var account in active.Append(suspended.AccountId))
        {
            var types = await Types(account);
            Assert.Single(types, "supplyInterrupted");
            Assert.Single(types, "supplyRestored");
        }
        Assert.Empty((await app.Get($"/api/accounts/{active[0]}", StaffRoles.Agent))["interruptions"]!.AsArray());
        var history = await app.Get($"/api/accounts/{active[0]}/history?pageSize=500", StaffRoles.Analyst);
        var restoredEvent = history["items"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "supplyRestored")!;
        Assert.Equal("faultRepaired", restoredEvent["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Agent), restoredEvent["recordedBy"]!.GetValue<string>());

        await app.Post(StaffRoles.Agent, $"/api/supply/interruptions/{id}/restore", new { reason = "faultRepaired" }, 409);
        await app.Post(StaffRoles.Agent, $"/api/supply/interruptions/{Guid.NewGuid()}/restore", new { reason = "faultRepaired" }, 404);
        var listed = await app.Get($"/api/supply/interruptions?district={Uri.EscapeDataString(district)}", StaffRoles.Technician);
        Assert.Equal(id, listed["items"]![0]!["interruptionId"]!.GetValue<Guid>());
        Assert.Equal(1, listed["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task R_SUP_4_a_planned_interruption_covers_only_the_listed_buildings_and_ends_by_itself_after_its_window()
    {
        var district = NewDistrict();
        var inBuilding = (await new Journey(app).Active(Journey.Application(district: district))).AccountId; // building 12
        var application = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Journey.Application(district: district), GasLedgerApp.Json))!;
        application["address"]!["building"] = "14";
        var otherBuilding = (await new Journey(app).Active(application)).AccountId;

        var now = DateTimeOffset.UtcNow;
        var announced = await app.Post(StaffRoles.Agent, "/api/supply/interruptions",
            Notice(district, "planned", from: now.AddDays(-1), until: now.AddMinutes(-5), noticeGivenAt: now.AddDays(-3),
                community: "翠苑一区", buildings: ["12"]), 201);
        var id = announced!["interruptionId"]!.GetValue<Guid>();
        var done = await Settled(id, "restored");
        Assert.Equal("windowEnded", done["restoreReason"]!.GetValue<string>());
        Assert.Equal(1, done["restored"]!.GetValue<long>());
        var types = await Types(inBuilding);
        Assert.Single(types, "supplyInterrupted");
        Assert.Single(types, "supplyRestored");
        Assert.DoesNotContain("supplyInterrupted", await Types(otherBuilding));
    }

    [Fact]
    public async Task R_SUP_1_R_SUP_4_an_incomplete_or_late_notice_is_refused_with_its_field_and_writes_nothing()
    {
        var district = NewDistrict();
        var now = DateTimeOffset.UtcNow;
        var before = await app.EventCount();
        async Task Refused(object body, string field)
        {
            var problem = await app.Post(StaffRoles.Agent, "/api/supply/interruptions", body, 400);
            Assert.True(problem!["errors"]![field] is not null, $"no error on {field}: {problem.ToJsonString()}");
        }
        await Refused(Notice(district, "planned", from: now.AddDays(3)), "until");
        await Refused(Notice(district, "planned", from: now.AddHours(10), until: now.AddHours(14)), "noticeGivenAt"); // R-SUP-1: 48 h
        await Refused(Notice(district, channels: []), "channels");
        await Refused(Notice(district, buildings: ["12"]), "area.community");
        await Refused(Notice(""), "area.district");
        await Refused(Notice(district, from: now.AddHours(-1), until: now.AddHours(-2)), "until");
        await Refused(new { kind = "planned", channels = new[] { "sms" } }, "area");
        Assert.Equal(before, await app.EventCount());
        var listed = await app.Get($"/api/supply/interruptions?district={Uri.EscapeDataString(district)}");
        Assert.Equal(0, listed["total"]!.GetValue<long>());
    }
}

/// <summary>
/// R-SUP-4 across crashes: an area of 2,000 accounts, the API process killed (SIGKILL) half-way through the interruption's
/// fan-out and again half-way through the restoration's, restarted each time: every account ends with exactly one
/// interruption and one restoration.
/// </summary>
public sealed class AreaInterruptionCrashTests
{
    private const int Accounts = 2_000;
    private const string District = "停气区";

    /// <summary>Active accounts of one district, written straight to the event store (the API's own events and fold).</summary>
    private static async Task Seed(string connectionString)
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = Storage.Schema;
            o.ConfigureGasLedger(ServicePolicy.Default);
        });
        await using var session = store.LightweightSession();
        var day = new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < Accounts; i++)
        {
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Account>(id,
                new ApplicationSubmitted(id, $"39{i:D8}", Guid.CreateVersion7(), PartyKind.Person, false,
                    new Address(District, "翠苑" + i % 7 + "区", (i % 40).ToString(), "1", "101"), CustomerCategory.Residential,
                    BuildingType.MultiStorey, MeterType.ReadMeter, PaymentMethod.Counter, null, ApplicationChannel.Counter,
                    ApplicationNature.Individual, ApplicationPriority.Waiting, null, null, null, day),
                new ApplicationFeePaid(2400m, "33010000123", new DateOnly(2026, 9, 1), day.AddMinutes(10)),
                new InstallationScheduled(InstallationKind.New, new DateOnly(2026, 9, 4), day.AddDays(1)),
                new InstallationCompleted("S-1021", "M" + i, 6.5m, 0m, "镀锌管", day.AddDays(3)),
                new IgnitionRequested(new DateOnly(2026, 9, 8), day.AddDays(4)),
                new IgnitionCompleted("S-2001", true, true, null, null, day.AddDays(7)));
        }
        await session.SaveChangesAsync();
    }

    private static async Task<long> Scalar(string connectionString, string sql, Guid interruption)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(interruption);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private const string Interrupted =
        "select count(*) from gasledger.mt_doc_interruptiondelivery where data ->> 'interruptionId' = $1::text and data ->> 'interruptedAt' is not null";
    private const string Restored =
        "select count(*) from gasledger.mt_doc_interruptiondelivery where data ->> 'interruptionId' = $1::text and data ->> 'restoredAt' is not null";

    /// <summary>
    /// The stream row of the area's last account (the fan-out goes in order of account id: its last batch) held locked
    /// until disposed, so the fan-out cannot finish before the kill, however fast the machine runs the other batches.
    /// </summary>
    private sealed class LastAccountHeld(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public static async Task<LastAccountHeld> Start(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand("select id from gasledger.mt_streams order by id desc limit 1 for update", connection, transaction);
            await cmd.ExecuteScalarAsync();
            return new LastAccountHeld(connection, transaction);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Kills the process once <paramref name="sql"/> counts some of the accounts but not all; the count then.</summary>
    private static async Task<long> KillHalfWay(ApiProcess api, string sql, Guid interruption)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var reached = await Scalar(api.ConnectionString, sql, interruption);
            if (reached >= Accounts / 4)
            {
                await api.Kill();
                return await Scalar(api.ConnectionString, sql, interruption);
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"the fan-out reached no quarter of the area in 120 s:\n{string.Join("\n", api.Output.TakeLast(30))}");
    }

    private static async Task<JsonObject> Until(ApiProcess api, Guid interruption, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var answer = await api.Client.SendAsync(api.Request(HttpMethod.Get, $"/api/supply/interruptions/{interruption}", StaffRoles.Agent));
            var view = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            if (view["status"]!.GetValue<string>() == status) return view;
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
                Assert.Fail($"{view.ToJsonString()} is not {status} after 120 s:\n{string.Join("\n", api.Output.TakeLast(30))}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task R_SUP_4_killed_half_way_through_each_fan_out_every_account_ends_with_one_interruption_and_one_restoration()
    {
        await using var api = await ApiProcess.Start("gasledger_interruption_test");
        await Seed(api.ConnectionString);

        using var announce = await api.Client.SendAsync(api.Request(HttpMethod.Post, "/api/supply/interruptions", StaffRoles.Agent,
            JsonContent.Create(new { kind = "emergency", area = new { district = District }, channels = new[] { "sms" } })));
        Assert.Equal(HttpStatusCode.Created, announce.StatusCode);
        var id = (await announce.Content.ReadFromJsonAsync<JsonObject>())!["interruptionId"]!.GetValue<Guid>();

        long atFirstKill;
        await using (await LastAccountHeld.Start(api.ConnectionString)) atFirstKill = await KillHalfWay(api, Interrupted, id);
        await api.Launch();
        var interrupted = await Until(api, id, "interrupted");
        Assert.Equal(Accounts, interrupted["interrupted"]!.GetValue<long>());

        using var restore = await api.Client.SendAsync(api.Request(HttpMethod.Post, $"/api/supply/interruptions/{id}/restore", StaffRoles.Agent,
            JsonContent.Create(new { reason = "faultRepaired" })));
        Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
        long atSecondKill;
        await using (await LastAccountHeld.Start(api.ConnectionString)) atSecondKill = await KillHalfWay(api, Restored, id);
        await api.Launch();
        await Until(api, id, "restored");

        Console.WriteLine($"Area interruption: {Accounts} accounts, killed with {atFirstKill} interrupted and again with {atSecondKill} restored.");
        Assert.InRange(atFirstKill, 1, Accounts - 1);
        Assert.InRange(atSecondKill, 1, Accounts - 1);
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        await using var cmd = db.CreateCommand("""
            select count(*) filter (where i = 1 and r = 1), count(*) filter (where i <> 1 or r <> 1), count(*)
            from (select s.id,
                         count(e.*) filter (where e.type = 'supply_interrupted' and e.data ->> 'interruptionId' = $1::text) i,
                         count(e.*) filter (where e.type = 'supply_restored' and e.data ->> 'interruptionId' = $1::text) r
                  from gasledger.mt_streams s join gasledger.mt_events e on e.stream_id = s.id group by s.id) per_account
            """);
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((Accounts, 0L, Accounts), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }
}
