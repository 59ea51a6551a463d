using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// How this host runs: alone (the default: the async projections and the sealing in this process, <c>DaemonMode.Solo</c>)
/// or as one node of several on one database (<c>GasLedger:Cluster=true</c>: Wolverine spreads the projections and the
/// sealing over the nodes and moves a dead node's share to the others). <c>GasLedger:Node</c> names the node in logs,
/// metrics and <c>/api/status</c>.
/// </summary>
public sealed record NodeOptions(bool Cluster, string Name)
{
    public static NodeOptions From(IConfiguration config) => new(config.GetValue<bool>("GasLedger:Cluster"),
        config["GasLedger:Node"] is { Length: > 0 } name ? name : Environment.MachineName);
}

/// <summary>
/// The health an operator's load balancer and orchestrator ask for. <c>/health/live</c>: the process answers (restart it
/// if not). <c>/health/ready</c> (and <c>/health</c>, the contract's name for it): send it requests — warm
/// (<see cref="Warmup"/>), the database reachable and writable (the primary, not a standby left behind by a failover),
/// and the projections running (alone: this process's daemon; in a cluster: this node beating in Wolverine's node
/// table, whose leader gives the projections to the nodes that beat). Not ready is a 503 with <c>Retry-After</c> and
/// the reasons. A cluster node of a new projection version, built beside the version in use (blue/green), is ready
/// besides only once that version has caught up with the event log (<see cref="CatchUp"/>).
/// </summary>
public static class Health
{
    /// <param name="ClusterNodeId">A cluster node's id in Wolverine's node table (which projections it runs is there).</param>
    /// <param name="Running">A cluster node's agents running in this process now, as it sees them (projections as
    /// <c>event-subscriptions://…</c>): what it would write, whatever the node table says.</param>
    public sealed record Answer(string Status, string Node, IReadOnlyList<string>? Reasons = null, Guid? ClusterNodeId = null,
        IReadOnlyList<string>? Running = null);

    private static readonly TimeSpan DatabaseLimit = TimeSpan.FromSeconds(2);

    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", (NodeOptions node, IServiceProvider services) => Results.Ok(node.Cluster
                ? new Answer("live", node.Name, ClusterNodeId: services.GetRequiredService<Wolverine.WolverineOptions>().UniqueNodeId,
                    Running: services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Agents.AllRunningAgentUris()
                        .Select(u => u.ToString()).Order().ToArray())
                : new Answer("live", node.Name)))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", Ready).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health", Ready).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> Ready(HttpContext http, IServiceProvider services, CancellationToken ct)
    {
        var node = services.GetRequiredService<NodeOptions>();
        var reasons = new List<string>();
        if (!services.GetRequiredService<Warmup>().Ready) reasons.Add("warming up");
        Guid? clusterNode = node.Cluster ? services.GetRequiredService<Wolverine.WolverineOptions>().UniqueNodeId : null;
        reasons.AddRange(await DatabaseProblems(services.GetRequiredService<NpgsqlDataSource>(), clusterNode, ct));
        if (!node.Cluster && services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase().IsRunning == false)
            reasons.Add("the projections are not running");
        if (node.Cluster && reasons.Count == 0 && await services.GetRequiredService<CatchUp>().Problem(ct) is { } behind) reasons.Add(behind);
        if (reasons.Count == 0) return Results.Ok(new Answer("ready", node.Name));
        http.Response.Headers.RetryAfter = "1";
        return Results.Json(new Answer("not ready", node.Name, reasons), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// Why the database cannot take this node's requests, if it cannot: unreachable within two seconds, a standby
    /// (read-only), or — for a cluster node — this node not in Wolverine's cluster (no heartbeat of its in the last
    /// <see cref="Heartbeat"/>), so no projection would be given to it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DatabaseProblems(NpgsqlDataSource db, Guid? clusterNode, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(DatabaseLimit);
        var query = Query(db, clusterNode, limit.Token);
        try
        {
            // Answered within the limit whatever the network does: a cancelled command on a connection whose replies
            // no longer arrive still waits for the server's answer to the cancellation (a network partition).
            return await query.WaitAsync(DatabaseLimit, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException || ErrorAnswers.DatabaseAway(e))
        {
            _ = query.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed, whenever it ends
            return ["the database is unreachable"];
        }
    }

    private static async Task<IReadOnlyList<string>> Query(NpgsqlDataSource db, Guid? clusterNode, CancellationToken ct)
    {
        await using var cmd = clusterNode is { } id
            ? db.CreateCommand($"select pg_is_in_recovery(), coalesce((select health_check > now() - make_interval(secs => $2) " +
                               $"from {Storage.Schema}.wolverine_nodes where id = $1), false)")
            : db.CreateCommand("select pg_is_in_recovery(), true");
        if (clusterNode is { } node)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = node });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Heartbeat.TotalSeconds });
        }
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var problems = new List<string>();
        if (reader.GetBoolean(0)) problems.Add("the database is a standby (read-only)");
        if (!reader.GetBoolean(1)) problems.Add("this node is not in the cluster (no recent heartbeat)");
        return problems;
    }

    /// <summary>How recent a cluster node's heartbeat in Wolverine's node table must be (Wolverine beats every 10 s).</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Whether the projections this node reads from in a version newer than one beside it (blue/green: the version before
