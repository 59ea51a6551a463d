using GasLedger.Domain.TimeLimits;
using GasLedger.Projections;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace GasLedger.Api.TimeLimits;

public sealed record WorkItemView(
    string Id, CommitmentKind Kind, string Rule, string Commitment, Guid AccountId, string AccountNumber, string District, Guid? WorkId,
    DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? DoneAt, WorkState State, bool Provisional, string? Owner,
    IReadOnlyList<ClockPause> Pauses);

/// <summary>时限 — the time limits.</summary>
public static class GetTimeLimitsEndpoint
{
    /// <summary>时限 — every commitment with its time limit, due time and state, paged.</summary>
    /// <remarks>
    /// Every commitment with its time limit, when it started, when it is due and when it was done, filtered by
    /// <c>state</c> (open, breached, met), <c>kind</c>, <c>district</c> and the start (<c>from</c>/<c>to</c>,
    /// company-local dates, inclusive). The state is taken at the moment of asking: an undone item is breached as soon
    /// as its due time passes, without waiting for an event. Most urgent first, paged. Counted by the database, not in
    /// memory.
    /// </remarks>
    [WolverineGet("/api/sla"), ProducesResponseType<Paged<WorkItemView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([OneOf(typeof(WorkState))] string? state, [OneOf(typeof(CommitmentKind))] string? kind, [Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to, string? district, int? page, int? pageSize,
        NpgsqlDataSource db, IDocumentStore store, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var stateFilter = ReadInput.Enum<WorkState>(state, "state", errors);
        var kindFilter = ReadInput.Enum<CommitmentKind>(kind, "kind", errors);
        var fromDate = ReadInput.Date(from, "from", errors);
        var toDate = ReadInput.Date(to, "to", errors);
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var now = clock.GetUtcNow();
        const string due = "(i.value->>'dueAt')::timestamptz", done = "(i.value->>'doneAt')::timestamptz";
        var where = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        void Param(string sql, object value, NpgsqlDbType type)
        {
            parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            where.Add(sql.Replace("@", "$" + parameters.Count));
        }
        if (kindFilter is { } k) Param("i.value->>'kind' = @", k.ToString(), NpgsqlDbType.Text);
        if (!string.IsNullOrWhiteSpace(district)) Param("d.data->>'district' = @", district.Trim(), NpgsqlDbType.Text);
        if (fromDate is { } start) Param("(i.value->>'startedAt')::timestamptz >= @", Start(start, policy), NpgsqlDbType.TimestampTz);
        if (toDate is { } end) Param("(i.value->>'startedAt')::timestamptz < @", Start(end.AddDays(1), policy), NpgsqlDbType.TimestampTz);
        switch (stateFilter)
        {
            // R-TL-2: a clock that stands (pausedSince) is open, whatever its due time.
            case WorkState.Open: Param($"{done} is null and ({due} >= @ or i.value->>'pausedSince' is not null)", now, NpgsqlDbType.TimestampTz); break;
            case WorkState.Met: where.Add($"{done} is not null and {done} <= {due}"); break;
            case WorkState.Breached:
                Param($"({done} is null and {due} < @ and i.value->>'pausedSince' is null or {done} > {due})", now, NpgsqlDbType.TimestampTz);
                break;
        }
        var filter = where.Count == 0 ? "" : "where " + string.Join(" and ", where);
        var from_ = $"from {DocumentTables.Of<AccountTimeLimits>(store)} d cross join lateral jsonb_each(d.data->'items') i {filter}";

        await using var connection = await db.OpenConnectionAsync(ct);
        long total;
        await using (var count = new NpgsqlCommand($"select count(*) {from_}", connection))
        {
            count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var items = new List<WorkItemView>();
        await using (var select = new NpgsqlCommand(
            $"select d.id, d.data->>'accountNumber', d.data->>'district', i.value::text {from_} order by {due}, i.key limit {size} offset {(long)(number - 1) * size}", connection))
        {
            select.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var item = System.Text.Json.JsonSerializer.Deserialize<WorkItem>(reader.GetString(3), StoredJson)!;
                items.Add(new WorkItemView(item.Id, item.Kind, item.Rule, item.Commitment,
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    item.WorkId, item.StartedAt, item.DueAt, item.DoneAt, item.StateAt(now), item.Provisional, item.Owner, item.Pauses));
            }
        }
        return Results.Ok(new Paged<WorkItemView>(items, number, size, total));
    }

    private static DateTimeOffset Start(DateOnly date, ServicePolicy policy)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, policy.TimeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>How Marten stores documents: camelCase names, enumerations by name.</summary>
    internal static readonly System.Text.Json.JsonSerializerOptions StoredJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
