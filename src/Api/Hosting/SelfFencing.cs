using Npgsql;
using Wolverine.Runtime;

namespace GasLedger.Api.Hosting;

/// <summary>
/// A cluster node cut off from the database stops its own projections and sealing before the cluster gives them to
/// another node. Wolverine's leader takes a node whose heartbeat is <see cref="StaleAfter"/> old for dead and hands its
/// agents to the others; the node itself, cut off, cannot hear that, and once the network is back its agents would go
/// on from where they were while their new owners run them too (Marten's progression check refuses the stale writes,
/// and stops the agent that meets the refusal for good — whichever node that is). So a node that cannot reach the
/// database for <see cref="After"/> — half the leader's wait — stops its projections and sealing itself; when the database is
/// back, the leader gives it work again like any other node's. Measured by <c>./faults.sh --scenario partition</c>.
/// </summary>
public sealed class SelfFencing(NpgsqlDataSource db, IWolverineRuntime runtime, ILogger<SelfFencing> log) : BackgroundService
{
    /// <summary>Wolverine's <c>StaleNodeTimeout</c> for a cluster node (GasLedgerHost).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan After = StaleAfter / 2;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        DateTime? unreachableSince = null;
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if ((await Health.DatabaseProblems(db, null, ct)).Count == 0)
            {
                unreachableSince = null;
                continue;
            }
            unreachableSince ??= DateTime.UtcNow;
            if (Decide(DateTime.UtcNow - unreachableSince.Value, runtime.Agents.AllRunningAgentUris()) is not { Length: > 0 } stop) continue;
            foreach (var agent in stop)
            {
                log.LogWarning("The database has been unreachable for {Seconds:0} s: stopping {Agent} here before the cluster gives it to another node",
                    (DateTime.UtcNow - unreachableSince.Value).TotalSeconds, agent);
                try
                {
                    // Its batch under way may wait on the database as long as the network is cut: not waited for.
                    await runtime.Agents.StopLocallyAsync(agent).WaitAsync(TimeSpan.FromSeconds(2), ct);
                }
                catch (Exception e) when (e is TimeoutException || ErrorAnswers.DatabaseAway(e))
                {
                    log.LogWarning("{Agent} is stopping (its batch under way waits on the database)", agent);
                }
            }
        }
    }

    /// <summary>
    /// The agents to stop: the projections and the sealing this node runs (Wolverine's <c>event-subscriptions</c>
    /// agents; its own leadership and message recovery keep their own guards), once the database has been unreachable
    /// for <see cref="After"/>.
    /// </summary>
    public static Uri[] Decide(TimeSpan unreachableFor, IEnumerable<Uri> running) =>
        unreachableFor < After ? [] : running.Where(u => u.Scheme == "event-subscriptions").ToArray();
}
