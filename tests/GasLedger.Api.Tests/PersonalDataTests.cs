using System.Text.RegularExpressions;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class PersonalDataTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_ACC_4_no_card_number_national_id_or_phone_enters_any_event()
    {
        const string card = "6222600260026002600", id = "110101198512250017", phone = "13912345678", sms = "13712345678";
        const string newId = "330102197001010018", newPhone = "13698765432", newCard = "6217000010001000100";
        var account = await new Journey(app).Active(new
        {
            holder = new { kind = "person", name = "钱七", idNumber = id, phone, specialCare = true },
            address = new { district = "上城区", community = "c", building = "3", unit = "1", room = "101" },
            category = "residential", buildingType = "multiStorey", meterType = "readMeter", paymentMethod = "bankDirectDebit",
            bank = new { cardNumber = card, bankName = "建设银行", cardHolder = "钱七" },
            channel = "counter", nature = "individual", priority = "urgent", sms = new { number = sms, provider = "中国联通" },
            occurredAt = Journey.Day(9, 1, 9),
        });
        await account.Post(StaffRoles.Agent, "/transfer", new
        {
            newHolder = new { kind = "person", name = "孙八", idNumber = newId, phone = newPhone },
            propertyProof = "浙(2026)第1号", paymentMethod = "bankDirectDebit",
            bank = new { cardNumber = newCard, bankName = "农业银行", cardHolder = "孙八" }, occurredAt = Journey.Day(9, 20),
        });

        await using var cmd = app.Database.CreateCommand(
            "select data::text || coalesce(headers::text, '') from gasledger.mt_events where stream_id = $1");
        cmd.Parameters.AddWithValue(account.AccountId);
        var rows = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));

        Assert.Equal(7, rows.Count);
        foreach (var secret in new[] { card, id, phone, sms, newId, newPhone, newCard, "钱七", "孙八" })
            Assert.DoesNotContain(rows, r => r.Contains(secret));
        // What events do carry: the card's token and last four digits.
        Assert.Contains(rows, r => Regex.IsMatch(r, "\"cardLast4\": ?\"2600\"") && Regex.IsMatch(r, "\"cardToken\": ?\"card_"));
        Assert.Contains(rows, r => Regex.IsMatch(r, "\"cardLast4\": ?\"0100\""));

        // The answers mask them too.
        var view = await app.Get(account.A);
        Assert.Equal("孙*", view["holder"]!["name"]!.GetValue<string>());
        Assert.Equal("330102********0018", view["holder"]!["idNumber"]!.GetValue<string>());
        Assert.Equal("136****5432", view["holder"]!["phone"]!.GetValue<string>());
        Assert.Equal("**** 0100", view["bank"]!["card"]!.GetValue<string>());
        Assert.DoesNotContain(newCard, view.ToJsonString());
    }
}
