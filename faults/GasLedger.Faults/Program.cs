// ./faults.sh: kills parts of the cluster under a steady load of commands and measures what it survives (RELIABILITY.md).
// Everything runs on 127.0.0.1; each scenario is bounded in rounds, rate and seconds.
using System.Diagnostics;
using System.Text.Json;
using GasLedger.Faults;
using Npgsql;

if (args is ["relay", var listen, var target, .. var ports])
{
    await Relay.Run(listen, target, ports.Select(int.Parse).ToArray());
    return 0;
}
var options = Options.Parse(args);
var root = Environment.GetEnvironmentVariable("GASLEDGER_ROOT") ?? Directory.GetCurrentDirectory();
var home = Environment.GetEnvironmentVariable("GL_HOME") ?? throw new InvalidOperationException("GL_HOME is not set (run ./faults.sh)");
var connectionString = (await File.ReadAllTextAsync(Path.Combine(home, "cluster.connection-string"))).Trim();
var key = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(home, "dev-keys.json"))).RootElement.GetProperty("agent").GetString()!;

await using var cluster = new Cluster(root, home, connectionString, 5090, [5091, 5092, 5093]);
// The API nodes are this process's children: stopped with it, however it ends (Ctrl+C, a kill, an exception).
AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.KillAll();
Console.CancelKeyPress += (_, _) => cluster.KillAll();
// The API nodes and the balancer, started for the first scenario under load (the crash scenarios need neither).
Guid[] accounts = [];
async Task StartNodes()
{
    if (accounts.Length > 0) return;
    for (var n = 0; n < cluster.Nodes; n++)
    {
        cluster.StartNode(n);
        if (n == 0) await cluster.WaitReady(0, TimeSpan.FromMinutes(3)); // the first makes the schema
    }
    for (var n = 0; n < cluster.Nodes; n++) await cluster.WaitReady(n, TimeSpan.FromMinutes(3));
    await cluster.StartBalancer();
    accounts = await Accounts(cluster.Db);
    Console.WriteLine($"Cluster ready: {cluster.Nodes} API nodes behind {cluster.Balancer}, {accounts.Length} active accounts to send readings to.");
}
Crashes? crashes = null;
int? walStandby = null; // the standby whose pg_wal is on a file system of its own (standby-disk-full)

var results = new List<object>();
var passed = true;
Directory.CreateDirectory(Path.Combine(root, "faults-results"));
var file = Path.Combine(root, "faults-results", $"faults-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
foreach (var scenario in options.Scenarios)
{
    if (scenario is "import-kill" or "rebuild-kill")
    {
        await CrashScenario(scenario);
        continue;
    }
    if (scenario == "partition" && Environment.GetEnvironmentVariable("GASLEDGER_FAULTS_NETNS") is null)
    {
        Console.WriteLine("partition: SKIPPED — no network namespace (faults.sh makes one when it may: CAP_NET_ADMIN)");
        continue;
    }
    if (scenario == "standby-disk-full" && Environment.GetEnvironmentVariable("GASLEDGER_FAULTS_TMPFS") is null)
    {
        Console.WriteLine("standby-disk-full: SKIPPED — no file system of its own for the standby's WAL (faults.sh mounts a tmpfs when it may: root)");
        continue;
    }
    await StartNodes();
    var rounds = new List<Round>();
    for (var r = 1; r <= options.Rounds(scenario); r++)
    {
        var round = scenario switch
        {
            "api-kill" => await ApiKill(cluster, r),
            "primary-kill" => await PrimaryKill(cluster, r),
            "db-restart" => await DatabaseRestart(cluster, r),
            "standby-stop" => await StandbyStop(cluster, r),
            "partition" => await NetworkPartition(cluster, r),
            "blue-green" => await BlueGreen(cluster, r),
            "standby-disk-full" => await StandbyDiskFull(cluster, r),
            _ => throw new ArgumentException($"Unknown scenario {scenario}: {string.Join(", ", Options.All)}"),
        };
        rounds.Add(round);
        Console.WriteLine($"  {scenario} {r}: {round}");
    }
    var verified = await Verify(root, connectionString, cluster.Db, cluster.TimeLimitsVersion);
    var ok = verified && rounds.All(x => x.Lost == 0 && x.Duplicated == 0 && x.ServerErrors == 0 && x.GaveUp == 0 &&
                                         x.Unavailable503WithoutRetryAfter == 0 && x.SecondWriters == 0 &&
                                         x.ReadsFailed == 0 && x.ReadsWentBack == 0 &&
                                         // a dead or cut-off node's projections must have moved
                                         (x.Scenario is not ("api-kill" or "partition") || x.RecoveredAfterSeconds is not null));
    passed &= ok;
    results.Add(new { scenario, rounds, auditVerified = verified, passed = ok });
    Console.WriteLine($"{scenario}: {(ok ? "PASSED" : "FAILED")} — {Summary(rounds)}; audit verify {(verified ? "passed" : "FAILED")}");
    // Written after each scenario, so a run cut short keeps what it measured.
    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { options.Rate, options.Seconds, results }, new JsonSerializerOptions { WriteIndented = true }));
}

