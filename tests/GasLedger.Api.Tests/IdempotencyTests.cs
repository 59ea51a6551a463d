using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(GasLedgerApp app)
{
    [Fact]
    public async Task A_repeated_key_with_the_same_body_returns_the_first_answer_and_writes_nothing_more()
    {
        var key = Guid.NewGuid().ToString();
        var body = Journey.Application(phone: "13811112222", at: DateTimeOffset.UtcNow.AddMinutes(-1));
        var before = await app.EventCount();

        var first = await app.Post(StaffRoles.Agent, "/api/accounts", body, 201, key);
        var again = await app.Post(StaffRoles.Agent, "/api/accounts", body, 201, key);

        Assert.Equal(first!.ToJsonString(), again!.ToJsonString());
        Assert.Equal(before + 1, await app.EventCount());
    }

    [Fact]
    public async Task A_repeated_key_replays_a_refusal_too_and_a_different_body_is_refused()
    {
        var account = await new Journey(app).Applied();
        var key = Guid.NewGuid().ToString();
        var wrongFee = new { amount = 100, invoiceNumber = "1", invoiceDate = "2026-09-01", occurredAt = Journey.Day(9, 2) };

        var first = await app.Post(StaffRoles.Agent, account.A + "/application-fee", wrongFee, 400, key);
        var again = await app.Post(StaffRoles.Agent, account.A + "/application-fee", wrongFee, 400, key);
        Assert.Equal(first!["detail"]!.ToJsonString(), again!["detail"]!.ToJsonString());

        var before = await app.EventCount();
        var rightFee = new { amount = 2400, invoiceNumber = "1", invoiceDate = "2026-09-01", occurredAt = Journey.Day(9, 2) };
        await app.Post(StaffRoles.Agent, account.A + "/application-fee", rightFee, 422, key);
        Assert.Equal(before, await app.EventCount());

        // The same key from another staff member is another request.
        await app.Post(StaffRoles.Admin, account.A + "/application-fee", rightFee, 200, key);
        Assert.Equal(before + 1, await app.EventCount());
    }
}

/// <summary>Issue 25: one key, exactly once, whatever happens around it.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExactlyOnceTests(GasLedgerApp app)
{
    private async Task<(int Status, string Body, bool Replayed)> Send(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Agent));
        request.Headers.Add("Idempotency-Key", key);
        using var response = await app.Host.Server.CreateClient().SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Ten_requests_with_one_key_at_the_same_moment_apply_once_and_all_get_the_first_answer()
    {
        var account = await new Journey(app).Active();
        var key = Guid.NewGuid().ToString();
        var complaint = new { channel = "phone", category = "delay", content = "同时重复提交" };
        var before = await app.EventCount(account.AccountId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Send(account.A + "/complaints", complaint, key)));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(9, answers.Count(a => a.Replayed));
        Assert.Equal(before + 1, await app.EventCount(account.AccountId));
    }

    [Fact]
    public async Task A_failure_while_saving_says_the_outcome_is_unknown_and_the_retry_applies_the_command_once()
    {
        var account = await new Journey(app).Active();
        var key = Guid.NewGuid().ToString();
        var complaint = new { channel = "phone", category = "delay", content = "保存时失败" };
        var before = await app.EventCount(account.AccountId);

        // For a moment the event table refuses this complaint's event: the save fails inside its transaction.
        await using (var trap = app.Database.CreateCommand("""
            create function gasledger.refuse_for_test() returns trigger language plpgsql as
              $$ begin if new.data::text like '%保存时失败%' then raise exception 'refused for a test'; end if; return new; end $$;
            create trigger refuse_for_test before insert on gasledger.mt_events for each row execute function gasledger.refuse_for_test();
            """))
            await trap.ExecuteNonQueryAsync();
        (int Status, string Body, bool Replayed) failed;
        try
        {
            failed = await Send(account.A + "/complaints", complaint, key);
        }
        finally
        {
            await using var back = app.Database.CreateCommand(
                "drop trigger refuse_for_test on gasledger.mt_events; drop function gasledger.refuse_for_test()");
            await back.ExecuteNonQueryAsync();
        }
        Assert.Equal(500, failed.Status);
        Assert.Contains("outcome is unknown", failed.Body);
        Assert.DoesNotContain("Nothing was written", failed.Body);
        Assert.Equal(before, await app.EventCount(account.AccountId));

        var retried = await Send(account.A + "/complaints", complaint, key);
        var again = await Send(account.A + "/complaints", complaint, key);
        Assert.Equal((201, false), (retried.Status, retried.Replayed));
        Assert.Equal((201, true, retried.Body), (again.Status, again.Replayed, again.Body));
        Assert.Equal(before + 1, await app.EventCount(account.AccountId));
    }
}
