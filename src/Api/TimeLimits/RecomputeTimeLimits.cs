using GasLedger.Api.Hosting;
using GasLedger.Projections.TimeLimits;
using JasperFx.Events.Daemon;

namespace GasLedger.Api.TimeLimits;

/// <summary>
/// R-CAL-1: when the calendar in force changes (an administrator adds or takes back a year's official arrangement),
/// every time limit is counted again on it: the time-limit read model is rebuilt from the events by this process's
/// daemon. A cluster node has no daemon of its own (Wolverine runs the projections on whichever node it chose), so there
/// the change is refused before anything is written: an administrator makes it on a single node (docs/cluster.md).
/// </summary>
public static class RecomputeTimeLimits
{
    /// <summary>A 409 where this process cannot rebuild the time limits; null where it can.</summary>
    public static IResult? Refusal(HttpContext http) =>
        http.RequestServices.GetService<IProjectionCoordinator>() is null
            ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not on a cluster node.",
                detail: "A calendar change recounts every time limit, which a single node does: stop the cluster's API nodes " +
                        "but one and run it without GasLedger:Cluster (docs/cluster.md). Nothing was written.")
            : null;

    public static async Task Run(HttpContext http, CancellationToken ct)
    {
        var daemon = http.RequestServices.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(TimeLimitProjection.ProjectionName, TimeSpan.FromMinutes(30), ct);
        // A rebuild leaves the shard stopped; it goes on following the event log from where the rebuild ended.
        var version = GasLedgerHost.Versions(http.RequestServices.GetRequiredService<IConfiguration>()).TimeLimits;
        await daemon.StartAgentAsync(new JasperFx.Events.Projections.ShardName(TimeLimitProjection.ProjectionName, JasperFx.Events.Projections.ShardName.All, version).Identity, ct);
    }
}
