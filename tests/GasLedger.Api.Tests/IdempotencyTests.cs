using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(GasLedgerApp app)
{
    [Fact]
    public async Task A_repeated_key_with_the_same_body_returns_the_first_answer_and_writes_nothing_more()
    {
        var key = Guid.NewGuid().ToString();
        var body = Lifecycle.Application(phone: "13811112222", at: DateTimeOffset.UtcNow.AddMinutes(-1));
        var before = await app.EventCount();

        var first = await app.Post(StaffRoles.Agent, "/api/accounts", body, 201, key);
        var again = await app.Post(StaffRoles.Agent, "/api/accounts", body, 201, key);

        Assert.Equal(first!.ToJsonString(), again!.ToJsonString());
        Assert.Equal(before + 1, await app.EventCount());
    }

    [Fact]
    public async Task A_repeated_key_replays_a_refusal_too_and_a_different_body_is_refused()
    {
        var account = await new Lifecycle(app).Applied();
        var key = Guid.NewGuid().ToString();
        var wrongFee = new { amount = 100, invoiceNumber = "1", invoiceDate = "2026-09-01", occurredAt = Lifecycle.Day(9, 2) };

        var first = await app.Post(StaffRoles.Agent, account.A + "/application-fee", wrongFee, 400, key);
        var again = await app.Post(StaffRoles.Agent, account.A + "/application-fee", wrongFee, 400, key);
        Assert.Equal(first!["detail"]!.ToJsonString(), again!["detail"]!.ToJsonString());

        var before = await app.EventCount();
        var rightFee = new { amount = 2400, invoiceNumber = "1", invoiceDate = "2026-09-01", occurredAt = Lifecycle.Day(9, 2) };
        await app.Post(StaffRoles.Agent, account.A + "/application-fee", rightFee, 422, key);
        Assert.Equal(before, await app.EventCount());

        // The same key from another staff member is another request.
        await app.Post(StaffRoles.Admin, account.A + "/application-fee", rightFee, 200, key);
        Assert.Equal(before + 1, await app.EventCount());
    }
}
