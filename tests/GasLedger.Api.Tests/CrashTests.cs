using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// Exactly once across crashes (issue 25), on the built API as a process of its own: commands sent with their own
/// <c>Idempotency-Key</c> while the process is killed (SIGKILL) at random moments, or while its database is stopped and
/// started. Every key ends applied exactly once, with its answer replayable; none is stuck; while the database is away
/// the answers are 503 with <c>Retry-After</c>, never 500, and the API recovers by itself.
/// </summary>
public sealed class CrashTests
{
    /// <summary>One command under its own key, and the answers it got.</summary>
    private sealed class Work(string key, string url, string role, string body)
    {
        public string Key { get; } = key;
        public string Url { get; } = url;
        public string Role { get; } = role;
        public string Body { get; } = body;
        /// <summary>The first success answer: the client knows it was applied.</summary>
        public int? FirstStatus { get; set; }
        public string? FirstAnswer { get; set; }
        public int? LastStatus { get; set; }

        /// <summary>Every answer, in order: status, and R when replayed (- for none: the connection broke).</summary>
        public ConcurrentQueue<string> Answers { get; } = new();
    }

    private sealed record Answer(int Status, string Body, bool Replayed, string? RetryAfter);

    private static async Task<Answer?> Send(ApiProcess api, Work work, CancellationToken ct = default)
    {
        try
        {
            using var request = api.Request(HttpMethod.Post, work.Url, work.Role, new StringContent(work.Body, Encoding.UTF8, "application/json"));
            request.Headers.Add("Idempotency-Key", work.Key);
            using var response = await api.Client.SendAsync(request, ct);
            var answer = new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct),
                response.Headers.Contains("Idempotent-Replayed"), response.Headers.RetryAfter?.ToString());
            if (work.FirstStatus is null && answer.Status is >= 200 and < 300) (work.FirstStatus, work.FirstAnswer) = (answer.Status, answer.Body);
            work.LastStatus = answer.Status;
            work.Answers.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {answer.Status}{(answer.Replayed ? "R" : "")}");
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            work.Answers.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} -");
            return null; // the process died under it, or the connection broke: the outcome is unknown to the client
        }
    }

    /// <summary>A new application or complaint whose text is its key, so its events can be counted by key.</summary>
    private static Work NewWork(Random random, IReadOnlyList<Guid> accounts)
    {
        var key = "CRASH-" + Guid.NewGuid().ToString("N");
        if (random.Next(3) == 0)
        {
            var application = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Journey.Application(), GasLedgerApp.Json))!;
            application["remarks"] = key;
            return new Work(key, "/api/accounts", StaffRoles.Agent, application.ToJsonString());
        }
        var account = accounts[random.Next(accounts.Count)];
        return new Work(key, $"/api/accounts/{account}/complaints", StaffRoles.Agent,
            $"{{\"channel\":\"phone\",\"category\":\"delay\",\"content\":\"{key}\"}}");
    }

    private static async Task<List<Guid>> Accounts(ApiProcess api, int count)
    {
        var accounts = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            using var answer = await api.Client.SendAsync(api.Request(HttpMethod.Post, "/api/accounts", StaffRoles.Agent, JsonContent.Create(Journey.Application())));
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            accounts.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["accountId"]!.GetValue<Guid>());
        }
        return accounts;
    }

    /// <summary>Sends new work from <paramref name="workers"/> loops until <paramref name="ct"/> is cancelled.</summary>
    private static Task[] Load(ApiProcess api, IReadOnlyList<Guid> accounts, ConcurrentBag<Work> works, int workers, int seed,
        Func<Work, Answer?, Task> onAnswer, CancellationToken ct) =>
        Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 31 + w);
            while (!ct.IsCancellationRequested)
            {
                var work = NewWork(random, accounts);
                works.Add(work);
                await onAnswer(work, await Send(api, work));
            }
        })).ToArray();

    /// <summary>
    /// Sends every key again until each is answered 201, as a client would: after a 5xx, a broken connection or a 409 of
    /// concurrent writers (which writes nothing and is not kept) it tries again. A key answered before must replay it.
    /// </summary>
    private static async Task<List<string>> Settle(ApiProcess api, IEnumerable<Work> works)
    {
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(works, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (work, _) =>
        {
            var acknowledged = work.FirstStatus;
            var firstAnswer = work.FirstAnswer;
            for (var attempt = 0; attempt < 40; attempt++)
            {
                var answer = await Send(api, work);
                if (answer is null || answer.Status >= 500 || answer.Status == 409 && answer.Body.Contains("at the same time"))
                {
                    await Task.Delay(250);
                    continue;
                }
                if (answer.Status != 201) problems.Add($"{work.Key}: settled with {answer.Status} {answer.Body}");
                if (acknowledged is not null && (answer.Body != firstAnswer || !answer.Replayed))
                    problems.Add($"{work.Key}: answered {acknowledged} first, then {answer.Status} {(answer.Replayed ? "replayed" : "not replayed")} " +
                                 $"({string.Join(", ", work.Answers)})");
                return;
            }
            problems.Add($"{work.Key}: no answer in 40 tries");
        });
        return [.. problems];
    }

    /// <summary>How many times each key's command is in the event log.</summary>
    private static async Task<Dictionary<string, long>> Applied(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand(
            "select m[1], count(*) from gasledger.mt_events, regexp_matches(data::text, '(CRASH-[0-9a-f]{32})', 'g') m group by 1");
        await using var reader = await cmd.ExecuteReaderAsync();
        var applied = new Dictionary<string, long>();
        while (await reader.ReadAsync()) applied[reader.GetString(0)] = reader.GetInt64(1);
        return applied;
    }

    private static (int Lost, int Duplicated, int Missing) Count(IReadOnlyCollection<Work> works, Dictionary<string, long> applied)
    {
        var lost = works.Count(w => w.FirstStatus is >= 200 and < 300 && applied.GetValueOrDefault(w.Key) == 0);
        var duplicated = works.Count(w => applied.GetValueOrDefault(w.Key) > 1);
        var missing = works.Count(w => applied.GetValueOrDefault(w.Key) == 0);
        return (lost, duplicated, missing);
    }

    [Fact]
    public async Task Killed_at_random_moments_with_requests_in_flight_every_key_ends_applied_exactly_once_and_none_is_stuck()
    {
        const int rounds = 6;
        var random = new Random(25);
        await using var api = await ApiProcess.Start("gasledger_crash_test");
        var accounts = await Accounts(api, 12);
        var works = new ConcurrentBag<Work>();
        var unanswered = 0;
        for (var round = 0; round < rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var load = Load(api, accounts, works, workers: 6, seed: round, (_, answer) =>
            {
                if (answer is null) Interlocked.Increment(ref unanswered);
                return Task.CompletedTask;
            }, stop.Token);
            await Task.Delay(400 + random.Next(1_600));
            await stop.CancelAsync(); // no new requests: those in flight meet the kill
            await api.Kill();
            await Task.WhenAll(load);
            await api.Launch();
        }

        var problems = await Settle(api, works);
        var (lost, duplicated, missing) = Count(works, await Applied(api.ConnectionString));
        Console.WriteLine($"Crash test: {rounds} kills, {works.Count} keys, {unanswered} requests cut off by a kill; " +
                          $"lost {lost}, duplicated {duplicated}, never applied {missing}, stuck or mismatched {problems.Count}.");
        Assert.True(unanswered > 0, "no request was in flight at any kill: the test proved nothing");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        Assert.Equal((0, 0, 0), (lost, duplicated, missing));
    }

    [Fact]
    public async Task While_the_database_is_stopped_answers_are_503_with_retry_after_and_the_api_recovers_without_a_restart()
    {
        var server = Environment.GetEnvironmentVariable("GASLEDGER_OUTAGE_DB")
            ?? throw new InvalidOperationException("Set GASLEDGER_OUTAGE_DB and GASLEDGER_OUTAGE_CTL (./test.sh does).");
        var control = Environment.GetEnvironmentVariable("GASLEDGER_OUTAGE_CTL")
            ?? throw new InvalidOperationException("Set GASLEDGER_OUTAGE_CTL (./test.sh does).");
        await using var api = await ApiProcess.Start("gasledger_outage_test", server);
        var accounts = await Accounts(api, 8);
        var pid = api.ProcessId;

        var works = new ConcurrentBag<Work>();
        var statuses = new ConcurrentDictionary<int, int>();
        var withoutRetryAfter = 0;
        using var stop = new CancellationTokenSource();
        var load = Load(api, accounts, works, workers: 4, seed: 7, async (work, answer) =>
        {
            // A client's retry loop: the same key until an answer that is not 5xx.
            for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
            {
                if (answer is not null)
                {
                    statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
                    if (answer.Status == 503 && answer.RetryAfter is null) Interlocked.Increment(ref withoutRetryAfter);
                    if (answer.Status < 500 && !(answer.Status == 409 && answer.Body.Contains("at the same time"))) return;
                }
                await Task.Delay(200);
                answer = await Send(api, work);
            }
        }, stop.Token);

        await Task.Delay(2_000);
        await Run(control + " stop");
        var stopped = Stopwatch.StartNew();
        await Task.Delay(20_000);
        await Run(control + " start");
        var restarted = Stopwatch.StartNew();
        var recovered = await Recovery(api, accounts[0], TimeSpan.FromSeconds(60));
        var down = stopped.Elapsed - restarted.Elapsed;
        await Task.Delay(2_000);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var problems = await Settle(api, works);
        var (lost, duplicated, missing) = Count(works, await Applied(new NpgsqlConnectionStringBuilder(server) { Database = "gasledger_outage_test" }.ConnectionString));
        Console.WriteLine($"Outage test: database down {down.TotalSeconds:F0} s, API answering 2xx again {recovered.TotalSeconds:F1} s after the database started; " +
                          $"answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; {works.Count} keys, " +
                          $"lost {lost}, duplicated {duplicated}, never applied {missing}.");
        Assert.Equal(pid, api.ProcessId);
        Assert.True(statuses.GetValueOrDefault(503) > 0, "no 503 while the database was stopped");
        Assert.DoesNotContain(statuses.Keys, s => s >= 500 && s != 503);
        Assert.Equal(0, withoutRetryAfter);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        Assert.Equal((0, 0, 0), (lost, duplicated, missing));
    }

    /// <summary>How long after now until a command is answered 201 again.</summary>
    private static async Task<TimeSpan> Recovery(ApiProcess api, Guid account, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(1);
        while (clock.Elapsed < limit)
        {
            var probe = NewWork(random, [account]);
            if (await Send(api, probe) is { Status: 201 }) return clock.Elapsed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The API did not answer 201 within {limit.TotalSeconds} s of the database's start.");
    }

    private static async Task Run(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command}: exit {process.ExitCode} {error}");
    }
}
