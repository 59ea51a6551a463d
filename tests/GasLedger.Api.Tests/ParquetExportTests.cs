using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using GasLedger.Api.Security;
using GasLedger.Domain;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// Data out to analysts' tools (issue 19): <c>export parquet</c> writes the events and the analytic read models as
/// Parquet files, and DuckDB — an analyst's tool — reading them answers what the API answers for the same question.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ParquetExportTests(GasLedgerApp app)
{
    [Fact]
    public async Task DuckDB_over_the_export_answers_what_the_API_answers()
    {
        var district = $"导出区{Guid.NewGuid():N}"[..9];
        for (var i = 0; i < 3; i++) await new Journey(app).Full(Journey.Application(district: district));
        await new Journey(app).Active(Journey.Application(district: district));
        await app.WaitForProjections();

        var directory = Directory.CreateTempSubdirectory("gasledger-parquet-").FullName;
        try
        {
            var figures = await GasLedger.Api.Export.ParquetExport.Run(app.Host.Services.GetRequiredService<IDocumentStore>(),
                app.Host.Services.GetRequiredService<NpgsqlDataSource>(), app.Host.Services.GetRequiredService<ServicePolicy>(), directory,
                null, null, new Progress<string>(_ => { }), CancellationToken.None);
            Assert.Equal(8, figures.Files.Count);
            await using var duck = new DuckDBConnection("Data Source=:memory:");
            await duck.OpenAsync();
            string File(string name) => $"read_parquet('{Path.Combine(directory, name)}')";

            // Every event, one row each, by type: as the event store holds them.
            var byType = await Rows(duck, $"select type, count(*) from {File("events.parquet")} group by 1 order by 1");
            await using (var cmd = app.Database.CreateCommand("select type, count(*) from gasledger.mt_events group by 1"))
            {
                var stored = new List<string>();
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) stored.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}");
                Assert.Equal(stored.Order(StringComparer.Ordinal), byType.Order(StringComparer.Ordinal));
            }
            Assert.Contains(await Rows(duck, $"select district from {File("events.parquet")} where district = '{district}' limit 1"), d => d == district);

            // Complaints of the autumn by category: a GROUP BY over the export against /api/statistics/complaints.
            var api = await app.Get("/api/statistics/complaints?from=2026-09-01&to=2026-11-30&groupBy=category", StaffRoles.Analyst);
            var answered = api["groups"]!.AsArray().Select(g => $"{g!["key"]}|{g["complaints"]}|{g["repliedInTime"]}|{g["reopened"]}").ToList();
            var duckDb = await Rows(duck, $"""
                select category, sum(complaints), sum(replied_in_time), sum(reopened) from {File("complaints_by_day.parquet")}
                where day between '2026-09-01' and '2026-11-30' group by 1 order by 1
                """);
            Assert.NotEmpty(answered);
            Assert.Equal(answered, duckDb); // the enumerations as the API writes them

            // The accounts of each value tier on a date, from the classification's periods, against /api/classification.
            var classes = await app.Get("/api/classification?asOf=2026-11-15&pageSize=1", StaffRoles.Analyst);
            var tiers = classes["counts"]!["byTier"]!.AsObject().Select(t => $"{t.Key}|{t.Value}").ToList();
            Assert.Equal(tiers, await Rows(duck, $"""
                select tier, count(*) from {File("class_periods.parquet")}
                where "from" <= date '2026-11-15' and (until is null or until > date '2026-11-15') group by 1 order by 1
                """));
            // The gas of October 2026 in the district: the volume sums against /api/statistics/gas-volume.
            var volume = await app.Get($"/api/statistics/gas-volume?from=2026-10-01&to=2026-10-31&district={Uri.EscapeDataString(district)}", StaffRoles.Analyst);
            Assert.Equal(volume["months"]![0]!["volumeM3"]!.GetValue<decimal>(), decimal.Parse((await Rows(duck,
                $"select coalesce(sum(volume_m3), 0) from {File("gas_volume_by_month.parquet")} where month = date '2026-10-01' and district = '{district}'"))[0],
                System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Each row of a DuckDB query as its values joined by '|'.</summary>
    internal static async Task<List<string>> Rows(DuckDBConnection duck, string sql)
    {
        await using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" :
                Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }
}