/// still has its progression row) have caught up with the event log: each such within <see cref="Within"/> events of
/// the last. Asked by a cluster node's readiness until it has once been so, then no more: a node of a new version takes
/// requests once that version is built beside the one in use, while a node of the versions in use is ready at once,
/// however far its projections lag (commands do not wait on them).
/// </summary>
public sealed class CatchUp(IDocumentStore store, NpgsqlDataSource db)
{
    /// <summary>Caught up: this few events behind the log at most (about ten seconds of the busiest load measured).</summary>
    public const long Within = 5_000;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
    private volatile bool _caughtUp;

    /// <summary>Null once caught up; else which projections are how far behind.</summary>
    public async Task<string?> Problem(CancellationToken ct)
    {
        if (_caughtUp) return null;
        var shards = ((JasperFx.Events.IEventStore<IDocumentOperations, IQuerySession>)store).AllShards().Select(s => s.Name).ToArray();
        var progress = new Dictionary<string, long>();
        long last = 0;
        try
        {
            await using var cmd = db.CreateCommand(
                $"select name, last_seq_id, (select coalesce(max(seq_id), 0) from {Storage.Schema}.mt_events) from {Storage.Schema}.mt_event_progression");
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Limit);
            await using var reader = await cmd.ExecuteReaderAsync(limit.Token).WaitAsync(Limit, ct);
            while (await reader.ReadAsync(limit.Token))
            {
                progress[reader.GetString(0)] = reader.GetInt64(1);
                last = reader.GetInt64(2);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException || ErrorAnswers.DatabaseAway(e))
        {
            return "the projections' progress is not known (the database did not answer)";
        }
        var behind = Behind(shards, progress, last);
        if (behind.Length == 0)
        {
            _caughtUp = true;
            return null;
        }
        return "a new projection version is being built: " + string.Join(", ", behind.Select(b => $"{b.Shard} {b.Events:N0} events behind"));
    }

    /// <summary>
    /// The shards of a version with an earlier version's progression beside it that are more than <see cref="Within"/>
    /// events behind <paramref name="last"/> (one without progress of its own: from zero).
    /// </summary>
    public static (string Shard, long Events)[] Behind(IEnumerable<JasperFx.Events.Projections.ShardName> shards,
        IReadOnlyDictionary<string, long> progress, long last) =>
        shards.Where(s => s.Version > 1 && Enumerable.Range(1, (int)s.Version - 1)
                .Any(v => progress.ContainsKey(new JasperFx.Events.Projections.ShardName(s.Name, s.ShardKey, (uint)v).Identity)))
            .Select(s => (Shard: s.Identity, Events: last - progress.GetValueOrDefault(s.Identity)))
            .Where(b => b.Events > Within).OrderBy(b => b.Shard).ToArray();
}
