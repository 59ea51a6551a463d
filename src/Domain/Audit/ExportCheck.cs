using System.Text.Json;

namespace GasLedger.Domain.Audit;

/// <summary>What checking an export found.</summary>
public sealed record ExportReport(long Lines, long EventsChecked, long? FirstBrokenSequence, long? FirstBrokenLine, string? Reason,
    string? Checkpoint)
{
    public bool Valid => Reason is null;
}

/// <summary>
/// Checks an export (<c>audit export</c>: JSON lines in sequence order, see <c>AuditExport</c>) offline: no database,
/// only the file and a checkpoint. From the 32 zero bytes, each line's seal is recomputed from the previous line's
/// seal and the event (a full line: its digest is computed from its fields) or the stated digest (a line of another
/// account's event); the first line whose seal does not follow is named. The last seal must equal the checkpoint:
/// the one given, else the file's own last line (which proves only that the file is whole, not that it matches what was
/// published). Reads line by line: memory does not grow with the file.
/// </summary>
public static class ExportCheck
{
    public static ExportReport Check(TextReader file, string? publishedCheckpoint)
    {
        var previous = Seal.Genesis;
        long lines = 0, events = 0, lastSequence = 0;
        string? fileCheckpoint = null;
        ExportReport Fail(long? sequence, string reason) =>
            new(lines, events, sequence, lines, reason, publishedCheckpoint ?? fileCheckpoint);

        while (file.ReadLine() is { } line)
        {
            lines++;
            if (line.Length == 0) continue;
            long? sequence = null;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("checkpoint", out var checkpoint))
                {
                    fileCheckpoint = checkpoint.GetProperty("seal").GetString();
                    continue;
                }
                sequence = root.GetProperty("sequence").GetInt64();
                if (sequence <= lastSequence) return Fail(sequence, $"sequence {sequence} does not follow {lastSequence}");
                lastSequence = sequence.Value;
                byte[] digest;
                if (root.TryGetProperty("data", out var data))
                {
                    digest = Seal.Digest(new SealedEvent(sequence.Value, root.GetProperty("streamId").GetGuid(),
                        root.GetProperty("version").GetInt64(), root.GetProperty("type").GetString()!, Text(root, "occurredAt"),
                        root.GetProperty("recordedAt").GetString()!, data.GetRawText(), Text(root, "recordedBy"),
                        Text(root, "correlationId"), Text(root, "causationId")));
                    events++;
                }
                else if (!Seal.TryParseHex(root.GetProperty("digest").GetString(), out digest))
                    return Fail(sequence, "the digest is not 64 hex digits");
                if (!Seal.TryParseHex(root.GetProperty("seal").GetString(), out var stated))
                    return Fail(sequence, "the seal is not 64 hex digits");
                if (!Seal.Next(previous, digest).AsSpan().SequenceEqual(stated))
                    return Fail(sequence, "the seal does not follow from the previous seal and this event");
                previous = stated;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return Fail(sequence ?? (lastSequence + 1), $"line {lines} is not a sealed event: {e.Message}");
            }
        }

        var expected = publishedCheckpoint ?? fileCheckpoint;
        if (expected is null) return Fail(null, "no checkpoint: give one, or use a file whose last line carries it");
        if (!string.Equals(expected, Seal.Hex(previous), StringComparison.OrdinalIgnoreCase))
            return Fail(null, $"the last seal {Seal.Hex(previous)} is not the checkpoint {expected}");
        return new ExportReport(lines, events, null, null, null, expected);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}
