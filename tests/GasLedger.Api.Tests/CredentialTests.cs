using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class CredentialTests(GasLedgerApp app)
{
    [Fact]
    public async Task Without_a_known_key_every_route_but_health_and_openapi_is_401()
    {
        await app.Post("", "/api/accounts", Journey.Application(), 401);
        await app.Get("/api/accounts", role: "", expect: 401);
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/accounts");
            s.WithRequestHeader("X-Api-Key", "not-a-key");
            s.StatusCodeShouldBe(401);
        });
        await app.Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(200); });
        var openApi = await app.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBe(200); });
        Assert.Contains("/api/accounts/{accountId}/complaints", await openApi.ReadAsTextAsync());
    }

    [Theory]
    [InlineData(StaffRoles.Analyst)]
    [InlineData(StaffRoles.Auditor)]
    public async Task Analysts_and_auditors_read_but_may_not_write(string role)
    {
        var before = await app.EventCount();
        await app.Post(role, "/api/accounts", Journey.Application(), 403);
        var account = await new Journey(app).Applied();
        await app.Post(role, account.A + "/application-fee", new { amount = 2400, invoiceNumber = "1", invoiceDate = "2026-09-01" }, 403);
        Assert.Equal(before + 1, await app.EventCount());

        // Both read customers' full histories (issue 19), masked (R-INT-2), and the reports built from them.
        var view = await app.Get(account.A, role);
        Assert.Equal("applied", view["state"]!.GetValue<string>());
        Assert.Equal("张*", view["holder"]!["name"]!.GetValue<string>());
        Assert.Single((await app.Get(account.A + "/history", role))["items"]!.AsArray());
        await app.Get(account.A + "?unmasked=true", role, 403);
        await app.Get("/api/ledgers/applications?pageSize=1", role);
    }

    [Fact]
    public async Task A_technician_may_not_take_an_application_nor_an_agent_turn_the_gas_on()
    {
        await app.Post(StaffRoles.Technician, "/api/accounts", Journey.Application(), 403);
        var account = await new Journey(app).Active();
        await account.Post(StaffRoles.Agent, "/ignition/complete", new { stoveHasFlameOutProtection = true, airtightnessPassed = true }, 403);
        await account.Post(StaffRoles.CallbackStaff, "/inspections", new { outcome = "passed" }, 403);
    }

    [Fact]
    public async Task Every_event_records_who_recorded_it_from_the_credentials()
    {
        var account = await new Journey(app).Active();
        var items = (await app.Get(account.A + "/history"))["items"]!.AsArray();
        Assert.All(items, i => Assert.StartsWith("T-", i!["recordedBy"]!.GetValue<string>()));
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Technician), items[^1]!["recordedBy"]!.GetValue<string>());
    }
}
