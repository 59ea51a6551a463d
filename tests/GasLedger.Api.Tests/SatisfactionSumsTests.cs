using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using GasLedger.Projections;
using GasLedger.Projections.Satisfaction;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// 满意度 from its running sums (issue 19): <c>GET /api/satisfaction</c> answers from the sums per day × district ×
/// stage × staff × source that PostgreSQL keeps beside the observations, and must give what the <c>GROUP BY</c> over
/// every observation gave before it — kept here as the oracle — for every grouping, period and district, over all the
/// observations of the test database; and the sums follow the observations through a rebuild from zero.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SatisfactionSumsTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_SAT_4_the_running_sums_answer_what_the_group_by_over_every_observation_answers()
    {
        // Some observations of every source and stage, in two districts, over three months.
        for (var i = 0; i < 6; i++)
        {
            var application = Journey.Application(district: i % 3 == 0 ? "满意一区" : "满意二区");
            if (i % 2 == 0)
            {
                await new Journey(app).Full(application);
                continue;
            }
            var account = await new Journey(app).Active(application);
            await account.Post(StaffRoles.CallbackStaff, "/ratings", new
            {
                source = "counterKeypad", staff = "S-0101", stage = "counter", satisfaction = i % 3 == 1 ? "dissatisfied" : "verySatisfied",
                occurredAt = Journey.Day(10, 12 + i),
            }, 201);
        }
        await app.WaitForProjections();
        await AssertSumsAnswer("as built live");

        // A rebuild from zero empties the observations and writes them again: the sums follow.
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        await GasLedger.Projections.Rebuild.ProjectionRebuild.Run(store, app.Host.Services.GetRequiredService<GasLedger.Domain.ServicePolicy>(),
            new Progress<string>(_ => { }));
        await AssertSumsAnswer("after the rebuild by account");

        // A start that finds the sums made by other functions (another version: the hash in the function's comment)
        // makes them again once — here with the monthly sums lost as well.
        await using (var stale = app.Database.CreateCommand(
                         $"comment on function gasledger.satisfaction_day_sum_follow() is 'older'; delete from {GasLedger.Api.Hosting.RunningSums.SatisfactionMonthSum}"))
            await stale.ExecuteNonQueryAsync();
        await new GasLedger.Api.Hosting.RunningSumsTriggers().Populate(store, CancellationToken.None);
        await AssertSumsAnswer("after a start that found the sums of another version");
    }

    private async Task AssertSumsAnswer(string when)
    {
        var compared = 0;
        foreach (var (from, to) in new[] { ("2026-09-01", "2026-12-31"), ("2026-10-01", "2026-10-31"), ("2026-10-15", "2026-11-12"), ("2025-01-01", "2025-12-31") })
        foreach (var groupBy in new[] { "month", "district", "stage", "staff" })
        foreach (var district in new string?[] { null, "满意一区" })
        {
            var answer = await app.Get($"/api/satisfaction?from={from}&to={to}&groupBy={groupBy}" +
                                       (district is null ? "" : $"&district={Uri.EscapeDataString(district)}"), StaffRoles.Analyst);
            var expected = await Oracle(groupBy, DateOnly.Parse(from), DateOnly.Parse(to), district);
            var answered = answer["groups"]!.AsArray()
                .SelectMany(g => g!["sources"]!.AsArray().Where(s => s!["observations"]!.GetValue<int>() > 0)
                    .Select(s => (g["key"]?.GetValue<string>(), s!["source"]!.GetValue<string>(), s["observations"]!.GetValue<int>(),
                        s["meanScore"]!.GetValue<decimal>())))
                .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(answered), $"{when}, {from}..{to} by {groupBy}{(district is null ? "" : " in one district")}: " +
                $"answered {string.Join("; ", answered.Except(expected).Take(3))}, the observations say {string.Join("; ", expected.Except(answered).Take(3))}");
            compared += expected.Count;
        }
        Assert.True(compared > 100, $"only {compared} group × source tallies compared");
    }

    /// <summary>The tallies as the endpoint read them before its running sums: a GROUP BY over every observation.</summary>
    private async Task<List<(string?, string, int, decimal)>> Oracle(string groupBy, DateOnly from, DateOnly to, string? district)
    {
        var key = groupBy switch { "month" => "d.data ->> 'month'", "district" => "d.data ->> 'district'", "stage" => "d.data ->> 'stage'", _ => "d.data ->> 'staff'" };
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        await using var cmd = app.Database.CreateCommand($"""
            select {key}, d.data ->> 'source', count(*)::int, sum((d.data ->> 'score')::numeric)
            from {DocumentTables.Of<SatisfactionObservation>(store)} d
            where d.data ->> 'date' >= $1 and d.data ->> 'date' <= $2 and ($3::text is null or d.data ->> 'district' = $3)
            group by 1, 2
            """);
        cmd.Parameters.AddWithValue(Dates.Text(from));
        cmd.Parameters.AddWithValue(Dates.Text(to));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)district ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<(string?, string, int, decimal)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var group = reader.IsDBNull(0) ? null : reader.GetString(0);
            if (groupBy == "stage" && group is not null) group = GasLedger.Domain.Accounts.WireNames.Of(group);
            var source = GasLedger.Domain.Accounts.WireNames.Of(reader.GetString(1));
            var count = reader.GetInt32(2);
            rows.Add((group, source, count, reader.GetDecimal(3) / count));
        }
        return rows.OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();
    }
}
