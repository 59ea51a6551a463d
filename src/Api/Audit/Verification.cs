using GasLedger.Api.Hosting;
using Marten.Events;
using Marten;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>The answer of <c>POST /api/audit/verify</c> and of <c>audit verify</c>.</summary>
/// <param name="SequenceGaps">
/// Sequence numbers up to the checkpoint that hold no event (<see cref="GapRanges"/>, the first of them): why
/// <see cref="EventsChecked"/> can be less than the checkpoint's sequence, explained in <see cref="Gaps"/>.
/// </param>
public sealed record VerifyAnswer(
    long EventsChecked, bool SealsValid, long? FirstBrokenSequence, string? FirstBrokenReason, long BrokenSeals,
    long EventsNotYetSealed, Checkpoint? Checkpoint, long SequenceGaps, IReadOnlyList<SequenceGap> GapRanges,
    int ProjectionsCompared, IReadOnlyList<string> Projections, long DocumentsCompared, long MismatchCount,
    IReadOnlyList<Mismatch> Mismatches)
{
    public bool Passed => SealsValid && MismatchCount == 0;

    /// <summary>What the sequence gaps are, for an auditor who sees fewer events than the checkpoint's number.</summary>
    public string? Gaps => SequenceGaps == 0 ? null :
        $"{SequenceGaps} sequence numbers up to the checkpoint hold no event. PostgreSQL hands out event sequence numbers " +
        "before a transaction commits and never takes them back: a write that failed, lost a race or was cut off by a crash " +
        "leaves its numbers unused. No event was removed: a removed event would break the seal chain at its own number, and " +
        "every event present is checked against the seal stored before it.";
}

/// <summary>
/// The whole verification: first the seals (<see cref="SealCheck"/>: every event re-read and every seal recomputed),
/// then every projection replayed from zero and compared document by document (<see cref="ProjectionReplay"/>).
/// </summary>
public static class Verification
{
    /// <param name="daemonRunning">In the API the daemon runs: wait until it has sealed and projected every event so far.
    /// From the command line it does not run: what is not sealed yet is counted, not checked.</param>
    public static Task<VerifyAnswer> Run(IServiceProvider services, bool daemonRunning, IProgress<string>? progress,
        CancellationToken ct) =>
        Run(services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredService<IConfiguration>(), services.GetRequiredService<ServicePolicy>(),
            services.GetRequiredService<Calendar.Calendars>(), daemonRunning, progress, ct);

    public static async Task<VerifyAnswer> Run(IDocumentStore store, NpgsqlDataSource db, IConfiguration config, ServicePolicy policy,
        Calendar.Calendars calendars, bool daemonRunning, IProgress<string>? progress, CancellationToken ct)
    {
        // On an empty log there is nothing to wait for (Marten's wait throws when it sees no event at all).
        bool anyEvent;
        await using (var any = db.CreateCommand($"select exists (select 1 from {Storage.Schema}.mt_events)"))
            anyEvent = (bool)(await any.ExecuteScalarAsync(ct))!;
        if (daemonRunning && anyEvent)
        {
            progress?.Report("waiting for the daemon to seal and project every event written so far");
            await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(5));
        }

        progress?.Report("checking every seal");
        var seals = await SealCheck.Run(db, progress is null ? null : new EventsChecked(progress), ct);
        progress?.Report(seals.SealsValid
            ? $"{seals.EventsChecked} events checked, every seal holds"
            : $"{seals.EventsChecked} events checked, first broken at sequence {seals.FirstBrokenSequence}: {seals.FirstBrokenReason}");

        long upTo;
        await using (var max = db.CreateCommand($"select coalesce(max(seq_id), 0) from {Storage.Schema}.mt_events"))
            upTo = (long)(await max.ExecuteScalarAsync(ct))!;
        var replay = await ProjectionReplay.Run(
            GasLedgerHost.ConnectionString(config), db, policy, calendars.Current, upTo, progress, ct, GasLedgerHost.Versions(config));

        return new VerifyAnswer(seals.EventsChecked, seals.SealsValid, seals.FirstBrokenSequence, seals.FirstBrokenReason,
            seals.BrokenSeals, seals.EventsNotYetSealed, seals.Checkpoint, seals.SequenceGaps, seals.GapRanges, replay.Projections.Count,
            replay.Projections, replay.DocumentsCompared, replay.MismatchCount, replay.Mismatches);
    }

    /// <summary>The seal check's count of events, reported on as a line when it comes (in order with the rest).</summary>
    private sealed class EventsChecked(IProgress<string> progress) : IProgress<long>
    {
        public void Report(long value) => progress.Report($"{value} events checked");
    }
}
