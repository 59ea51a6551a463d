using GasLedger.Domain.TimeLimits;
using GasLedger.Projections;
using Marten;
using Npgsql;

namespace GasLedger.Api.TimeLimits;

/// <summary>The time limits of one kind, counted: open, due today, breached (open past due, and done late), met.</summary>
public sealed record TimeLimitCount(CommitmentKind Kind, long Open, long DueToday, long BreachedOpen, long BreachedDone, long Met);

public sealed record TimeLimitSummary(DateTimeOffset At, string? District, IReadOnlyList<TimeLimitCount> Kinds);

/// <summary>时限汇总 — the time limits counted by kind, for a supervisor's board.</summary>
public static class GetTimeLimitSummaryEndpoint
{
    /// <summary>时限汇总 — the time limits counted by kind and state.</summary>
    /// <remarks>
    /// Per kind, at the moment of asking (as <c>/api/sla</c> judges each item): <c>open</c> (not done, its clock not yet
    /// past due or standing, R-TL-2), <c>dueToday</c> (open and due before the end of today, company time),
    /// <c>breachedOpen</c> (not done and past due, its clock running), <c>breachedDone</c> (done after its due time) and
    /// <c>met</c>. Optionally for one <c>district</c>. Counted by the database.
    /// </remarks>
    [WolverineGet("/api/sla/summary"), ProducesResponseType<TimeLimitSummary>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? district, NpgsqlDataSource db, IDocumentStore store, ServicePolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, policy.TimeZone).DateTime);
        var tomorrow = today.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var endOfToday = new DateTimeOffset(tomorrow, policy.TimeZone.GetUtcOffset(tomorrow)).ToUniversalTime();
        const string due = "(i.value->>'dueAt')::timestamptz", done = "(i.value->>'doneAt')::timestamptz",
            paused = "i.value->>'pausedSince' is not null";
        var sql = $"""
            select i.value->>'kind',
              count(*) filter (where {done} is null and ({due} >= $1 or {paused})),
              count(*) filter (where {done} is null and {due} >= $1 and {due} < $2 and not {paused}),
              count(*) filter (where {done} is null and {due} < $1 and not {paused}),
              count(*) filter (where {done} > {due}),
              count(*) filter (where {done} <= {due})
            from {DocumentTables.Of<AccountTimeLimits>(store)} d cross join lateral jsonb_each(d.data->'items') i
            {(string.IsNullOrWhiteSpace(district) ? "" : "where d.data->>'district' = $3")}
            group by 1
            """;
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(endOfToday);
        if (!string.IsNullOrWhiteSpace(district)) cmd.Parameters.AddWithValue(district.Trim());
        var counts = new List<TimeLimitCount>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                counts.Add(new TimeLimitCount(Enum.Parse<CommitmentKind>(reader.GetString(0)), reader.GetInt64(1), reader.GetInt64(2),
                    reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        return Results.Ok(new TimeLimitSummary(now, string.IsNullOrWhiteSpace(district) ? null : district.Trim(),
            counts.OrderBy(c => c.Kind).ToArray()));
    }
}