async Task CrashScenario(string scenario)
{
    if (crashes is null)
    {
        crashes = new Crashes(cluster, root, home, connectionString, options.CrashAccounts);
        await crashes.Prepare();
    }
    var rounds = new List<CrashRound>();
    for (var r = 1; r <= options.Rounds(scenario); r++)
    {
        var round = scenario == "import-kill" ? await crashes.ImportKill(r) : await crashes.RebuildKill(r);
        rounds.Add(round);
        Console.WriteLine($"  {scenario} {r}: {round}");
    }
    var verified = await Verify(root, await crashes.SealAndVerifyConnection(), cluster.Db, cluster.TimeLimitsVersion);
    var ok = verified && rounds.All(x => x.Passed);
    passed &= ok;
    results.Add(new { scenario, rounds, auditVerified = verified, passed = ok });
    Console.WriteLine($"{scenario}: {(ok ? "PASSED" : "FAILED")} — {rounds.Count(x => x.KilledMidway)} of {rounds.Count} killed mid-way; " +
                      $"events lost {rounds.Sum(x => x.EventsLost)}, doubled {rounds.Sum(x => x.EventsDoubled)}, different {rounds.Sum(x => x.EventsDifferent)}; " +
                      $"documents different from a clean rebuild {rounds.Sum(x => x.DocumentsDifferent)}; schema differences {rounds.Sum(x => x.SchemaDifferences.Length)}; " +
                      $"audit verify {(verified ? "passed" : "FAILED")}");
    await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { options.Rate, options.Seconds, results }, new JsonSerializerOptions { WriteIndented = true }));
}

Console.WriteLine($"Figures written to {Path.GetRelativePath(root, file)}");
Console.WriteLine(passed ? "FAULTS PASSED" : "FAULTS FAILED");
return passed ? 0 : 1;

