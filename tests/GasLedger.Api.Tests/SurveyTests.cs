using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>R-CB-8: every repair gets a satisfaction survey; the month's report gives the coverage of each day's repairs.</summary>
[Collection(ApiCollection.Name)]
public sealed class SurveyTests(GasLedgerApp app)
{
    private static async Task<Guid> Repaired(Journey account, int day, int hour)
    {
        var repair = await account.Post(StaffRoles.Agent, "/repairs", new { description = "灶具打不着火", occurredAt = Journey.Day(11, day, hour) }, 201);
        var id = repair!["repairId"]!.GetValue<Guid>();
        await account.Post(StaffRoles.Agent, $"/repairs/{id}/dispatch", new { technician = "S-2002", occurredAt = Journey.Day(11, day, hour, 10) });
        await account.Post(StaffRoles.Technician, $"/repairs/{id}/arrive", new { occurredAt = Journey.Day(11, day, hour, 40) });
        await account.Post(StaffRoles.Technician, $"/repairs/{id}/complete", new { airtightnessPassed = true, hazards = Array.Empty<object>(), occurredAt = Journey.Day(11, day, hour + 1) });
        return id;
    }

    [Fact]
    public async Task R_CB_8_the_month_report_gives_the_survey_coverage_of_each_days_repairs()
    {
        var district = "回访" + Guid.NewGuid().ToString("N")[..6];
        var a = await new Journey(app).Active(Journey.Application(district: district));
        var b = await new Journey(app).Active(Journey.Application(district: district));
        var first = await Repaired(a, 11, 9);
        await Repaired(b, 11, 10);
        await a.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterRepair", staff = "S-6001", followsWorkId = first, reached = true, satisfaction = "satisfied", occurredAt = Journey.Day(11, 11, 15),
        }, 201);
        var third = await Repaired(a, 12, 9);
        await a.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterRepair", staff = "S-6001", followsWorkId = third, reached = true, satisfaction = "verySatisfied", occurredAt = Journey.Day(11, 12, 15),
        }, 201);
        await app.WaitForProjections();

        var rates = await app.Get($"/api/callbacks/rates?month=2026-11&district={Uri.EscapeDataString(district)}", StaffRoles.CallbackStaff);
        var days = rates["repairSurveys"]!.AsArray().Select(d => (d!["date"]!.GetValue<string>(), d["repairs"]!.GetValue<int>(),
            d["surveyed"]!.GetValue<int>(), d["coverage"]!.GetValue<decimal>())).ToArray();
        Assert.Equal([("2026-11-11", 2, 1, 0.5m), ("2026-11-12", 1, 1, 1m)], days);
    }
}

/// <summary>R-CLS-6 over HTTP: a customer manager designates an account key; the classification and the callback plan follow.</summary>
[Collection(ApiCollection.Name)]
public sealed class KeyCustomerApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_CLS_6_a_customer_manager_designates_an_account_key_and_the_classification_follows_from_that_day()
    {
        var district = "重点" + Guid.NewGuid().ToString("N")[..6];
        var account = await new Journey(app).Active(Journey.Application(district: district));
        await account.Post(StaffRoles.Agent, "/key-customer", new { reason = "医院" }, 403); // customer managers designate
        await account.Post(StaffRoles.CustomerManager, "/key-customer", new { reason = "  " }, 400);
        await account.Post(StaffRoles.CustomerManager, "/key-customer", new { reason = "医院,供气保障重点", occurredAt = Journey.Day(10, 15) });
        await account.Post(StaffRoles.CustomerManager, "/key-customer", new { reason = "再次", occurredAt = Journey.Day(10, 16) }, 409);
        var view = await app.Get(account.A + "?asOf=2026-10-20", StaffRoles.CustomerManager);
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.CustomerManager), view["customerManager"]!.GetValue<string>());
        Assert.Equal("key", view["classification"]!["serviceLevel"]!.GetValue<string>());
        await app.WaitForProjections();
        async Task<long> Keys(string asOf) =>
            (await app.Get($"/api/classification?asOf={asOf}&district={Uri.EscapeDataString(district)}&serviceLevel=key", StaffRoles.Analyst))["total"]!.GetValue<long>();
        Assert.Equal(0, await Keys("2026-10-14"));
        Assert.Equal(1, await Keys("2026-10-15"));

        await account.Post(StaffRoles.CustomerManager, "/key-customer/undo", new { reason = "已迁址", occurredAt = Journey.Day(11, 20) });
        await account.Post(StaffRoles.CustomerManager, "/customer-manager", new { customerManager = "K-1002", occurredAt = Journey.Day(11, 21) });
        await app.WaitForProjections();
        Assert.Equal(1, await Keys("2026-11-19"));
        Assert.Equal(0, await Keys("2026-11-20"));
        Assert.Equal("K-1002", (await app.Get(account.A, StaffRoles.CustomerManager))["customerManager"]!.GetValue<string>());
    }
}

