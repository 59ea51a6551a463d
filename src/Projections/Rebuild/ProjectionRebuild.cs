using System.Diagnostics;
using GasLedger.Domain;
using JasperFx.Events.Daemon;
using Marten;

namespace GasLedger.Projections.Rebuild;

/// <summary>What a rebuild did: the events it read, its time, and where the time went.</summary>
public sealed record RebuildFigures(long Events, double Seconds, IReadOnlyDictionary<string, double> SecondsByProjection);

/// <summary>
/// Rebuilding the read models from the event log: every projection at once by <see cref="StreamRebuild"/>, or named
/// ones by the async daemon. Called by <c>city rebuild</c>, <c>audit rebuild</c>, the benchmark and the tests.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>
    /// Every projection from zero, one page of accounts at a time (<see cref="StreamRebuild"/>); or, with
    /// <paramref name="only"/>, the named projections by the async daemon's rebuild, <paramref name="parallel"/> at a time.
    /// </summary>
    public static async Task<RebuildFigures> Run(IDocumentStore store, ServicePolicy policy, IProgress<string> progress, string only = "",
        int parallel = 3)
    {
        if (only.Length == 0)
        {
            var all = await StreamRebuild.Run(store, policy, progress);
            progress.Report($"rebuilt every projection: {all.Accounts:N0} accounts, {all.Events:N0} events, {all.Documents:N0} documents in {all.Seconds:N1} s " +
                            $"(busy: reading {all.ReadingSeconds:N1} s, folding {all.FoldingSeconds:N1} s, writing {all.WritingSeconds:N1} s; then indexing {all.IndexingSeconds:N1} s)");
            return new RebuildFigures(all.Events, all.Seconds, new SortedDictionary<string, double>
            {
                ["reading whole streams"] = all.ReadingSeconds, ["folding every projection"] = all.FoldingSeconds,
                ["writing documents by COPY"] = all.WritingSeconds, ["indexing"] = all.IndexingSeconds,
            });
        }

        var options = ((DocumentStore)store).Options;
        var clock = Stopwatch.StartNew();
        using var daemon = await store.BuildProjectionDaemonAsync();
        var names = options.Projections.All.Select(p => p.Name).Distinct().Where(n => only.Split(',').Contains(n)).ToArray();
        var times = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, async (name, _) =>
        {
            var started = clock.Elapsed.TotalSeconds;
            progress.Report($"rebuilding {name} from zero");
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromHours(3), CancellationToken.None);
            times[name] = clock.Elapsed.TotalSeconds - started;
            progress.Report($"rebuilt {name} in {times[name]:N1} s");
        });
        var stats = await store.Advanced.FetchEventStoreStatistics();
        return new RebuildFigures(stats.EventCount, clock.Elapsed.TotalSeconds, new SortedDictionary<string, double>(times));
    }

}
