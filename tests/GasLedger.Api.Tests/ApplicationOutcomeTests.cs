using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>R-APP-6 declined applications, R-SUP-5 the gas terms published and shown with a history, R-HAZ-1 the notice.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApplicationOutcomeTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_APP_6_a_declined_application_records_its_reason_and_closes_the_account_as_declined()
    {
        var account = await new Journey(app).Applied();
        await account.Post(StaffRoles.Agent, "/decline", new { reason = "  " }, 400);
        await account.Post(StaffRoles.Agent, "/decline", new { reason = "该地址暂无市政燃气管网", holderToldAt = DateTimeOffset.UtcNow.AddHours(1) }, 400);
        await account.Post(StaffRoles.Agent, "/decline", new { reason = "该地址暂无市政燃气管网", toldBy = "S-5001" });
        var view = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal(("closed", "declined"), (view["state"]!.GetValue<string>(), view["closureReason"]!.GetValue<string>()));
        var items = (await app.Get($"{account.A}/history", StaffRoles.Analyst))["items"]!.AsArray();
        var declined = items.Single(e => e!["type"]!.GetValue<string>() == "applicationDeclined")!;
        Assert.Equal("该地址暂无市政燃气管网", declined["data"]!["reason"]!.GetValue<string>());
        var closed = items.Single(e => e!["type"]!.GetValue<string>() == "accountClosed")!;
        Assert.Equal(declined["id"]!.GetValue<string>(), closed["causationId"]!.GetValue<string>());
        await account.Post(StaffRoles.Agent, "/decline", new { reason = "再次" }, 409);

        var active = await new Journey(app).Active();
        await active.Post(StaffRoles.Agent, "/decline", new { reason = "太晚了" }, 409); // installed: too late to decline
    }

    [Fact]
    public async Task R_SUP_5_the_gas_terms_are_published_by_date_and_the_terms_in_force_are_read_on_any_date()
    {
        object Terms(string from, decimal price) => new
        {
            effectiveFrom = from, gasType = "天然气", composition = "甲烷 ≥ 96%", calorificValueMjPerM3 = 36.0, pressureKpa = 2.0,
            prices = new[] { new { category = "residential", yuanPerM3 = price }, new { category = "industrial", yuanPerM3 = 3.5m } },
            source = "价格主管部门通知",
        };
        await app.Post(StaffRoles.Admin, "/api/gas-terms", Terms("2095-01-01", 2.96m), 201);
        await app.Post(StaffRoles.Admin, "/api/gas-terms", Terms("2095-07-01", 3.10m), 201);
        await app.Post(StaffRoles.Admin, "/api/gas-terms", Terms("2095-07-01", 3.20m), 409); // a change is new terms from a new date
        await app.Post(StaffRoles.Admin, "/api/gas-terms", new
        {
            effectiveFrom = "2095-08-01", gasType = "天然气", composition = "甲烷", calorificValueMjPerM3 = 500, pressureKpa = 2.0,
            prices = new[] { new { category = "residential", yuanPerM3 = 1 }, new { category = "residential", yuanPerM3 = 2 } },
        }, 400);
        await app.Post(StaffRoles.Agent, "/api/gas-terms", Terms("2095-09-01", 3.0m), 403);

        var june = await app.Get("/api/gas-terms?date=2095-06-30", StaffRoles.Agent);
        Assert.Equal("2095-01-01", Assert.Single(june.AsArray())!["effectiveFrom"]!.GetValue<string>());
        var july = await app.Get("/api/gas-terms?date=2095-07-01", StaffRoles.Agent);
        Assert.Equal(3.10m, july[0]!["prices"]!.AsArray().Single(p => p!["category"]!.GetValue<string>() == "residential")!["yuanPerM3"]!.GetValue<decimal>());
        Assert.Empty((await app.Get("/api/gas-terms?date=1990-01-01", StaffRoles.Agent)).AsArray());
        await app.Get("/api/gas-terms?date=2095-13-01", StaffRoles.Agent, 400);

        // An account's history shows the terms in force while its events happened: at the first, and each change after.
        await app.Post(StaffRoles.Admin, "/api/gas-terms", Terms("2026-08-01", 2.96m), 201);
        await app.Post(StaffRoles.Admin, "/api/gas-terms", Terms("2026-09-05", 3.05m), 201);
        var account = await new Journey(app).Active(); // 2026-09-01 to 2026-09-08
        string[] Dates(System.Text.Json.Nodes.JsonNode history) =>
            history["gasTerms"]!.AsArray().Select(t => t!["effectiveFrom"]!.GetValue<string>()).ToArray();
        Assert.Equal(["2026-08-01", "2026-09-05"], Dates(await app.Get($"{account.A}/history", StaffRoles.Analyst)));
        Assert.Equal(["2026-08-01"], Dates(await app.Get($"{account.A}/history?asOf=2026-09-02", StaffRoles.Analyst)));
    }

    [Fact]
    public async Task R_HAZ_1_a_hazard_keeps_its_rectification_notice_number_and_the_holders_signature_in_the_hazard_ledger()
    {
        var account = await new Journey(app).Active();
        var inspection = await account.Post(StaffRoles.Technician, "/inspections", new
        {
            inspector = "S-3001", outcome = "hazardsFound", occurredAt = Journey.Day(10, 10, 14),
            hazards = new[] { new { code = "agedHose", severity = "minor", noticeNumber = "ZG-2026-00417", signedByHolder = true } },
        }, 201);
        var hazard = inspection!["hazardIds"]![0]!.GetValue<Guid>();
        await app.WaitForProjections();
        var rows = (await app.Get($"/api/ledgers/hazards?accountNumber={(await app.Get(account.A))["number"]}"))["items"]!.AsArray();
        var row = rows.Single(r => r!["hazardId"]!.GetValue<Guid>() == hazard)!;
        Assert.Equal(("ZG-2026-00417", true), (row["noticeNumber"]!.GetValue<string>(), row["signedByHolder"]!.GetValue<bool>()));
        await account.Post(StaffRoles.Technician, "/inspections", new
        {
            inspector = "S-3001", outcome = "hazardsFound", hazards = new[] { new { code = "leak", severity = "minor", noticeNumber = new string('9', 31) } },
        }, 400);
    }

    [Fact]
    public async Task R_APP_7_a_home_the_developer_metered_goes_from_application_straight_to_its_gas_on_request()
    {
        var form = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Journey.Application(), GasLedgerApp.Json))!;
        form["nature"] = "collective";
        form["preMeteredSerial"] = "KF2026-0815";
        var individual = form.DeepClone();
        individual["nature"] = "individual";
        var refused = await app.Post(StaffRoles.Agent, "/api/accounts", individual, 400);
        Assert.NotNull(refused!["errors"]!["preMeteredSerial"]);

        var account = await new Journey(app).Applied(form);
        var view = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal("installed", view["state"]!.GetValue<string>());
        await account.Post(StaffRoles.Agent, "/installation/schedule", new { kind = "new", appointmentDate = "2026-09-04", occurredAt = Journey.Day(9, 2) }, 409);
        await account.Post(StaffRoles.Agent, "/ignition/request", new { requestedDate = "2026-09-08", occurredAt = Journey.Day(9, 5, 9) });
        await account.Post(StaffRoles.Technician, "/ignition/complete", new
        {
            technician = "S-2001", stoveHasFlameOutProtection = true, airtightnessPassed = true, occurredAt = Journey.Day(9, 8, 10, 30),
        });
        Assert.Equal("active", (await app.Get(account.A, StaffRoles.Agent))["state"]!.GetValue<string>());
        await account.Post(StaffRoles.Technician, "/meter/replace", new { newSerial = "KF2026-0815", oldMeterReadingM3 = 1, technician = "S-2001" }, 400);
    }

    [Fact]
    public async Task R_APP_8_leaflets_and_agreements_are_signed_at_application_and_the_yearly_round_lists_who_still_lacks_the_material()
    {
        var district = "宣传" + Guid.NewGuid().ToString("N")[..6];
        var form = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
            Journey.Application(district: district, at: DateTimeOffset.UtcNow.AddHours(-2)), GasLedgerApp.Json))!;
        form["leafletsReceived"] = true;
        form["supplyContractSigned"] = true;
        form["safeUseAgreementSigned"] = true;
        var signed = await new Journey(app).Applied(form);
        var history = (await app.Get($"{signed.A}/history", StaffRoles.Analyst))["items"]![0]!["data"]!;
        Assert.True(history["leafletsReceived"]!.GetValue<bool>() && history["supplyContractSigned"]!.GetValue<bool>());

        var lacking = await new Journey(app).Active(Journey.Application(district: district));
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        var due = await app.Get($"/api/safety-material/due?district={Uri.EscapeDataString(district)}", StaffRoles.Technician);
        Assert.Equal([lacking.AccountId], due["items"]!.AsArray().Select(a => a!["accountId"]!.GetValue<Guid>()));
        Assert.Equal(1, due["total"]!.GetValue<long>()); // the signed account has no gas yet: not on the round

        await lacking.Post(StaffRoles.Technician, "/safety-material", new { handedBy = "S-3001", material = "安全用气手册" });
        await lacking.Post(StaffRoles.Technician, "/safety-material", new { handedBy = "S-3001" }, 409); // once a year
        Assert.Equal(0, (await app.Get($"/api/safety-material/due?district={Uri.EscapeDataString(district)}", StaffRoles.Technician))["total"]!.GetValue<long>());
        var nextYear = await app.Get($"/api/safety-material/due?district={Uri.EscapeDataString(district)}&year={year + 1}", StaffRoles.Technician);
        Assert.Equal(year, nextYear["items"]![0]!["lastYear"]!.GetValue<int>());
        await app.Get("/api/safety-material/due?year=abc", StaffRoles.Technician, 400);
        await signed.Post(StaffRoles.Technician, "/safety-material", new { handedBy = "S-3001" }, 409); // no gas on
    }
}
