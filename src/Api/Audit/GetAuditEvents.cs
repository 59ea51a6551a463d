using System.Text.Json;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using GasLedger.Domain.Audit;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>One event of the global log as stored, with its digest and seal (hex; null while not sealed yet).</summary>
public sealed record AuditEvent(long Sequence, Guid StreamId, long Version, string Type, string? OccurredAt, string RecordedAt,
    JsonElement Data, string? RecordedBy, string? CorrelationId, string? CausationId, string? Digest, string? Seal);

/// <summary>A page of the log: the events from <c>fromSequence</c> on; <c>nextSequence</c> asks for the next page.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Items, long FromSequence, int Limit, long? NextSequence);

/// <summary>审计 — reading the sealed event log.</summary>
public static class GetAuditEventsEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>审计 — the global event log in sequence order, each event with its seal.</summary>
    /// <remarks>
    /// The global event log in sequence order, each event with its digest and seal, paged by sequence: from
    /// <c>fromSequence</c> (default 1), <c>limit</c> at a time (default 100, at most 1000); <c>nextSequence</c> asks
    /// for the next page. 400 when <c>fromSequence</c> is below 1 or <c>limit</c> is not from 1 to 1000.
    /// </remarks>
    [WolverineGet("/api/audit/events"), ProducesResponseType<AuditEventPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(long? fromSequence, int? limit, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (fromSequence is < 1) errors["fromSequence"] = ["starts at 1."];
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"from 1 to {MaxLimit}."];
        if (errors.Count > 0) return Problems.Invalid(errors);
        var from = fromSequence ?? 1;
        var size = limit ?? DefaultLimit;

        await using var cmd = db.CreateCommand(
            $"select {EventRows.Columns}, s.digest, s.seal from {Storage.Schema}.mt_events e " +
            $"left join {Storage.Schema}.event_seal s on s.seq = e.seq_id where e.seq_id >= $1 order by e.seq_id limit $2");
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(size);
        var items = new List<AuditEvent>(size);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var e = EventRows.Read(reader);
                items.Add(new AuditEvent(e.Sequence, e.StreamId, e.Version, e.Type, e.OccurredAt, e.Timestamp,
                    JsonDocument.Parse(e.Data).RootElement.Clone(), e.UserName, e.CorrelationId, e.CausationId,
                    reader.IsDBNull(10) ? null : Seal.Hex((byte[])reader[10]), reader.IsDBNull(11) ? null : Seal.Hex((byte[])reader[11])));
            }
        return Results.Ok(new AuditEventPage(items, from, size, items.Count == size ? items[^1].Sequence + 1 : null));
    }
}
