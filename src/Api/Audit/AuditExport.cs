using System.Text.Encodings.Web;
using System.Text.Json;
using GasLedger.Api.Hosting;
using GasLedger.Domain.Audit;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>
/// <c>audit export</c>: the sealed log as JSON lines, in sequence order, from the first event to the checkpoint.
/// Each event of the export's scope is a full line — <c>sequence, streamId, version, type, occurredAt, recordedAt,
/// recordedBy, correlationId, causationId, data</c> (the data's JSON exactly as stored), <c>digest, seal</c>. An export
/// of one account gives, for every other event, only <c>sequence, digest, seal</c>: nothing of the other accounts, and
/// still an unbroken chain. The last line is <c>{"checkpoint": {"sequence", "seal"}}</c>. Streams from one
/// repeatable-read snapshot straight to the file.
/// </summary>
public static class AuditExport
{
    public sealed record Summary(long Events, long OtherEvents, Checkpoint? Checkpoint);

    public static async Task<Summary> Write(NpgsqlDataSource db, Stream output, Guid? account, IProgress<long>? progress,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var (tip, tipSeal) = await EventSealing.Tip(connection, tx, ct);
        await using var writer = new Utf8JsonWriter(output,
            new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        long events = 0, others = 0;
        await using (var cmd = new NpgsqlCommand(
            $"select {EventRows.Columns}, s.digest, s.seal from {Storage.Schema}.mt_events e " +
            $"join {Storage.Schema}.event_seal s on s.seq = e.seq_id where e.seq_id <= $1 order by e.seq_id", connection, tx))
        {
            cmd.Parameters.AddWithValue(tip);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var e = EventRows.Read(reader);
                writer.WriteStartObject();
                writer.WriteNumber("sequence", e.Sequence);
                if (account is null || account == e.StreamId)
                {
                    writer.WriteString("streamId", e.StreamId);
                    writer.WriteNumber("version", e.Version);
                    writer.WriteString("type", e.Type);
                    writer.WriteString("occurredAt", e.OccurredAt);
                    writer.WriteString("recordedAt", e.Timestamp);
                    writer.WriteString("recordedBy", e.UserName);
                    writer.WriteString("correlationId", e.CorrelationId);
                    writer.WriteString("causationId", e.CausationId);
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(e.Data);
                    events++;
                }
                else others++;
                writer.WriteString("digest", Seal.Hex((byte[])reader[10]));
                writer.WriteString("seal", Seal.Hex((byte[])reader[11]));
                writer.WriteEndObject();
                await writer.FlushAsync(ct);
                writer.Reset();
                output.WriteByte((byte)'\n');
                if ((events + others) % 10_000 == 0) progress?.Report(events + others);
            }
        }
        var checkpoint = tip == 0 ? null : new Checkpoint(tip, Seal.Hex(tipSeal));
        writer.WriteStartObject();
        writer.WritePropertyName("checkpoint");
        writer.WriteStartObject();
        writer.WriteNumber("sequence", tip);
        writer.WriteString("seal", Seal.Hex(tipSeal));
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
        output.WriteByte((byte)'\n');
        await tx.CommitAsync(ct);
        progress?.Report(events + others);
        return new Summary(events, others, checkpoint);
    }
}
