using GasLedger.Domain.Calendar;
using Marten;

namespace GasLedger.Api.Calendar;

/// <summary>
/// The working calendar in force (R-CAL-1): the built-in official arrangements (<see cref="WorkingCalendar.Official"/>)
/// plus those an administrator added, stored as <see cref="YearArrangement"/> documents (id = year). Loaded when the host
/// starts and replaced whenever an administrator adds or removes a year; any code that counts working days asks
/// <see cref="Current"/>. A singleton; registered in <c>GasLedgerHost</c> also as a hosted service, after Marten, so it
/// loads once the schema is in place.
/// <para>
/// A cluster node (<see cref="Hosting.NodeOptions"/>) also reloads it every <see cref="ClusterReload"/>, so an
/// arrangement stored through another node is in force here within that time.
/// </para>
/// </summary>
public sealed class Calendars(IDocumentStore store, Hosting.NodeOptions node, ILogger<Calendars> log) : IHostedService, IDisposable
{
    public static readonly TimeSpan ClusterReload = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _stopping = new();

    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile WorkingCalendar _current = WorkingCalendar.Official;

    /// <summary>The calendar in force now. Immutable: keep it for the length of one decision.</summary>
    public WorkingCalendar Current => _current;

    /// <summary>Rebuilds <see cref="Current"/> from the built-in arrangements and the stored ones, and returns it.</summary>
    public async Task<WorkingCalendar> Reload(CancellationToken ct = default)
    {
        await _reloading.WaitAsync(ct);
        try
        {
            await using var session = store.QuerySession();
            var stored = await session.Query<YearArrangement>().OrderBy(a => a.Year).ToListAsync(ct);
            var calendar = WorkingCalendar.Official;
            foreach (var arrangement in stored)
            {
                try
                {
                    calendar = calendar.With([arrangement]);
                }
                catch (ArgumentException e)
                {
                    // Only an arrangement that passed the route's checks is stored; one changed behind its back is left out,
                    // and its year answers as provisional (or built-in) until an administrator puts it right.
                    log.LogError(e, "The stored calendar arrangement of {Year} is left out", arrangement.Year);
                }
            }
            _current = calendar;
            return calendar;
        }
        finally
        {
            _reloading.Release();
        }
    }

    async Task IHostedService.StartAsync(CancellationToken ct)
    {
        await Reload(ct);
        if (node.Cluster) _ = KeepReloading(_stopping.Token);
    }

    private async Task KeepReloading(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ClusterReload);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await Reload(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("The calendar was not reloaded: {Error}", Hosting.DatabaseErrors.Describe(e));
            }
        }
    }

    Task IHostedService.StopAsync(CancellationToken ct)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();
}