// kill -9 of the API node that runs most of the projections, 10 s into the load; the seconds until every projection
// it ran is given to another node; the node started again after the load.
async Task<Round> ApiKill(Cluster c, int round)
{
    var ids = new Guid[c.Nodes];
    for (var n = 0; n < c.Nodes; n++) ids[n] = await NodeId(n);
    var assignments = await Assignments(c.Db);
    var victim = Enumerable.Range(0, c.Nodes).OrderByDescending(n => assignments.Count(a => a.Node == ids[n])).ThenBy(n => (n + round) % c.Nodes).First();
    var its = assignments.Where(a => a.Node == ids[victim]).Select(a => a.Agent).ToArray();

    var load = new Load(c.Balancer, key, accounts, $"faults-k{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, options.Seconds, 0);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var killedAt = load.Now;
    c.KillNode(victim);
    double? movedAfter = null;
    while (movedAfter is null && load.Now - killedAt < 120)
    {
        var now = await Assignments(c.Db);
        if (its.All(agent => now.Any(a => a.Agent == agent && a.Node != ids[victim] && a.Node != Guid.Empty)))
            movedAfter = load.Now - killedAt;
        else await Task.Delay(250);
    }
    await running;
    c.StartNode(victim);
    await c.WaitReady(victim, TimeSpan.FromMinutes(3));
    return await Settle(c, load, "api-kill", $"api{victim + 1} ({its.Length} agents)", killedAt, movedAfter);

    async Task<Guid> NodeId(int n)
    {
        using var http = new HttpClient();
        var live = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{5091 + n}/health/live")).RootElement;
        return live.GetProperty("clusterNodeId").GetGuid();
    }
}

// kill -9 of the primary's postmaster, 10 s into the load: pg_auto_failover promotes the synchronous standby; the
// longest time without an acknowledged command; the old primary rejoins as the standby before the next round.
async Task<Round> PrimaryKill(Cluster c, int round)
{
    var (port, postmaster) = await c.Primary();
    var load = new Load(c.Balancer, key, accounts, $"faults-p{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, options.Seconds, 0);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var killedAt = load.Now;
    Process.GetProcessById(postmaster).Kill();
    // Back when a primary takes writes again: the standby promoted by the monitor, or the old primary restarted in
    // place by its keeper before the monitor decided (a new postmaster on the same port).
    double? backAfter = null;
    var now = (Port: port, Postmaster: postmaster);
    while (backAfter is null && load.Now - killedAt < 120)
    {
        try
        {
            now = await c.Primary();
            if (now != (port, postmaster)) backAfter = load.Now - killedAt;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException) { }
        if (backAfter is null) await Task.Delay(250);
    }
    await running;
    var settled = await Settle(c, load, "primary-kill",
        $"primary :{port} → {(backAfter is null ? "none" : now.Port == port ? "restarted in place" : $"standby :{now.Port} promoted")}", killedAt, backAfter);
    await c.WaitHealthy(TimeSpan.FromMinutes(5));
    return settled;
}

// The whole database cluster (both PostgreSQL nodes and the monitor) stopped 10 s into the load and started again 20 s
// later, the API nodes left running: 503 with Retry-After meanwhile, never 500, and writes again without a restart.
async Task<Round> DatabaseRestart(Cluster c, int round)
{
    var load = new Load(c.Balancer, key, accounts, $"faults-d{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, Math.Max(options.Seconds, 70), 0);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var stoppedAt = load.Now;
    await c.Shell("gl_cluster_db_stop");
    await Task.Delay(TimeSpan.FromSeconds(20));
    await c.Shell("gl_cluster_db >/dev/null");
    var startedAt = load.Now;
    await running;
    var firstAfter = load.FirstAcknowledgedAfter(startedAt);
    return await Settle(c, load, "db-restart", $"database stopped {startedAt - stoppedAt:0} s", stoppedAt,
        double.IsNaN(firstAfter) ? null : firstAfter - startedAt, window: 60);
}

// The synchronous standby stopped (`pg_autoctl stop`: its keeper and its PostgreSQL) 10 s into the load and started again
// 20 s later. As configured (pg_auto_failover's number_sync_standbys 0), the monitor takes the synchronous standby out
// of synchronous_standby_names once it has it for unhealthy and the primary takes writes alone meanwhile; the standby
// catches up when it is back. The longest time without an acknowledged command; none lost.
async Task<Round> StandbyStop(Cluster c, int round)
{
    var (primary, _) = await c.Primary();
    var standby = c.NodePorts.Single(p => p != primary);
    var load = new Load(c.Balancer, key, accounts, $"faults-s{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, Math.Max(options.Seconds, 60), 0);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var stoppedAt = load.Now;
    await c.Shell($"gl_cluster_node_stop {standby}");
    await Task.Delay(TimeSpan.FromSeconds(20));
    await c.Shell($"gl_cluster_node_start {standby}");
    await running;
    var settled = await Settle(c, load, "standby-stop", $"standby :{standby} stopped 20 s", stoppedAt, null, window: 45);
    var healthy = await c.WaitHealthy(TimeSpan.FromMinutes(5));
    return settled with { RecoveredAfterSeconds = Math.Round(healthy, 1) };
}

// A fourth API node in a network namespace of its own (faults.sh makes it), reaching the database over a veth pair; once
// it runs a projection, 10 s into the load, what comes back to it from the database's ports is dropped by a routing
// rule of the namespace (a silent black hole: no reset, no error, only silence), for 40 s, then let through again. Its
// projections must run elsewhere meanwhile, and no projection may be written by two nodes: a second writer's batch is
// refused by Marten's progression check, counted in every node's log. Reported besides: when it said it was not ready,
// and for how long after the network was back it and another node both said they ran one agent. The round's commands,
// through the other three nodes, are counted as in every scenario; audit verify after the rounds compares every
// projection with a replay from zero.
async Task<Round> NetworkPartition(Cluster c, int round)
{
    const string address = "10.231.0.2", url = $"http://{address}:5094";
    var netns = Environment.GetEnvironmentVariable("GASLEDGER_FAULTS_NETNS")!;
    using var relay = Process.Start(new ProcessStartInfo("ip",
        ["netns", "exec", netns, "dotnet", System.Reflection.Assembly.GetEntryAssembly()!.Location, "relay", "127.0.0.1", "10.231.0.1",
            .. c.NodePorts.Select(p => $"{p}")]) { RedirectStandardOutput = true })!;
    await relay.StandardOutput.ReadLineAsync(); // listening
    var node = c.StartApi("api4", url, connectionString, netns);
    await Cluster.WaitReady(url, node, "api4", TimeSpan.FromMinutes(3));
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var live = JsonDocument.Parse(await http.GetStringAsync($"{url}/health/live")).RootElement;
    var id = live.GetProperty("clusterNodeId").GetGuid();
    // Three agents are spread one a node over three nodes, and a fourth node is given none: the third node is stopped
    // (kill -9) so that its share goes to the fourth, and started again after the round.
    c.KillNode(2);
    string[] its = [];
    var waiting = Stopwatch.StartNew();
    while (its.Length == 0 && waiting.Elapsed < TimeSpan.FromSeconds(90))
    {
        its = (await Assignments(c.Db)).Where(a => a.Node == id).Select(a => a.Agent).ToArray();
        if (its.Length == 0) await Task.Delay(1000);
    }

    var load = new Load(c.Balancer, key, accounts, $"faults-n{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, Math.Max(options.Seconds, 80), 0);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var cutAt = load.Now;
    var refusedBefore = RefusedWrites();
    await Rules(netns, "add");
    double? movedAfter = null, notReadyAfter = null, healedAt = null;
    var doubled = new HashSet<string>();
    double doubleSeconds = 0;
    using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    // Every half second: whether its projections were given to the other nodes, whether it says it is not ready; and
    // once the network is back (after 40 s), for 30 s, the agents it runs by its own account against those the other
    // nodes run by theirs.
    while (load.Now - cutAt < 70)
    {
        if (healedAt is null && load.Now - cutAt >= 40)
        {
            await Rules(netns, "del");
            healedAt = load.Now;
        }
        if (movedAfter is null && its.Length > 0)
        {
            var now = await Assignments(c.Db);
            if (its.All(agent => now.Any(a => a.Agent == agent && a.Node != id && a.Node != Guid.Empty))) movedAfter = load.Now - cutAt;
        }
        if (notReadyAfter is null && healedAt is null)
            try
            {
                if ((await probe.GetAsync($"{url}/health/ready")).StatusCode == System.Net.HttpStatusCode.ServiceUnavailable) notReadyAfter = load.Now - cutAt;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        if (healedAt is not null)
        {
            var mine = await Running(url);
            var others = new List<string>();
            for (var n = 0; n < c.Nodes; n++) others.AddRange(await Running($"http://127.0.0.1:{5091 + n}"));
            var both = mine.Intersect(others).ToArray();
            if (both.Length > 0)
            {
                doubled.UnionWith(both);
                doubleSeconds += 0.5;
            }
        }
        await Task.Delay(500);
    }
    await running;
    var refusedWrites = RefusedWrites() - refusedBefore;
    node.Kill();
    await node.WaitForExitAsync();
    relay.Kill();
    c.StartNode(2);
    await c.WaitReady(2, TimeSpan.FromMinutes(3));
    var settled = await Settle(c, load, "partition",
        $"api4 ({its.Length} agents) cut off 40 s: not ready after {notReadyAfter?.ToString("0.#") ?? "never"} s; " +
        $"after the network was back, agents running on it and elsewhere at once: {doubled.Count} ({doubleSeconds:0.#} s); " +
        $"projection writes refused by the progression check (a second writer): {refusedWrites}", cutAt, movedAfter);
    return settled with { SecondWriters = refusedWrites };

    // Marten refuses a projection's batch whose progression another process moved meanwhile (and rolls its documents
    // back): the trace of two nodes writing one projection, in any node's log.
    long RefusedWrites() => Directory.EnumerateFiles(home, "faults-api*.log")
        .Sum(f => File.ReadLines(f).LongCount(l => l.Contains("ProgressionProgressOutOfOrderException:")));

    async Task Rules(string netns, string verb)
    {
        foreach (var (port, pref) in c.NodePorts.Select((p, i) => (p, 10 + i)))
        {
            var p = Process.Start("ip", ["-n", netns, "rule", verb, "pref", $"{pref}", "iif", "glf-node", "ipproto", "tcp", "sport", $"{port}", "blackhole"])!;
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException($"ip rule {verb} failed ({p.ExitCode})");
        }
    }

    async Task<string[]> Running(string baseUrl)
    {
        try
        {
            var answer = JsonDocument.Parse(await http.GetStringAsync($"{baseUrl}/health/live")).RootElement;
            return answer.TryGetProperty("running", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }
}

// Blue/green: the next version of the time limits (GasLedger:ProjectionVersions:TimeLimits one higher) rolled over the
// three API nodes under load, one node at a time, as a deploy does it: the node stopped (SIGTERM) and started at the new
// version. The first builds the new version's table from the first event while the other two serve from the version in
// use, and says it is ready — so the balancer sends it requests — only once its version has caught up (CatchUp); then
// the next node, then the last. Meanwhile a reader asks the time limits' summary through the balancer four times a
// second: every answer must be a 200, and none may count fewer time limits than one before it (an answer from a version
// not yet built). Once every node runs the new version, the old one is retired as docs/cluster.md says: its table
// dropped, its progression row deleted. audit verify after the rounds replays the new version from zero and compares.
async Task<Round> BlueGreen(Cluster c, int round)
{
    var from = c.TimeLimitsVersion;
    var to = from + 1;
    using var stop = new CancellationTokenSource();
    var load = new Load(c.Balancer, key, accounts, $"faults-b{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, 600, 0, stop.Token);
    var reads = Reader(stop.Token);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var rolledAt = load.Now;
    c.TimeLimitsVersion = to;
    var steps = new List<(double Stopping, double Ready)>();
    for (var n = c.Nodes - 1; n >= 0; n--)
    {
        var stopping = load.Now;
        await c.StopNode(n);
        var started = load.Now;
        c.StartNode(n);
        await c.WaitReady(n, TimeSpan.FromMinutes(10));
        steps.Add((Math.Round(started - stopping, 1), Math.Round(load.Now - started, 1)));
    }
    var rolled = load.Now - rolledAt;
    await Task.Delay(TimeSpan.FromSeconds(5));
    stop.Cancel();
    await running;
    var (answers, failed, wentBack) = await reads;
    await using (var retire = c.Db.CreateCommand(
                     $"drop table if exists gasledger.mt_doc_accounttimelimits{(from > 1 ? $"_{from}" : "")}; " +
                     $"delete from gasledger.mt_event_progression where name = '{(from > 1 ? $"TimeLimits:V{from}:All" : "TimeLimits:All")}'"))
        await retire.ExecuteNonQueryAsync();
    var settled = await Settle(c, load, "blue-green",
        $"time limits V{from} → V{to} rolled over {c.Nodes} nodes in {rolled:0} s (each node: stopped in, then started and ready in: " +
        $"{string.Join(", ", steps.Select(s => $"{s.Stopping} + {s.Ready} s"))}, the first building V{to} from the first event); " +
        $"reads of the time limits meanwhile: {answers} answered, {failed} not 200, {wentBack} counting fewer than one before",
        rolledAt, steps[0].Ready, window: rolled);
    return settled with { ReadsFailed = failed, ReadsWentBack = wentBack };

    // The time limits' summary through the balancer every 250 ms: its answers, those not 200, and those counting fewer
    // time limits than the most one before counted (each time limit, once known, stays: open, met or breached).
    async Task<(int Answers, int Failed, int WentBack)> Reader(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(c.Balancer), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        int answers = 0, failed = 0, wentBack = 0;
        long most = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync("/api/sla/summary", CancellationToken.None);
                answers++;
                if (!response.IsSuccessStatusCode) failed++;
                else
                {
                    var kinds = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("kinds");
                    var known = kinds.EnumerateArray().Sum(k => k.GetProperty("open").GetInt64() + k.GetProperty("breachedDone").GetInt64() + k.GetProperty("met").GetInt64());
                    if (known < most) wentBack++;
                    most = Math.Max(most, known);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answers++;
                failed++;
            }
            await Task.Delay(250, CancellationToken.None);
        }
        return (answers, failed, wentBack);
    }
}

// The synchronous standby's disk full: before the round, outside the load, its pg_wal is moved onto a small file system
// of its own (a tmpfs; the standby stopped and started for it); 10 s into the load that file system is filled to its
// last byte, and emptied again 20 s later. What the standby does with WAL it cannot write, and what the monitor and the
// primary do meanwhile, are PostgreSQL's and pg_auto_failover's — measured, not assumed: the nodes' states seen each
// second, the longest time without an acknowledged command, when writes came back after the space was freed, and none
// lost. pg_wal goes back on the data directory's disk after the last round (moving it takes the standby down; the rounds
// in between keep it there, each starting with the standby streaming and synchronous again).
async Task<Round> StandbyDiskFull(Cluster c, int round)
{
    if (walStandby is null)
    {
        var (primary, _) = await c.Primary();
        walStandby = c.NodePorts.Single(p => p != primary);
        await c.Shell($"gl_cluster_wal_small {walStandby}");
    }
    var standby = walStandby.Value;
    await c.WaitSynchronous(TimeSpan.FromMinutes(5));
    var load = new Load(c.Balancer, key, accounts, $"faults-f{round}-{Guid.NewGuid():N}"[..24]);
    var running = load.Run(options.Rate, Math.Max(options.Seconds, 60), 0);
    await Task.Delay(TimeSpan.FromSeconds(10));
    var fullAt = load.Now;
    await c.Shell($"gl_cluster_wal_fill {standby}");
    var states = new List<string>();
    while (load.Now - fullAt < 20)
    {
        try
        {
            var now = string.Join("/", await c.States());
            if (states.LastOrDefault() != now) states.Add(now);
        }
        catch (InvalidOperationException) { } // the monitor busy: the next second
        await Task.Delay(1000);
    }
    await c.Shell($"gl_cluster_wal_free {standby}");
    var freedAt = load.Now;
    await running;
    // Writes again: the first command tried after the space was freed and acknowledged, counted from the freeing.
    var writesAgain = load.FirstAcknowledgedAfter(freedAt);
    var settled = await Settle(c, load, "standby-disk-full",
        $"standby :{standby}'s WAL file system full 20 s; the nodes' states seen meanwhile (node1/node2): {string.Join(" → ", states)}; " +
        $"writes again {writesAgain - freedAt:0.0} s after the space was freed", fullAt,
        double.IsNaN(writesAgain) ? null : writesAgain - freedAt, window: 45);
    await c.WaitSynchronous(TimeSpan.FromMinutes(5));
    if (round == options.Rounds("standby-disk-full"))
    {
        await c.Shell($"gl_cluster_wal_back {standby}");
        walStandby = null;
        await c.WaitSynchronous(TimeSpan.FromMinutes(5));
    }
    return settled;
}

// Every command of the round settled; its events counted by correlation id: each acknowledged command's one event
// there exactly once, none of a refused one.
async Task<Round> Settle(Cluster c, Load load, string scenario, string target, double faultAt, double? recoveredAfter, double window = 40)
{
    var counts = new Dictionary<string, long>();
    var prefix = load.Commands.Keys.First()[..24];
    c.Db.Clear(); // connections pooled before a failover or a restart are dead: open new ones
    await using (var cmd = c.Db.CreateCommand("select correlation_id, count(*) from gasledger.mt_events where correlation_id like $1 group by 1"))
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = prefix + "%" });
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
    }
    var acknowledged = load.Commands.Where(x => x.Value == Outcome.Acknowledged).Select(x => x.Key).ToArray();
    return new Round(
        scenario, target, load.Commands.Count, acknowledged.Length,
        Lost: acknowledged.Count(id => !counts.ContainsKey(id)),
        Duplicated: counts.Count(x => x.Value > 1),
        AppliedUnacknowledged: counts.Keys.Count(id => load.Commands[id] != Outcome.Acknowledged),
        Refused: load.Commands.Count(x => x.Value == Outcome.Refused),
        GaveUp: load.Commands.Count(x => x.Value == Outcome.GaveUp),
        ServerErrors: load.Answers.GetValueOrDefault(500),
        Unavailable503: load.Answers.GetValueOrDefault(503),
        BalancerErrors: load.Answers.GetValueOrDefault(502) + load.Answers.GetValueOrDefault(504),
        ConnectionFailures: load.Answers.GetValueOrDefault(0),
        OtherAnswers: string.Join(" ", load.Answers.Where(a => a.Key is >= 400 and < 500).OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}")),
        RecoveredAfterSeconds: recoveredAfter is { } s ? Math.Round(s, 2) : null,
        LongestGapSeconds: Math.Round(load.LongestGapAfter(faultAt, Math.Min(window, load.Now - faultAt - 1)), 2),
        Unavailable503WithoutRetryAfter: load.WithoutRetryAfter);
}

static async Task<Guid[]> Accounts(NpgsqlDataSource db)
{
    var ids = new List<Guid>();
    await using var cmd = db.CreateCommand("select id from gasledger.mt_doc_account where data ->> 'status' = 'Active' " +
                                           "and data ->> 'meterType' <> 'IcCard' order by id limit 2000");
    await using var reader = await cmd.ExecuteReaderAsync();
    while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
    if (ids.Count < 100) throw new InvalidOperationException($"Only {ids.Count} active metered accounts: load a city first (faults.sh does).");
    return ids.ToArray();
}

static async Task<(string Agent, Guid Node)[]> Assignments(NpgsqlDataSource db)
{
    var rows = new List<(string, Guid)>();
    await using var cmd = db.CreateCommand("select id, node_id from gasledger.wolverine_node_assignments where id like 'event-subscriptions:%'");
    await using var reader = await cmd.ExecuteReaderAsync();
    while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.IsDBNull(1) ? Guid.Empty : reader.GetGuid(1)));
    return rows.ToArray();
}

// After the projections have followed every event: audit verify (every seal, every projection against a replay from
// zero), by the API's own command line.
static async Task<bool> Verify(string root, string connectionString, NpgsqlDataSource db, uint timeLimitsVersion)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromMinutes(5))
    {
        await using var cmd = db.CreateCommand("select (select max(seq_id) from gasledger.mt_events) - " +
                                               "(select min(last_seq_id) from gasledger.mt_event_progression where name not like 'HighWater%')");
        if (Convert.ToInt64(await cmd.ExecuteScalarAsync()) <= 0) break;
        await Task.Delay(1000);
    }
    var info = new ProcessStartInfo("dotnet", [Environment.GetEnvironmentVariable("GASLEDGER_API_DLL")!, "audit", "verify"])
    {
        WorkingDirectory = root, RedirectStandardOutput = true,
    };
    info.Environment["GASLEDGER_DB"] = connectionString;
    info.Environment["GasLedger__DevKeysDirectory"] = Environment.GetEnvironmentVariable("GL_HOME");
    info.Environment["GasLedger__ProjectionVersions__TimeLimits"] = $"{timeLimitsVersion}";
    using var p = Process.Start(info)!;
    var output = await p.StandardOutput.ReadToEndAsync();
    await p.WaitForExitAsync();
    Console.WriteLine(string.Join('\n', output.Split('\n').Where(l => l.Contains(':') && !l.StartsWith('[')).TakeLast(8).Select(l => "    " + l)));
    return p.ExitCode == 0 && output.Contains("VERIFIED") && !output.Contains("NOT VERIFIED");
}

static string Summary(List<Round> rounds)
{
    string Spread(Func<Round, double?> f)
    {
        var xs = rounds.Select(f).Where(x => x is not null).Select(x => x!.Value).Order().ToArray();
        return xs.Length == 0 ? "–" : $"{xs[0]:0.##}–{xs[^1]:0.##} s (median {xs[xs.Length / 2]:0.##})";
    }
    return $"{rounds.Sum(r => r.Acknowledged)} acknowledged, lost {rounds.Sum(r => r.Lost)}, duplicated {rounds.Sum(r => r.Duplicated)}, " +
           $"500s {rounds.Sum(r => r.ServerErrors)}, 503s {rounds.Sum(r => r.Unavailable503)}, gave up {rounds.Sum(r => r.GaveUp)}; " +
           $"recovered after {Spread(r => r.RecoveredAfterSeconds)}; longest gap {Spread(r => r.LongestGapSeconds)}";
}

public sealed record Round(string Scenario, string Target, int Commands, int Acknowledged, int Lost, int Duplicated, int AppliedUnacknowledged,
    int Refused, int GaveUp, int ServerErrors, int Unavailable503, int BalancerErrors, int ConnectionFailures, string OtherAnswers, double? RecoveredAfterSeconds,
    double LongestGapSeconds, int Unavailable503WithoutRetryAfter, long SecondWriters = 0, int ReadsFailed = 0, int ReadsWentBack = 0)
{
    public override string ToString() =>
        $"{Target}: {Acknowledged}/{Commands} acknowledged, lost {Lost}, duplicated {Duplicated}, applied unacknowledged {AppliedUnacknowledged}, " +
        $"refused {Refused}{(OtherAnswers.Length > 0 ? $" ({OtherAnswers})" : "")}, gave up {GaveUp}; answers 500 {ServerErrors}, 503 {Unavailable503}, 502/504 {BalancerErrors}, dropped {ConnectionFailures}; " +
        $"recovered after {RecoveredAfterSeconds?.ToString("0.##") ?? "never"} s, longest gap {LongestGapSeconds:0.##} s" +
        (Unavailable503WithoutRetryAfter > 0 ? $"; {Unavailable503WithoutRetryAfter} 503s WITHOUT Retry-After" : "");
}

public sealed record Options(string[] Scenarios, int ApiKills, int PrimaryKills, int DbRestarts, int StandbyStops, int StandbyDisksFull, int Partitions, int BlueGreens, int ImportKills, int RebuildKills, int CrashAccounts,
    double Rate, double Seconds)
{
    public static readonly string[] All = ["api-kill", "primary-kill", "db-restart", "standby-stop", "standby-disk-full", "partition", "blue-green", "import-kill", "rebuild-kill"];

    public int Rounds(string scenario) => scenario switch
    {
        "api-kill" => ApiKills, "primary-kill" => PrimaryKills, "db-restart" => DbRestarts, "standby-stop" => StandbyStops, "standby-disk-full" => StandbyDisksFull, "partition" => Partitions, "blue-green" => BlueGreens, "import-kill" => ImportKills, _ => RebuildKills,
    };

    public static Options Parse(string[] args)
    {
        var o = new Options(All, 10, 5, 3, 3, 3, 3, 3, 10, 10, 3_000, 200, 40);
        for (var i = 0; i < args.Length; i++)
            o = args[i] switch
            {
                "--scenario" => o with { Scenarios = args[++i].Split(',') },
                "--api-kills" => o with { ApiKills = int.Parse(args[++i]) },
                "--primary-kills" => o with { PrimaryKills = int.Parse(args[++i]) },
                "--db-restarts" => o with { DbRestarts = int.Parse(args[++i]) },
                "--standby-stops" => o with { StandbyStops = int.Parse(args[++i]) },
                "--standby-disks-full" => o with { StandbyDisksFull = int.Parse(args[++i]) },
                "--partitions" => o with { Partitions = int.Parse(args[++i]) },
                "--blue-greens" => o with { BlueGreens = int.Parse(args[++i]) },
                "--import-kills" => o with { ImportKills = int.Parse(args[++i]) },
                "--rebuild-kills" => o with { RebuildKills = int.Parse(args[++i]) },
                "--crash-accounts" => o with { CrashAccounts = int.Parse(args[++i]) },
                "--rate" => o with { Rate = double.Parse(args[++i]) },
                "--seconds" => o with { Seconds = double.Parse(args[++i]) },
                _ => throw new ArgumentException($"Unknown argument {args[i]}"),
            };
        return o;
    }
}
