using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GasLedger.Bench;

/// <summary>The run's figures as JSON and as a Markdown table, each GasLedger figure beside its limit and the target.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(Arguments arguments, Dictionary<string, object> results)
    {
        var json = JsonSerializer.Serialize(results, Json);
        var r = JsonDocument.Parse(json).RootElement;
        var jsonFile = Path.Combine(arguments.Output, $"{arguments.Label}.json");
        File.WriteAllText(jsonFile, json);

        double D(string path) => path.Split('.').Aggregate(r, (e, p) => e.GetProperty(p)).GetDouble();
        string F(double v, string unit = "") => v.ToString(v >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) + unit;
        string Ratio(double a, double b) => b == 0 ? "–" : (a / b).ToString("N2", CultureInfo.InvariantCulture);
        string Met(bool ok) => ok ? "met" : "**missed**";
        string Failed(string key) => D($"{key}.failures") is var n and > 0 ? $" (**{n:N0} failed**)" : "";

        var md = new StringBuilder();
        md.AppendLine($"### {arguments.Accounts:N0} accounts, {D("size.events"):N0} events");
        md.AppendLine();
        md.AppendLine($"Machine: {r.GetProperty("machine").GetString()}. Run {r.GetProperty("startedAt").GetString()} → {r.GetProperty("finishedAt").GetString()}.");
        md.AppendLine();
        md.AppendLine("| measure | GasLedger | limit (PostgreSQL / raw) | ratio | target |");
        md.AppendLine("|---|---|---|---|---|");
        var importRate = D("import.eventsPerSecond");
        var copyRate = D("rawCopy.rowsPerSecond");
        md.AppendLine($"| bulk import, events/s | {F(importRate)} | binary COPY of the same rows into a copy of the events table: {F(copyRate)} ({D("rawCopy.rows"):N0} rows) | {Ratio(importRate, copyRate)} | ≥ 0.50: {Met(importRate >= copyRate / 2)} |");
        var rebuildRate = D("rebuild.eventsPerSecond");
        var readRate = D("rawRead.eventsPerSecond");
        md.AppendLine($"| rebuild of every projection, events/s | {F(rebuildRate)} ({F(D("rebuild.seconds") / 60)} min) | sequential read + deserialise of every event: {F(readRate)} | {Ratio(rebuildRate, readRate)} | ≥ 0.25: {Met(rebuildRate >= readRate / 4)}; < 30 min: {Met(D("rebuild.seconds") < 1800)} |");
        if (r.TryGetProperty("rebuildFloor", out var floor) && r.GetProperty("rawRead").TryGetProperty("machineCpuSeconds", out var readCpu))
        {
            // No rebuild of these read models can take less CPU than reading every event and storing its documents:
            // on this machine's cores, not less time than that CPU spread over all of them.
            var cores = Environment.ProcessorCount;
            var floorCpu = readCpu.GetDouble() + floor.GetProperty("allDocumentsMachineCpuSeconds").GetDouble();
            var read = D("rawRead.events"); // the log as the rebuild and the raw read found it, before the API's commands
            var bestRate = read / (floorCpu / cores);
            md.AppendLine($"| the rebuild's floor: PostgreSQL alone storing the {floor.GetProperty("documents").GetInt64():N0} documents the rebuild wrote (binary COPY of {floor.GetProperty("sampled").GetInt64():N0} of them with their primary keys, " +
                          $"{F(floor.GetProperty("documentsPerSecond").GetDouble())}/s, then their secondary indexes; scaled), beside the raw read | " +
                          $"{F(floor.GetProperty("allDocumentsSeconds").GetDouble())} s, {F(floor.GetProperty("allDocumentsMachineCpuSeconds").GetDouble())} s of CPU; with the raw read's {F(readCpu.GetDouble())} s: " +
                          $"{F(floorCpu)} s of CPU, at least {F(floorCpu / cores)} s on {cores} cores ({F(bestRate)} events/s at best) | " +
                          $"a quarter of the raw read rate: {F(read / (readRate / 4))} s | {Ratio(bestRate, readRate)} at best | – |");
        }
        md.AppendLine($"| sealing (hash chain), events/s | {F(D("seal.eventsPerSecond"))} | – | – | – |");
        md.AppendLine($"| HTTP commands at {arguments.Rate}/s ({arguments.Clients} clients): achieved/s, p50 / p95 / p99 ms | {F(D("httpCommands.perSecond"))}, {F(D("httpCommands.p50Ms"))} / {F(D("httpCommands.p95Ms"))} / {F(D("httpCommands.p99Ms"))} ({D("httpCommands.failures")} failed) | Marten appends of the same events: {F(D("martenCommands.perSecond"))}, {F(D("martenCommands.p50Ms"))} / {F(D("martenCommands.p95Ms"))} / {F(D("martenCommands.p99Ms"))} | p99 {Ratio(D("httpCommands.p99Ms"), D("martenCommands.p99Ms"))}× | p99 < 50 ms at 200/s: {Met(D("httpCommands.failures") == 0 && D("httpCommands.p99Ms") < 50 && D("httpCommands.perSecond") >= arguments.Rate * 0.98)} |");
        if (r.TryGetProperty("httpCommandsRuns", out var runs) && runs.GetArrayLength() > 0)
        {
            var each = runs.EnumerateArray().Select(x => (P99: x.GetProperty("p99Ms").GetDouble(), Lag: x.GetProperty("maxSeconds").GetDouble(),
                Failures: x.GetProperty("failures").GetInt32(), PerSecond: x.GetProperty("perSecond").GetDouble())).ToArray();
            var marten = D("martenCommands.p99Ms");
            md.AppendLine($"| HTTP commands at {arguments.Rate}/s, {each.Length} runs each after the database settled: p99 ms; the async projections' lag at most, s | " +
                          $"p99 {string.Join(", ", each.Select(x => F(x.P99)))}; lag {string.Join(", ", each.Select(x => F(x.Lag)))} | Marten appends' p99: {F(marten)} | " +
                          $"p99 {string.Join(", ", each.Select(x => Ratio(x.P99, marten)))}× | every run p99 < 50 ms, ≤ 3× Marten's, lag < 5 s: " +
                          $"{Met(each.All(x => x.Failures == 0 && x.P99 < 50 && x.P99 <= 3 * marten && x.Lag < 5 && x.PerSecond >= arguments.Rate * 0.98))} |");
        }
        md.AppendLine($"| HTTP commands, {arguments.Clients} clients flat out: commands/s, p99 ms | {F(D("httpCommandsMax.perSecond"))}, {F(D("httpCommandsMax.p99Ms"))} | Marten appends: {F(D("martenCommandsMax.perSecond"))}, {F(D("martenCommandsMax.p99Ms"))} | {Ratio(D("httpCommandsMax.perSecond"), D("martenCommandsMax.perSecond"))} | – |");
        md.AppendLine($"| the API's projections catching up after the commands, s | {F(D("projectionsCatchUp.seconds"))} | – | – | – |");
        var eventsAlone = r.TryGetProperty("readHistoryRawEvents", out _)
            ? $"; its events alone: {F(D("readHistoryRawEvents.p50Ms"))} / {F(D("readHistoryRawEvents.p99Ms"))} (p99 {Ratio(D("readHistory.p99Ms"), D("readHistoryRawEvents.p99Ms"))}×)" : "";
        md.AppendLine($"| one account's history, p50 / p99 ms | {F(D("readHistory.p50Ms"))} / {F(D("readHistory.p99Ms"))}{Failed("readHistory")} | raw SQL of the same rows (the account's events and its holders' party records, one round trip): {F(D("readHistoryRaw.p50Ms"))} / {F(D("readHistoryRaw.p99Ms"))}{eventsAlone} | p99 {Ratio(D("readHistory.p99Ms"), D("readHistoryRaw.p99Ms"))}× | p99 ≤ 2×: {Met(D("readHistory.failures") == 0 && D("readHistory.p99Ms") <= 2 * D("readHistoryRaw.p99Ms"))} |");
        md.AppendLine($"| one account, p50 / p99 ms | {F(D("readAccount.p50Ms"))} / {F(D("readAccount.p99Ms"))}{Failed("readAccount")} | raw SQL: {F(D("readAccountRaw.p50Ms"))} / {F(D("readAccountRaw.p99Ms"))} | p99 {Ratio(D("readAccount.p99Ms"), D("readAccountRaw.p99Ms"))}× | – |");
        foreach (var (key, name) in new[] { ("ledgerPage", "ledger page (complaints, 2026)"), ("satisfactionByDistrict", "satisfaction index (4 periods × 4 groupings, the city or a district)"),
                     ("classificationCounts", "classification with counts per class (5 dates × 6 filters, the city or a district, pages 1–3)"),
                     ("inspectionsDue", "inspections due (5 dates × 4 horizons, the city or a district, pages 1–3)"),
                     ("complaintStatistics", "complaint statistics (4 periods × 4 groupings, the city or a district)"),
                     ("retentionStatistics", "retention and movement (4 periods, the city or a district)"),
                     ("volumeStatistics", "gas volume year on year (4 periods, the city or a district, a category)") })
            if (r.TryGetProperty(key, out _))
                md.AppendLine($"| {name}, p50 / p99 ms | {F(D($"{key}.p50Ms"))} / {F(D($"{key}.p99Ms"))} ({D($"{key}.failures")} failed) | – | – | p99 ≤ {(key is "ledgerPage" or "satisfactionByDistrict" ? 50 : 100)} ms: {Met(D($"{key}.failures") == 0 && D($"{key}.p99Ms") <= (key is "ledgerPage" or "satisfactionByDistrict" ? 50 : 100))} |");
        if (r.TryGetProperty("mixedCommands", out _))
        {
            md.AppendLine($"| mixed: HTTP commands at {arguments.Rate}/s while 4 analysts read (0.5 s pauses), achieved/s, p50 / p95 / p99 ms | {F(D("mixedCommands.perSecond"))}, {F(D("mixedCommands.p50Ms"))} / {F(D("mixedCommands.p95Ms"))} / {F(D("mixedCommands.p99Ms"))} ({D("mixedCommands.failures")} failed) | the commands alone: p99 {F(D("httpCommands.p99Ms"))} | p99 {Ratio(D("mixedCommands.p99Ms"), D("httpCommands.p99Ms"))}× | p99 < 50 ms: {Met(D("mixedCommands.failures") == 0 && D("mixedCommands.p99Ms") < 50)} |");
            md.AppendLine($"| mixed: the analysts' reads meanwhile (the seven above in turn, 0.5 s pauses), reads/s, p50 / p99 ms | {F(D("mixedReads.perSecond"))}, {F(D("mixedReads.p50Ms"))} / {F(D("mixedReads.p99Ms"))} ({D("mixedReads.failures")} failed) | – | – | – |");
            if (r.TryGetProperty("mixedFlatOutCommands", out _))
            {
                md.AppendLine($"| mixed, flat out: HTTP commands at {arguments.Rate}/s while 4 clients read with no pause, p50 / p95 / p99 ms | {F(D("mixedFlatOutCommands.perSecond"))}, {F(D("mixedFlatOutCommands.p50Ms"))} / {F(D("mixedFlatOutCommands.p95Ms"))} / {F(D("mixedFlatOutCommands.p99Ms"))} ({D("mixedFlatOutCommands.failures")} failed) | – | – | – |");
                md.AppendLine($"| mixed, flat out: the reads meanwhile, reads/s, p50 / p99 ms | {F(D("mixedFlatOutReads.perSecond"))}, {F(D("mixedFlatOutReads.p50Ms"))} / {F(D("mixedFlatOutReads.p99Ms"))} ({D("mixedFlatOutReads.failures")} failed) | – | – | – |");
            }
        }
        if (r.TryGetProperty("workbenchOverviewPaint", out _))
            md.AppendLine($"| the workbench's overview in chromium (20 loads): first contentful paint, p50 / p99 ms; the page's own answer; every panel in and drawn | {F(D("workbenchOverviewPaint.p50Ms"))} / {F(D("workbenchOverviewPaint.p99Ms"))} ({D("workbenchOverviewPaint.failures")} failed); {F(D("workbenchOverviewServed.p50Ms"))} / {F(D("workbenchOverviewServed.p99Ms"))}; {F(D("workbenchOverviewComplete.p50Ms"))} / {F(D("workbenchOverviewComplete.p99Ms"))} | – | – | first content < 1 s: {Met(D("workbenchOverviewPaint.failures") == 0 && D("workbenchOverviewPaint.p99Ms") < 1000)} |");
        md.AppendLine($"| peak memory (RSS) of import / seal / rebuild | {F(D("import.peakMemoryMb"), " MB")} / {F(D("seal.peakMemoryMb"), " MB")} / {F(D("rebuild.peakMemoryMb"), " MB")} | – | – | flat in the number of events (compare sizes) |");
        md.AppendLine($"| database size per event | {F(D("size.databaseBytesPerEvent"), " B")} (events table {F(D("size.eventsTableBytesPerEvent"), " B")}; database {F(D("size.databaseMb") / 1024, " GB")}) | – | – | – |");
        if (r.TryGetProperty("httpCommandsDatabase", out var db))
        {
            md.AppendLine();
            md.AppendLine($"The database during the {arguments.Rate}/s minute, per command: {db.GetProperty("blocksReadFromDiskPerCommand").GetDouble():N1} blocks read from disk, " +
                          $"{db.GetProperty("walBytesPerCommand").GetDouble() / 1024:N1} kB of write-ahead log ({db.GetProperty("walFullPageImagesPerCommand").GetDouble():N1} full-page images); " +
                          "blocks read from disk by table: " + string.Join(", ", db.GetProperty("tablesMostReadFromDisk").EnumerateArray().Take(6)
                              .Select(t => $"{t.GetProperty("table").GetString()} {t.GetProperty("readPerCommand").GetDouble():N2}")) + ".");
        }
        if (r.TryGetProperty("httpCommandsStatements", out var statements))
        {
            md.AppendLine();
            md.AppendLine("| statement (pg_stat_statements, the same minute) | calls | blocks read from disk a call | ms a call | log written a call | full-page images a call |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var row in statements.GetProperty("mostReadFromDisk").EnumerateArray().Concat(statements.GetProperty("mostLogWritten").EnumerateArray())
                         .DistinctBy(x => x.GetProperty("query").GetString()).Take(10))
                md.AppendLine($"| `{Shorten(row.GetProperty("query").GetString()!)}` | {row.GetProperty("calls").GetInt64():N0} | {row.GetProperty("blocksReadFromDiskPerCall").GetDouble():N2} | " +
                              $"{row.GetProperty("msPerCall").GetDouble():N2} | {row.GetProperty("walBytesPerCall").GetDouble() / 1024:N1} kB | {row.GetProperty("fullPageImagesPerCall").GetDouble():N2} |");
        }
        md.AppendLine();
        md.AppendLine("Rebuild, seconds busy per stage: " + string.Join(", ",
            r.GetProperty("rebuild").GetProperty("secondsByProjection").EnumerateObject().Select(p => $"{p.Name.Split('.')[^1]} {p.Value.GetDouble():N1}")));
        var mdFile = Path.Combine(arguments.Output, $"{arguments.Label}.md");
        File.WriteAllText(mdFile, md.ToString());
        Console.WriteLine();
        Console.WriteLine(md);
        Console.WriteLine($"written: {mdFile}, {jsonFile}");
    }

    /// <summary>A statement as a table cell: its verb and the tables it names, the column lists left out.</summary>
    private static string Shorten(string query)
    {
        var q = System.Text.RegularExpressions.Regex.Replace(query, @"select (?!version from).+? from", "select … from");
        q = System.Text.RegularExpressions.Regex.Replace(q, @"\(([^()]{40,})\)", "(…)");
        return (q.Length > 150 ? q[..150] + "…" : q).Replace("|", "\\|");
    }
}
