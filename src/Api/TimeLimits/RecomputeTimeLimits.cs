using GasLedger.Projections.TimeLimits;
using JasperFx.Events.Daemon;

namespace GasLedger.Api.TimeLimits;

/// <summary>
/// R-CAL-1: when the calendar in force changes (an administrator adds or takes back a year's official arrangement),
/// every time limit is counted again on it: the time-limit read model is rebuilt from the events.
/// </summary>
public static class RecomputeTimeLimits
{
    public static async Task Run(IProjectionCoordinator projections, CancellationToken ct)
    {
        var daemon = projections.DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(TimeLimitProjection.ProjectionName, TimeSpan.FromMinutes(30), ct);
        // A rebuild leaves the shard stopped; it goes on following the event log from where the rebuild ended.
        await daemon.StartAgentAsync($"{TimeLimitProjection.ProjectionName}:All", ct);
    }
}
