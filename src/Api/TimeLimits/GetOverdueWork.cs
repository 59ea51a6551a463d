using GasLedger.Domain.TimeLimits;
using GasLedger.Projections;
using Marten;
using Npgsql;

namespace GasLedger.Api.TimeLimits;

/// <summary>A work order that counted against its team: still open the day after it was due.</summary>
public sealed record OverdueOrder(string Id, CommitmentKind Kind, Guid AccountId, string AccountNumber, string District,
    DateTimeOffset DueAt, DateTimeOffset? DoneAt, DateOnly CountedOn);

/// <summary>A team's overdue work orders of the month, by kind and one by one.</summary>
public sealed record TeamOverdue(string Team, int Overdue, IReadOnlyDictionary<string, int> ByKind, IReadOnlyList<OverdueOrder> Orders);

public sealed record OverdueWorkReport(string Month, string? District, int Overdue, IReadOnlyList<TeamOverdue> Teams);

/// <summary>工单超时 — the work orders that counted against each team's month (R-TL-4).</summary>
public static class GetOverdueWorkEndpoint
{
    /// <summary>工单超时 — work orders still open the day after they were due, per team, for a month.</summary>
    /// <remarks>
    /// For <c>month</c> (<c>yyyy-MM</c>, company time; default this month) and <c>district</c> if given: every work order —
    /// installation, gas-on, requested inspection, repair (arrival, handling, completion, emergency arrival), visit — not
    /// done by the end of the day after it was due, counted in the month of that day against its team (the crew or
    /// technician it was dispatched to, else the desk that received it), with its kind and the orders one by one (R-TL-4).
    /// A clock that stands (R-TL-2) counts for nobody. 400 when <c>month</c> is not one.
    /// </remarks>
    [WolverineGet("/api/statistics/overdue-work"), ProducesResponseType<OverdueWorkReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.Month)] string? month, string? district, NpgsqlDataSource db, IDocumentStore store,
        ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var first = ReadInput.Month(month, policy.LocalDate(now), errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var area = ReadInput.District(district);

        // Items due from the day before the month to its last day; the pure rule decides which counted, and when.
        await using var cmd = db.CreateCommand($"""
            select d.id, d.data->>'accountNumber', d.data->>'district', i.value::text
            from {DocumentTables.Of<AccountTimeLimits>(store)} d cross join lateral jsonb_each(d.data->'items') i
            where (i.value->>'dueAt')::timestamptz >= $1 and (i.value->>'dueAt')::timestamptz < $2
              and ($3::text is null or d.data->>'district' = $3)
            """);
        cmd.Parameters.AddWithValue(policy.StartOfLocalDay(first.AddDays(-1)).ToUniversalTime());
        cmd.Parameters.AddWithValue(policy.StartOfLocalDay(first.AddMonths(1)).ToUniversalTime());
        cmd.Parameters.Add(SqlParameters.Text(area));
        var orders = new List<(string Team, OverdueOrder Order)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var item = System.Text.Json.JsonSerializer.Deserialize<WorkItem>(reader.GetString(3), GetTimeLimitsEndpoint.StoredJson)!;
                if (OverdueWork.CountedOn(item, now, policy) is not { } day || day.Year != first.Year || day.Month != first.Month) continue;
                orders.Add((item.Owner ?? "—", new OverdueOrder(item.Id, item.Kind, reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    item.DueAt, item.DoneAt, day)));
            }
        var teams = orders.GroupBy(o => o.Team).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TeamOverdue(g.Key, g.Count(),
                g.GroupBy(o => WireNames.Of(o.Order.Kind.ToString())).OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Count()),
                g.Select(o => o.Order).OrderBy(o => o.DueAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToArray()))
            .ToArray();
        return Results.Ok(new OverdueWorkReport(first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), area,
            orders.Count, teams));
    }
}