/// <summary>R-SAT-5 over HTTP: a mystery-customer visit and a survey answer reach the index as sources of their own.</summary>
[Collection(ApiCollection.Name)]
public sealed class SatisfactionSourceApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_SAT_5_mystery_customer_visits_and_surveys_are_counted_apart_in_the_satisfaction_index()
    {
        var district = "暗访" + Guid.NewGuid().ToString("N")[..6];
        var account = await new Journey(app).Active(Journey.Application(district: district));
        await account.Post(StaffRoles.Agent, "/ratings", new { source = "mysteryCustomer", staff = "S-7001", stage = "counter", satisfaction = "fairlySatisfied", occurredAt = Journey.Day(10, 20) }, 201);
        await account.Post(StaffRoles.Agent, "/ratings", new { source = "survey", staff = "S-7001", stage = "counter", satisfaction = "verySatisfied", occurredAt = Journey.Day(10, 21) }, 201);
        await account.Post(StaffRoles.Agent, "/ratings", new { source = "survey", staff = "S-7001", stage = "counter", attitude = "satisfied", occurredAt = Journey.Day(10, 22) }, 400);
        await app.WaitForProjections();
        var answer = await app.Get($"/api/satisfaction?from=2026-10-20&to=2026-10-21&groupBy=district", StaffRoles.Analyst);
        var group = answer["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == district)!;
        var sources = group["sources"]!.AsArray().ToDictionary(s => s!["source"]!.GetValue<string>(), s => s!);
        Assert.Equal((1, 60m), (sources["mysteryCustomer"]["observations"]!.GetValue<int>(), sources["mysteryCustomer"]["meanScore"]!.GetValue<decimal>()));
        Assert.Equal((1, 100m), (sources["survey"]["observations"]!.GetValue<int>(), sources["survey"]["meanScore"]!.GetValue<decimal>()));
        Assert.Equal(80m, group["index"]!.GetValue<decimal>()); // equal weights 0.1 and 0.1: (60 + 100) / 2
    }
}

/// <summary>R-CB-7 over HTTP: the answers of a callback in the satisfaction index, one observation each.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallbackQuestionApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_CB_7_a_callback_records_each_questions_satisfaction_and_the_holders_needs_and_the_index_counts_each_answer()
    {
        var district = "问卷" + Guid.NewGuid().ToString("N")[..6];
        var account = await new Journey(app).Active(Journey.Application(district: district));
        var body = new
        {
            kind = "keyCustomer", staff = "S-6001", reached = true, satisfaction = "satisfied", occurredAt = Journey.Day(10, 20),
            answers = new[] { new { question = "attitude", satisfaction = "verySatisfied" }, new { question = "timeliness", satisfaction = "fairlySatisfied" } },
            needs = "希望提供线上缴费",
        };
        await account.Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "keyCustomer", staff = "S-6001", reached = true, satisfaction = "satisfied", occurredAt = Journey.Day(10, 20),
            answers = new[] { new { question = "attitude", satisfaction = "satisfied" }, new { question = "attitude", satisfaction = "satisfied" } },
        }, 400);
        await account.Post(StaffRoles.CallbackStaff, "/callbacks", body, 201);
        await app.WaitForProjections();
        var answer = await app.Get("/api/satisfaction?from=2026-10-20&to=2026-10-20&groupBy=district", StaffRoles.Analyst);
        var group = answer["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == district)!;
        var callbacks = group["sources"]!.AsArray().Single(s => s!["source"]!.GetValue<string>() == "callback")!;
        Assert.Equal((2, 80m), (callbacks["observations"]!.GetValue<int>(), callbacks["meanScore"]!.GetValue<decimal>())); // (100 + 60) / 2
        var history = (await app.Get($"{account.A}/history?pageSize=500", StaffRoles.Analyst))["items"]!.AsArray()
            .Single(e => e!["type"]!.GetValue<string>() == "callbackMade")!["data"]!;
        Assert.Equal("希望提供线上缴费", history["needs"]!.GetValue<string>());
    }
}

/// <summary>R-CB-6 over HTTP: a callback made on a holiday is taken, and flagged in the callback ledger.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallbackHolidayApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_CB_6_a_callback_recorded_on_a_holiday_is_allowed_and_flagged_in_the_ledger()
    {
        var account = await new Journey(app).Active();
        await account.Post(StaffRoles.CallbackStaff, "/callbacks", new { kind = "afterIgnition", staff = "S-6001", reached = true, satisfaction = "satisfied", occurredAt = Journey.Day(10, 2, 10) }, 201);
        await account.Post(StaffRoles.CallbackStaff, "/callbacks", new { kind = "afterIgnition", staff = "S-6001", reached = false, occurredAt = Journey.Day(10, 9, 10) }, 201);
        await app.WaitForProjections();
        var number = (await app.Get(account.A))["number"]!.GetValue<string>();
        var rows = (await app.Get($"/api/ledgers/callbacks?accountNumber={number}"))["items"]!.AsArray();
        Assert.Equal([true, false], rows.Select(r => r!["onNonWorkingDay"]!.GetValue<bool>())); // National Day, then a working Friday
    }
}
