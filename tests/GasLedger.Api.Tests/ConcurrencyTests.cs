using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(GasLedgerApp app)
{
    private HttpClient Client(string role)
    {
        var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
        return client;
    }

    [Fact]
    public async Task Twenty_concurrent_commands_with_the_same_version_one_wins_nineteen_get_409()
    {
        var account = await new Journey(app).Active();
        var version = (await app.Get(account.A))["version"]!.GetValue<long>();
        var before = await app.EventCount(account.AccountId);
        var totalBefore = await app.EventCount();

        // An inspection with a hazard appends two events: a half-written command would show as an odd count.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client(StaffRoles.Technician).PostAsJsonAsync($"{account.A}/inspections", new
        {
            version, inspector = $"S-{i}", outcome = "hazardsFound", hazards = new[] { new { code = "agedHose", severity = "minor" } },
        })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(before + 2, await app.EventCount(account.AccountId));
        Assert.Equal(totalBefore + 2, await app.EventCount());
        var view = await app.Get(account.A);
        Assert.Equal(version + 2, view["version"]!.GetValue<long>());
        Assert.Single(view["openWork"]!["hazards"]!.AsArray());
    }

    [Fact]
    public async Task Concurrent_commands_without_a_version_never_lose_an_event()
    {
        var account = await new Journey(app).Active();
        var before = await app.EventCount(account.AccountId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Client(StaffRoles.Technician).PostAsJsonAsync($"{account.A}/usage",
            new { kind = "meterReading", volumeM3 = 10 + i, periodEnd = "2026-09-30" })));

        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.True(created >= 1);
        Assert.Equal(before + created, await app.EventCount(account.AccountId));
    }

    [Fact]
    public async Task R_ACC_3_account_numbers_are_unique_when_applications_race()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Client(StaffRoles.Agent).PostAsJsonAsync("/api/accounts", Journey.Application(phone: $"1380013{i:D4}", at: DateTimeOffset.UtcNow.AddMinutes(-1)))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var numbers = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonObject>())!["accountNumber"]!.GetValue<string>()));
        Assert.Equal(20, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Matches(@"^33\d{8}$", n));
    }

    [Fact]
    public async Task R_CMP_2_complaint_numbers_are_unique_within_the_month_when_filings_race()
    {
        var accounts = new List<Journey>();
        for (var i = 0; i < 20; i++) accounts.Add(await new Journey(app).Applied(Journey.Application(at: Journey.Day(11, 1))));

        var answers = await Task.WhenAll(accounts.Select(a => Client(StaffRoles.Agent).PostAsJsonAsync($"{a.A}/complaints",
            new { channel = "phone", category = "delay", content = "等待安装太久", occurredAt = Journey.Day(11, 3) })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var numbers = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonObject>())!["complaintNumber"]!.GetValue<string>()));
        Assert.Equal(20, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Matches(@"^TS-202611-\d{4}$", n));
        var serials = numbers.Select(n => int.Parse(n[^4..])).Order().ToArray();
        Assert.Equal(Enumerable.Range(serials[0], 20), serials); // consecutive: no gaps from racing
    }
}
