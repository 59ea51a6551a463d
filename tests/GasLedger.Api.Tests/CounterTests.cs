using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>
/// The counter's account keeping (R-ACC-7) and its handling-time commitments (R-APP-4/5): contact, payment method, meter
/// and IC-card changes, bills paid and queried, each an event with who did it, a row of the counter ledger, and the
/// monthly report per transaction and per counter.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CounterTests(GasLedgerApp app)
{
    private static string NewDistrict() => "柜台" + Guid.NewGuid().ToString("N")[..6];

    private async Task<string> HistoryText(Journey account) =>
        (await app.Get($"{account.A}/history?pageSize=500", StaffRoles.Analyst)).ToJsonString();

    [Fact]
    public async Task R_ACC_7_a_contact_change_goes_to_the_party_record_and_the_event_names_only_the_fields()
    {
        var account = await new Journey(app).Active();
        await account.Post(StaffRoles.Agent, "/contact", new { phone = "13711112222", sms = new { number = "13733334444", provider = "中国联通" }, handlingMinutes = 4 });
        var unmasked = await app.Get($"{account.A}?unmasked=true", StaffRoles.Agent);
        Assert.Equal("13711112222", unmasked["holder"]!["phone"]!.GetValue<string>());
        var masked = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal("137****2222", masked["holder"]!["phone"]!.GetValue<string>());
        Assert.Equal("中国联通", masked["smsProvider"]!.GetValue<string>());
        var history = await HistoryText(account);
        Assert.Contains("contactChanged", history);
        Assert.Contains("smsNumber", history);
        Assert.DoesNotContain("13711112222", history); // R-ACC-4: the number is in the party record only
        Assert.DoesNotContain("13733334444", history);

        await account.Post(StaffRoles.Agent, "/contact", new { phone = "13711112222", sms = new { number = "13733334444" } }, 400); // R-APP-2 (5)
        await account.Post(StaffRoles.Agent, "/contact", new { handlingMinutes = 3 }, 400);
        await account.Post(StaffRoles.Agent, "/contact", new { phone = "13711112222" }, 400); // nothing changed
        await account.Post(StaffRoles.Agent, "/contact", new { phone = "12345" }, 400);
    }

    [Fact]
    public async Task R_ACC_7_a_direct_debit_set_up_keeps_the_card_out_of_the_events_and_must_fit_the_meter()
    {
        var account = await new Journey(app).Active(Journey.Application(card: "6222020202020202020"));
        await account.Post(StaffRoles.Agent, "/payment-method", new { paymentMethod = "counter" });
        var now = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal("counter", now["paymentMethod"]!.GetValue<string>());
        Assert.Null(now["bank"]);

        await account.Post(StaffRoles.Agent, "/payment-method", new { paymentMethod = "bankDirectDebit" }, 400); // R-APP-2 (4)
        await account.Post(StaffRoles.Agent, "/payment-method", new { paymentMethod = "topUp" }, 400); // R-APP-2 (1)
        await account.Post(StaffRoles.Agent, "/payment-method", new
        {
            paymentMethod = "bankDirectDebit", bank = new { cardNumber = "6217000011112222333", bankName = "建设银行", cardHolder = "张三" },
            handlingMinutes = 6, counter = "西湖营业厅-2",
        });
        var debit = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal("**** 2333", debit["bank"]!["card"]!.GetValue<string>());
        Assert.Equal("6217000011112222333", (await app.Get($"{account.A}?unmasked=true", StaffRoles.Agent))["bank"]!["card"]!.GetValue<string>());
        Assert.DoesNotContain("6217000011112222333", await HistoryText(account)); // R-ACC-4
    }

    [Fact]
    public async Task R_ACC_7_a_meter_replaced_records_both_serials_and_an_IC_card_meter_brings_top_up_and_card_reissue()
    {
        var notInstalled = await new Journey(app).Before("/installation/complete");
        await notInstalled.Post(StaffRoles.Technician, "/meter/replace", new { newSerial = "M1", oldMeterReadingM3 = 0, technician = "S-2001" }, 409);

        var account = await new Journey(app).Active();
        await account.Post(StaffRoles.Agent, "/ic-card/reissue", new { reason = "lost" }, 409); // a read meter has no card
        await account.Post(StaffRoles.Technician, "/meter/replace", new { newSerial = "M2026090001", oldMeterReadingM3 = 10, technician = "S-2001" }, 400);
        await account.Post(StaffRoles.Technician, "/meter/replace",
            new { newSerial = "IC2026120007", oldMeterReadingM3 = 1234.5, meterType = "icCard", technician = "S-2001" });
        var now = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal("icCard", now["meterType"]!.GetValue<string>());
        Assert.Equal("topUp", now["paymentMethod"]!.GetValue<string>());
        var replaced = (await app.Get($"{account.A}/history?pageSize=500", StaffRoles.Analyst))["items"]!.AsArray()
            .Single(e => e!["type"]!.GetValue<string>() == "meterReplaced")!["data"]!;
        Assert.Equal("M2026090001", replaced["oldSerial"]!.GetValue<string>());
        Assert.Equal(1234.5m, replaced["oldMeterReadingM3"]!.GetValue<decimal>());

        await account.Post(StaffRoles.Agent, "/ic-card/reissue", new { reason = "damaged", fee = 20, handlingMinutes = 5 });
        await account.Post(StaffRoles.Agent, "/bills/payments", new { amount = 50 }, 409); // an IC-card meter is topped up, not billed
    }

    [Fact]
    public async Task R_APP_5_each_counter_transaction_is_a_ledger_row_against_its_commitment_and_the_month_report_gives_the_share_per_kind_and_counter()
    {
        var district = NewDistrict();
        var account = await new Journey(app).Active(Journey.Application(district: district));
        var ic = await new Journey(app).Active(Journey.Application(district: district));
        await ic.Post(StaffRoles.Technician, "/meter/replace", new { newSerial = "IC1", oldMeterReadingM3 = 1, meterType = "icCard", technician = "S-2001" });
        var now = DateTimeOffset.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8));

        await account.Post(StaffRoles.Agent, "/bills/payments", new { amount = 86.4, billMonth = "2026-11", handlingMinutes = 2, counter = "A-1" });
        await account.Post(StaffRoles.Agent, "/bills/payments", new { amount = 20, handlingMinutes = 4, counter = "A-1" }); // over 3 minutes
        await account.Post(StaffRoles.Agent, "/bills/queries", new { handlingMinutes = 5, counter = "A-2" });
        await account.Post(StaffRoles.Agent, "/bills/queries", new { });
        await ic.Post(StaffRoles.Agent, "/usage", new { kind = "icPurchase", volumeM3 = 50, periodEnd = now.ToString("yyyy-MM-dd"), amount = 150,
            handlingMinutes = 3, counter = "A-2" }, 201);
        await ic.Post(StaffRoles.Agent, "/usage", new { kind = "icPurchase", volumeM3 = 10, periodEnd = now.ToString("yyyy-MM-dd"), amount = 30 }, 201); // self-service: no row
        await account.Post(StaffRoles.Agent, "/payment-method", new
        {
            paymentMethod = "bankDirectDebit", bank = new { cardNumber = "6217000011112222333", bankName = "建设银行", cardHolder = "张三" },
            handlingMinutes = 7, counter = "A-1",
        });
        await account.Post(StaffRoles.Technician, "/usage", new { kind = "meterReading", volumeM3 = 5, periodEnd = now.ToString("yyyy-MM-dd"), counter = "A-1" }, 400);
        await app.WaitForProjections();

        var ledger = await app.Get($"/api/ledgers/counter?district={Uri.EscapeDataString(district)}&from={month:yyyy-MM-dd}&pageSize=500");
        var rows = ledger["items"]!.AsArray().Select(r => r!).ToArray();
        string[] Kinds(Func<System.Text.Json.Nodes.JsonNode, bool> where) =>
            rows.Where(where).Select(r => r["transaction"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["billPayment", "billPayment", "billQuery", "billQuery", "cardTopUp", "directDebitSetUp", "meterReplacement"], Kinds(_ => true));
        Assert.Equal(["billPayment", "billQuery", "cardTopUp"], Kinds(r => r["withinCommitment"]?.GetValue<bool>() == true));
        Assert.Equal(["billPayment", "directDebitSetUp"], Kinds(r => r["withinCommitment"]?.GetValue<bool>() == false));
        var overdue = await app.Get($"/api/ledgers/counter?district={Uri.EscapeDataString(district)}&from={month:yyyy-MM-dd}&withinCommitment=false");
        Assert.Equal(2, overdue["total"]!.GetValue<long>());
        Assert.Equal(7, rows.Single(r => r["transaction"]!.GetValue<string>() == "directDebitSetUp")["handlingMinutes"]!.GetValue<int>());
        Assert.Equal(5, rows.Single(r => r["transaction"]!.GetValue<string>() == "directDebitSetUp")["commitmentMinutes"]!.GetValue<int>());

        var report = await app.Get($"/api/statistics/counter?month={month:yyyy-MM}&district={Uri.EscapeDataString(district)}", StaffRoles.Analyst);
        var bills = report["byTransaction"]!.AsArray().Single(t => t!["transaction"]!.GetValue<string>() == "billPayment")!;
        Assert.Equal(3, bills["commitmentMinutes"]!.GetValue<int>());
        Assert.Equal(2, bills["figures"]!["done"]!.GetValue<int>());
        Assert.Equal(1, bills["figures"]!["withinCommitment"]!.GetValue<int>());
        Assert.Equal(0.5m, bills["figures"]!["shareWithinCommitment"]!.GetValue<decimal>());
        Assert.Equal(3.0m, bills["figures"]!["meanMinutes"]!.GetValue<decimal>());
        var queries = report["byTransaction"]!.AsArray().Single(t => t!["transaction"]!.GetValue<string>() == "billQuery")!["figures"]!;
        Assert.Equal((2, 1, 1), (queries["done"]!.GetValue<int>(), queries["measured"]!.GetValue<int>(), queries["withinCommitment"]!.GetValue<int>()));
        var meter = report["byTransaction"]!.AsArray().Single(t => t!["transaction"]!.GetValue<string>() == "meterReplacement")!;
        Assert.Null(meter["commitmentMinutes"]);
        Assert.Null(meter["figures"]!["shareWithinCommitment"]);
        var desk = report["byCounter"]!.AsArray().Single(c => c!["counter"]!.GetValue<string>() == "A-1")!["figures"]!;
        Assert.Equal((3, 3, 1), (desk["done"]!.GetValue<int>(), desk["measured"]!.GetValue<int>(), desk["withinCommitment"]!.GetValue<int>()));
        var a2 = report["byCounter"]!.AsArray().Single(c => c!["counter"]!.GetValue<string>() == "A-2")!["figures"]!;
        Assert.Equal(1.0m, a2["shareWithinCommitment"]!.GetValue<decimal>());
        await app.Get("/api/statistics/counter?month=2026-13", StaffRoles.Analyst, 400);
    }
}
