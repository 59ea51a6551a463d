using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class SearchTests(GasLedgerApp app)
{
    [Fact]
    public async Task Accounts_are_found_by_number_phone_name_and_district_paged()
    {
        var district = "测试区" + Guid.NewGuid().ToString("N")[..6];
        var first = await new Journey(app).Applied(Journey.Application(name: "周九", phone: "13355556666", district: district));
        await new Journey(app).Applied(Journey.Application(name: "吴十", phone: "13355557777", district: district));
        var number = (await app.Get(first.A))["number"]!.GetValue<string>();

        var byNumber = await app.Get($"/api/accounts?number={number}", StaffRoles.Agent);
        Assert.Equal(1, byNumber["total"]!.GetValue<long>());
        Assert.Equal(first.AccountId, byNumber["items"]![0]!["accountId"]!.GetValue<Guid>());

        var byPhone = await app.Get("/api/accounts?phone=13355556666", StaffRoles.Agent);
        Assert.Contains(byPhone["items"]!.AsArray(), i => i!["accountId"]!.GetValue<Guid>() == first.AccountId);
        Assert.Equal("133****6666", byPhone["items"]![0]!["holder"]!["phone"]!.GetValue<string>());

        var byName = await app.Get($"/api/accounts?name={Uri.EscapeDataString("周九")}&district={Uri.EscapeDataString(district)}", StaffRoles.Agent);
        Assert.Equal(1, byName["total"]!.GetValue<long>());

        var page = await app.Get($"/api/accounts?district={Uri.EscapeDataString(district)}&page=2&pageSize=1", StaffRoles.Agent);
        Assert.Equal(2, page["total"]!.GetValue<long>());
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.Equal(1, page["pageSize"]!.GetValue<int>());
        Assert.Single(page["items"]!.AsArray());
    }
}
