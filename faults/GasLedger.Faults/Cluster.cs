using System.Diagnostics;
using Npgsql;

namespace GasLedger.Faults;

/// <summary>
/// The cluster under test, as faults.sh made it: the database (pg_auto_failover: monitor, primary, synchronous
/// standby) is already up; this starts the API nodes and HAProxy, and does the faults to them — kill -9 of a node or of
/// the primary's postmaster — all on 127.0.0.1.
/// </summary>
public sealed class Cluster(string root, string home, string connectionString, int balancerPort, int[] nodePorts) : IAsyncDisposable
{
    private readonly Process?[] _nodes = new Process?[nodePorts.Length];
    public NpgsqlDataSource Db { get; } = new NpgsqlDataSourceBuilder(connectionString).Build();
    public string Balancer => $"http://127.0.0.1:{balancerPort}";
    public int Nodes => nodePorts.Length;
    /// <summary>The database nodes' ports (pg_auto_failover's monitor is on the one before the first).</summary>
    public int[] NodePorts { get; } = DatabasePorts(connectionString);

    private static int[] DatabasePorts(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Host!.Split(',').Select(h => int.Parse(h.Split(':')[1])).ToArray();

    /// <summary>The time limits' projection version the API nodes started from now on run (the blue/green scenario raises it).</summary>
    public uint TimeLimitsVersion { get; set; } = 1;

    public void StartNode(int n) => _nodes[n] = StartApi($"api{n + 1}", $"http://127.0.0.1:{nodePorts[n]}", connectionString);

    /// <summary>
    /// An API node of the cluster, its output appended to <c>faults-NAME.log</c>; in network namespace
    /// <paramref name="netns"/> if given (by <c>ip netns exec</c>, which becomes the node's process).
    /// </summary>
    public Process StartApi(string name, string url, string database, string? netns = null)
    {
        string[] command = ["dotnet", Environment.GetEnvironmentVariable("GASLEDGER_API_DLL")!, "--urls", url];
        var info = new ProcessStartInfo(netns is null ? command[0] : "ip", netns is null ? command[1..] : ["netns", "exec", netns, .. command])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        };
        info.Environment["GASLEDGER_DB"] = database;
        info.Environment["GasLedger__Cluster"] = "true";
        info.Environment["GasLedger__Node"] = name;
        info.Environment["GasLedger__DevKeysDirectory"] = home;
        info.Environment["GasLedger__ProjectionVersions__TimeLimits"] = $"{TimeLimitsVersion}";
        var process = Process.Start(info)!;
        ProcessLog.Follow(process, Path.Combine(home, $"faults-{name}.log"));
        return process;
    }

    /// <summary>kill -9 of API node n: no shutdown, no goodbye to the cluster.</summary>
    public void KillNode(int n)
    {
        _nodes[n]?.Kill();
        _nodes[n]?.WaitForExit();
        _nodes[n] = null;
    }

    /// <summary>API node n stopped as a deploy stops it (SIGTERM: it finishes its requests and leaves the cluster).</summary>
    public async Task StopNode(int n)
    {
        if (_nodes[n] is not { } node) return;
        using (var term = Process.Start("kill", ["-TERM", $"{node.Id}"])!) await term.WaitForExitAsync();
        if (!node.WaitForExit(TimeSpan.FromSeconds(30))) node.Kill();
        node.WaitForExit();
        _nodes[n] = null;
    }

    public Task WaitReady(int n, TimeSpan limit) => WaitReady($"http://127.0.0.1:{nodePorts[n]}", _nodes[n], $"api{n + 1}", limit);

    public static async Task WaitReady(string url, Process? process, string name, TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (process is { HasExited: true } p) throw new InvalidOperationException($"API node {name} exited ({p.ExitCode}); see faults-{name}.log");
            try
            {
                if ((await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException($"API node {name} was not ready in {limit.TotalSeconds} s");
    }

    public async Task StartBalancer() => await Shell($"gl_cluster_balancer {balancerPort} {string.Join(' ', nodePorts)}");

    /// <summary>The database's current primary: its port, and its postmaster's process id (found by its command line).</summary>
    public async Task<(int Port, int Postmaster)> Primary()
    {
        await using var cmd = Db.CreateCommand("select inet_server_port()");
        var port = Convert.ToInt32(await cmd.ExecuteScalarAsync());
        return (port, Postmaster(port));
    }

    /// <summary>The process whose command line is PostgreSQL's server listening on <paramref name="port"/>.</summary>
    private static int Postmaster(int port)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (!args[0].EndsWith("/postgres")) continue;
            for (var i = 1; i < args.Length; i++)
                if ((args[i] == "-p" && i + 1 < args.Length && args[i + 1] == $"{port}") || args[i] == $"port={port}")
                    return pid;
        }
        throw new InvalidOperationException($"No PostgreSQL server process listening on port {port} was found.");
    }

    /// <summary>pg_auto_failover's view: every node's reported state, e.g. "primary", "secondary".</summary>
    public async Task<string[]> States()
    {
        var text = await Shell("gl_cluster_state", quiet: true);
        return text.Split('\n').Where(l => l.Contains("127.0.0.1:")).Select(l => l.Split('|')[^2].Trim()).ToArray();
    }

    /// <summary>Waits until one node is primary and the other secondary again (the old primary rejoined).</summary>
    public async Task<double> WaitHealthy(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var states = await States();
            if (states.Count(s => s == "primary") == 1 && states.Count(s => s == "secondary") == states.Length - 1) return clock.Elapsed.TotalSeconds;
            await Task.Delay(1000);
        }
        throw new TimeoutException($"The database cluster was not healthy again in {limit.TotalSeconds} s: {string.Join(", ", await States())}");
    }

    /// <summary>
    /// Waits until a standby streams from the primary as its synchronous standby (pg_stat_replication), and the
    /// monitor says primary and secondary: a standby just started may still be reported so from before it stopped.
    /// </summary>
    public async Task WaitSynchronous(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                await using var cmd = Db.CreateCommand("select count(*) from pg_stat_replication where state = 'streaming' and sync_state in ('sync', 'quorum')");
                if (Convert.ToInt64(await cmd.ExecuteScalarAsync()) > 0)
                {
                    await WaitHealthy(limit - clock.Elapsed);
                    return;
                }
            }
            catch (NpgsqlException) { Db.Clear(); }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"No synchronous standby streaming after {limit.TotalSeconds} s");
    }

    public async Task<string> Shell(string function, bool quiet = false)
    {
        var info = new ProcessStartInfo("bash", ["-c", $"source scripts/cluster.sh && gl_pg_bin && {function}"])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = quiet,
        };
        info.Environment["GL_HOME"] = home;
        using var p = Process.Start(info)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{function} failed ({p.ExitCode}): {output}");
        return output;
    }

    public void KillAll()
    {
        for (var n = 0; n < _nodes.Length; n++)
            try
            {
                KillNode(n);
            }
            catch (InvalidOperationException) { } // already gone
    }

    public async ValueTask DisposeAsync()
    {
        KillAll();
        await Db.DisposeAsync();
    }
}

/// <summary>A child process's output and errors appended, line by line, to a log file.</summary>
public static class ProcessLog
{
    /// <summary>Starts reading <paramref name="process"/>'s output into <paramref name="file"/>; each line also to <paramref name="also"/>.</summary>
    public static void Follow(Process process, string file, Action<string>? also = null)
    {
        var log = new StreamWriter(file, append: true) { AutoFlush = true };
        void Line(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine(line);
            also?.Invoke(line);
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }
}
