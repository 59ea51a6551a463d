using GasLedger.Api.Hosting;
using GasLedger.Domain.Audit;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>The latest seal: publish it, and an export can be checked against it later, by anyone, with no database.</summary>
public sealed record Checkpoint(long Sequence, string Seal);

/// <summary>Sequence numbers <see cref="First"/> to <see cref="Last"/> that no event holds.</summary>
public sealed record SequenceGap(long First, long Last);

/// <summary>What re-reading the event log against its seals found.</summary>
/// <param name="EventsChecked">Events read and checked against their seals.</param>
/// <param name="FirstBrokenSequence">The first sequence whose event or seal does not hold, if any.</param>
/// <param name="FirstBrokenReason">Why it does not hold: changed, deleted, added without a seal, or a seal off the chain.</param>
/// <param name="BrokenSeals">How many sequences do not hold in all.</param>
/// <param name="EventsNotYetSealed">Events after the checkpoint, not sealed yet (the sealing runs a moment behind the writes).</param>
/// <param name="SequenceGaps">Sequence numbers up to the checkpoint that no event and no seal holds.</param>
/// <param name="GapRanges">The first of those gaps, as ranges.</param>
public sealed record SealReport(long EventsChecked, long? FirstBrokenSequence, string? FirstBrokenReason, long BrokenSeals,
    long EventsNotYetSealed, Checkpoint? Checkpoint, long SequenceGaps, IReadOnlyList<SequenceGap> GapRanges)
{
    public bool SealsValid => FirstBrokenSequence is null;
}

/// <summary>
/// Re-reads every event and every seal, merged by sequence in one ordered query read row by row (memory does not grow
/// with the log), and recomputes each seal from the previous stored seal and the event as stored now. Each event is
/// checked against the seal stored before it, so one changed event breaks exactly its own sequence.
/// </summary>
public static class SealCheck
{
    /// <summary>Gap ranges listed in a report (all are counted).</summary>
    public const int MaxGapRanges = 20;

    public static async Task<SealReport> Run(NpgsqlDataSource db, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // One snapshot for the whole read: the log and the seals as they stood at one instant.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var report = await Run(connection, tx, progress, ct);
        await tx.CommitAsync(ct);
        return report;
    }

    /// <summary>The check inside a transaction the caller holds (a test's tampering, rolled back afterwards).</summary>
    public static async Task<SealReport> Run(NpgsqlConnection connection, NpgsqlTransaction tx, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        var (tip, tipSeal) = await EventSealing.Tip(connection, tx, ct);

        long notYetSealed;
        await using (var count = new NpgsqlCommand($"select count(*) from {Storage.Schema}.mt_events where seq_id > $1", connection, tx))
        {
            count.Parameters.AddWithValue(tip);
            notYetSealed = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        long checkedEvents = 0, broken = 0, gaps = 0, last = 0;
        var ranges = new List<SequenceGap>();
        long? firstBroken = null;
        string? reason = null;
        void Broken(long sequence, string why)
        {
            broken++;
            if (firstBroken is not null) return;
            firstBroken = sequence;
            reason = why;
        }

        var previous = Seal.Genesis;
        await using (var read = new NpgsqlCommand(
            $"select {EventRows.Columns}, s.seq, s.digest, s.seal from {Storage.Schema}.mt_events e " +
            $"full join {Storage.Schema}.event_seal s on s.seq = e.seq_id " +
            "where coalesce(e.seq_id, s.seq) <= $1 order by coalesce(e.seq_id, s.seq)", connection, tx))
        {
            read.Parameters.AddWithValue(tip);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var hasEvent = !reader.IsDBNull(0);
                var hasSeal = !reader.IsDBNull(10);
                var sequence = hasSeal ? reader.GetInt64(10) : reader.GetInt64(0);
                if (sequence > last + 1)
                {
                    gaps += sequence - last - 1;
                    if (ranges.Count < MaxGapRanges) ranges.Add(new SequenceGap(last + 1, sequence - 1));
                }
                last = sequence;
                if (!hasEvent)
                {
                    Broken(reader.GetInt64(10), "the sealed event is missing (deleted)");
                    previous = (byte[])reader[12];
                    continue;
                }
                var e = EventRows.Read(reader);
                checkedEvents++;
                if (checkedEvents % 10_000 == 0) progress?.Report(checkedEvents);
                if (!hasSeal)
                {
                    Broken(e.Sequence, "the event has no seal (added after sealing)");
                    continue;
                }
                var digest = Seal.Digest(e);
                var stored = (byte[])reader[12];
                if (!digest.AsSpan().SequenceEqual((byte[])reader[11]))
                    Broken(e.Sequence, "the event differs from the event that was sealed");
                else if (!Seal.Next(previous, digest).AsSpan().SequenceEqual(stored))
                    Broken(e.Sequence, "the seal does not follow from the previous seal");
                previous = stored;
            }
        }
        progress?.Report(checkedEvents);
        return new SealReport(checkedEvents, firstBroken, reason, broken, notYetSealed,
            tip == 0 ? null : new Checkpoint(tip, Seal.Hex(tipSeal)), gaps, ranges);
    }
}
