using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GasLedger.Api.Hosting;
using GasLedger.Bench;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using Marten;
using Npgsql;

// ./bench.sh [--quick | --accounts N [--years N]] [--clients N] [--rate R] [--seconds S] [--copy-limit N] [--floor-sample N]
// One run, one database (GASLEDGER_DB, emptied first): import, the raw limits beside each figure, the API under load,
// reads at full size; writes bench-results/<accounts>.json and .md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var arguments = Arguments.Parse(args);
var connection = Environment.GetEnvironmentVariable("GASLEDGER_DB") ?? throw new InvalidOperationException("Set GASLEDGER_DB (./bench.sh does).");
// The stages, in order; --from STAGE resumes a run that stopped (the figures before it are read back from the partial
// results), --until STAGE stops after one. The figures are written after every stage, so a run cut short keeps them.
var stages = Arguments.Stages;
var partialFile = Path.Combine(arguments.Output, $"{arguments.Label}.partial.json");
var earlier = File.Exists(partialFile) ? partialFile : Path.Combine(arguments.Output, $"{arguments.Label}.json"); // a stopped run's, else the last whole run's
var results = arguments.From == "import" || !File.Exists(earlier)
    ? new Dictionary<string, object>()
    : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(earlier))!.ToDictionary(e => e.Key, e => (object)e.Value);
if (arguments.From != "import" && !results.ContainsKey("import"))
    throw new InvalidOperationException($"--from {arguments.From}: no earlier figures in {earlier}.");
results["accounts"] = arguments.Accounts; results["years"] = arguments.Years; results["clients"] = arguments.Clients; results["rate"] = arguments.Rate; results["seconds"] = arguments.Seconds;
results["machine"] = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {Environment.OSVersion}";
if (arguments.From == "import") results["startedAt"] = DateTimeOffset.UtcNow;
bool Within(string stage) => Array.IndexOf(stages, stage) is var at && at >= Array.IndexOf(stages, arguments.From) && at <= Array.IndexOf(stages, arguments.Until);
bool Runs(string stage)
{
    if (!Within(stage)) return false;
    Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] ---- stage {stage}");
    return true;
}
void Record(string key, object value)
{
    results[key] = value;
    Console.WriteLine($"    {key}: {JsonSerializer.Serialize(value)}");
    File.WriteAllText(partialFile, JsonSerializer.Serialize(results, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
}
void Step(string s) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] == {s}");
await using var db = NpgsqlDataSource.Create(connection);

// 1. GasLedger's bulk import (generation, COPY of events and parties, chunk records), then the raw COPY of the same rows.
if (Runs("import"))
{
    await using (var conn = await db.OpenConnectionAsync())
        await Raw.Execute(conn, "drop schema if exists gasledger cascade; drop table if exists public.bench_events_copy");
    Step($"import of {arguments.Accounts:N0} accounts (city import)");
    var import = await Children.City(connection, "import", "--accounts", arguments.Accounts.ToString(), "--years", arguments.Years.ToString(), "--chunk", arguments.Chunk.ToString());
    var imported = import.Figures.GetProperty("events").GetInt64();
    Record("import", new { events = imported, seconds = import.WallSeconds, eventsPerSecond = imported / import.WallSeconds, peakMemoryMb = import.PeakMemoryMb });
}
var events = JsonSerializer.SerializeToElement(results["import"]).GetProperty("events").GetInt64();
if (Runs("copy"))
{
    Step($"raw binary COPY of the same event rows (up to {arguments.CopyLimit:N0})");
    var copy = await Raw.Copy(db, Path.Combine(Path.GetTempPath(), "gasledger-bench-events.copy"), arguments.CopyLimit);
    Record("rawCopy", new { rows = copy.Rows, seconds = copy.Seconds, rowsPerSecond = copy.RowsPerSecond, megabytes = copy.Bytes / 1048576.0 });
}

// 2. Sealing, every projection from zero, and the raw read-and-deserialise pass.
if (Runs("seal"))
{
    Step("sealing (city seal)");
    var seal = await Children.City(connection, "seal");
    Record("seal", new { events, seconds = seal.WallSeconds, eventsPerSecond = events / seal.WallSeconds, peakMemoryMb = seal.PeakMemoryMb });
}
if (Runs("rebuild"))
{
    Step("rebuild of every projection from zero (city rebuild)");
    var rebuild = await Children.City(connection, "rebuild");
    Record("rebuild", new
    {
        events, seconds = rebuild.WallSeconds, eventsPerSecond = events / rebuild.WallSeconds, peakMemoryMb = rebuild.PeakMemoryMb,
        secondsByProjection = rebuild.Figures.GetProperty("secondsByProjection"),
    });
}
var policy = ServicePolicy.Default;
using var store = DocumentStore.For(o =>
{
    o.Connection(connection);
    o.DatabaseSchemaName = Storage.Schema;
    o.ConfigureGasLedger(policy);
});
if (Runs("read"))
{
    Step("raw sequential read and deserialisation of every event");
    var read = await Raw.ReadAll(db, store);
    Record("rawRead", new { events = read.Events, seconds = read.Seconds, eventsPerSecond = read.EventsPerSecond, machineCpuSeconds = read.CpuSeconds });
}
// The rebuild's floor: what PostgreSQL alone takes to store the documents the rebuild wrote (a sample, scaled up) and
// make their indexes, beside the raw read of every event — the least any rebuild of these read models could take here.
if (Runs("floor"))
{
    Step($"raw binary COPY of the rebuilt documents (a sample of up to {arguments.FloorSample:N0}) and their indexes");
    var floor = await Raw.DocumentsFloor(db, GasLedger.Projections.Rebuild.StreamRebuild.Tables(store, policy), arguments.FloorSample);
    Record("rebuildFloor", new
    {
        documents = floor.Documents, sampled = floor.Sampled, megabytesSampled = floor.Bytes / 1048576.0,
        copySeconds = floor.CopySeconds, copyMachineCpuSeconds = floor.CopyCpuSeconds, documentsPerSecond = floor.DocumentsPerSecond,
        indexSeconds = floor.IndexSeconds, indexMachineCpuSeconds = floor.IndexCpuSeconds,
        allDocumentsSeconds = floor.Seconds, allDocumentsMachineCpuSeconds = floor.CpuSeconds,
        tables = floor.Tables,
    });
}

// 3. The API under load: commands at a fixed rate, then as fast as the clients go; reads.
// Active accounts, each with its meter: a read meter takes meter readings, an IC-card meter purchases.
var accounts = !Within("api") && !Within("queries") && !Within("workbench") && !Within("marten") ? [] : await Sample(db, "select id, data ->> 'meterType' = 'IcCard' from gasledger.mt_doc_account where data ->> 'status' = 'Active' order by random() limit 20000");
var ids = accounts.Select(a => a.Id).ToArray();
var url = $"http://127.0.0.1:{arguments.Port}";
// The API in its own process, as it is deployed, with the admin's key; its handlers compiled by a warm-up first.
async Task<(Process Api, HttpClient Http)> StartApi()
{
    var api = Children.Api(connection, url);
    // A command that takes a minute has failed; an analyst's read at full size may take longer and is measured.
    var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = arguments.Clients * 2 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(15) };
    Step("starting the API");
    await WaitForHealth(http, api);
    var keys = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(Children.KeysDirectory, "dev-keys.json")))!;
    http.DefaultRequestHeaders.Add("X-Api-Key", keys["admin"]);
    await Task.Delay(TimeSpan.FromSeconds(5)); // the daemon starts its agents
    // Warm-up, not measured: the first request to each endpoint compiles its handler (seconds each).
    for (var i = 0; i < 40; i++) await Command(http, accounts[(i * 104729) % accounts.Length], i);
    await Get(http, $"/api/accounts/{ids[0]}");
    await Get(http, $"/api/accounts/{ids[0]}/history");

    // Measured on a daemon that is not behind: events appended with no API running (the Marten stage of an earlier
    // run, say) are first followed.
    if (await ProjectionsBehind(db) is var backlog and > 0)
    {
        Step($"the API's projections following {backlog:N0} events appended while it was down");
        Console.WriteLine($"    (followed in {await CaughtUp(db, TimeSpan.FromMinutes(30)):N0} s)");
    }
    return (api, http);
}
async Task StopApi(Process api, HttpClient http)
{
    http.Dispose();
    api.Kill(entireProcessTree: true);
    await api.WaitForExitAsync();
    api.Dispose();
}
if (Runs("api"))
{
    var (api, http) = await StartApi();
    // The commands at the rate, several runs, each after the database has settled: the projections caught up with the
    // run before, the pages vacuumed and written out (the import's and the rebuild's before the first), not during
    // the commands. The async projections' lag sampled every second meanwhile.
    var runs = new List<object>();
    for (var run = 1; run <= arguments.CommandRuns; run++)
    {
        if (run > 1) await CaughtUp(db, TimeSpan.FromMinutes(10));
        await Settle(db);
        Step($"HTTP commands at {arguments.Rate}/s for {arguments.Seconds} s, up to {arguments.Clients} in flight (run {run} of {arguments.CommandRuns})");
        // What the database did meanwhile (the first run): which tables and indexes it read from disk, how much log it wrote.
        var before = run == 1 ? await Raw.DatabaseActivity(db) : null;
        var statements = run == 1 && await Raw.StatementsReset(db);
        var lag = ProjectionLag.Start(db);
        var offset = (run - 1) * 7_919;
        var figures = await Load.OpenLoop(i => Command(http, accounts[(i + offset) % accounts.Length], i), arguments.Rate, arguments.Clients, arguments.Seconds);
        var lagged = await lag.Stop();
        runs.Add(new { run, figures.PerSecond, figures.P50Ms, figures.P95Ms, figures.P99Ms, figures.MaxMs, figures.Failures, lagged.MaxSeconds, lagged.MaxEvents });
        Console.WriteLine($"    run {run}: p99 {figures.P99Ms:N1} ms; the projections' lag at most {lagged.MaxSeconds:N1} s ({lagged.MaxEvents:N0} events)");
        if (run > 1) continue;
        Record("httpCommands", figures);
        Record("httpCommandsDatabase", Raw.Activity.Between(before!, await Raw.DatabaseActivity(db), commands: (int)(arguments.Rate * arguments.Seconds)));
        if (statements) Record("httpCommandsStatements", await Raw.Statements(db));
    }
    Record("httpCommandsRuns", runs);
    Step($"HTTP commands, {arguments.Clients} clients as fast as they go, {arguments.Seconds} s");
    Record("httpCommandsMax", await Load.ClosedLoop(i => Command(http, accounts[(i + 7919) % accounts.Length], i), arguments.Clients, arguments.Seconds));

    // The reads are measured on a quiet system: first the API's daemon catches up with the commands' events.
    Step("waiting for the API's projections to catch up with the commands");
    Record("projectionsCatchUp", new { seconds = await CaughtUp(db, TimeSpan.FromMinutes(10)), eventsBehind = await ProjectionsBehind(db) });
    await StopApi(api, http);
}
if (Runs("queries"))
{
    var (api, http) = await StartApi();
    // Each read beside the raw SQL of the same rows, taking turns at going first (whichever goes second finds the
    // rows the first brought into memory).
    Step("reads of one account and its history, against the raw SQL for the same rows");
    var reads = arguments.Reads;
    // The history answers with the account's events and its holders' party records: the raw SQL reads both in one
    // round trip (the same rows), and, beside it, the events alone.
    const string HistoryEventRows = "select seq_id, version, type, data, timestamp, user_name, correlation_id, causation_id from gasledger.mt_events where stream_id = $1 order by version";
    const string HistoryPartyRows = "select data from gasledger.mt_doc_partyrecord where cast(data ->> 'accountId' as uuid) = $1";
    // Warmed up first, for warmUp, each read as measured but on accounts that are not (their rows are not brought into
    // memory beforehand): measured on a server that has been running, not on one just started. A fresh API's JIT
    // recompiles its hot code at the optimised tiers for about ten seconds of reads, on one of the two cores the
    // reads and the raw SQL share (seen with perf), and the slowest percent then gathered in the first reads of each
    // kind (16 of the history's 30 slowest in its first 300 of 3,000 after a single warm-up read).
    var warmUp = TimeSpan.FromSeconds(15);
    var measured = Enumerable.Range(0, reads).SelectMany(i => new[] { ids[(i * 31) % ids.Length], ids[(i * 37) % ids.Length] }).ToHashSet();
    var spare = ids.Where(id => !measured.Contains(id)).DefaultIfEmpty(ids[0]).ToArray();
    for (var (round, warming) = (0, Stopwatch.StartNew()); warming.Elapsed < warmUp; round++)
    {
        var id = (int i) => spare[(round * 100 + i) % spare.Length];
        await Load.Rotated(100, i => Get(http, $"/api/accounts/{id(i)}"), i => RawRows(db, id(i), "select data from gasledger.mt_doc_account where id = $1"));
        await Load.Rotated(100, i => Get(http, $"/api/accounts/{id(i)}/history"), i => RawRows(db, id(i), HistoryEventRows, HistoryPartyRows),
            i => RawRows(db, id(i), HistoryEventRows));
    }
    var account = await Load.Rotated(reads, i => Get(http, $"/api/accounts/{ids[(i * 31) % ids.Length]}"),
        i => RawRows(db, ids[(i * 31) % ids.Length], "select data from gasledger.mt_doc_account where id = $1"));
    Record("readAccount", account[0]);
    Record("readAccountRaw", account[1]);
    var history = await Load.Rotated(reads, i => Get(http, $"/api/accounts/{ids[(i * 37) % ids.Length]}/history"),
        i => RawRows(db, ids[(i * 37) % ids.Length], HistoryEventRows, HistoryPartyRows),
        i => RawRows(db, ids[(i * 37) % ids.Length], HistoryEventRows));
    Record("readHistory", history[0]);
    Record("readHistoryRaw", history[1]);
    Record("readHistoryRawEvents", history[2]);

    Step("analysts' reads at full size");
    Record("ledgerPage", await Load.Sequential(i => Get(http, $"/api/ledgers/complaints?from=2026-01-01&to=2026-10-31&page={1 + i % 5}"), arguments.AnalystReads));
    // Varied arguments: the year so far, a quarter, a month, two years; each grouping; the whole city and one district.
    (string From, string To)[] periods = [("2026-01-01", "2026-10-31"), ("2026-04-01", "2026-06-30"), ("2025-11-01", "2025-11-30"), ("2025-01-01", "2026-12-31")];
    string[] groupings = ["district", "month", "stage", "staff"];
    Record("satisfactionByDistrict", await Load.Sequential(i => Get(http,
        $"/api/satisfaction?from={periods[i % periods.Length].From}&to={periods[i % periods.Length].To}&groupBy={groupings[i / periods.Length % groupings.Length]}" +
        (i % 3 == 2 ? $"&district={Uri.EscapeDataString(GasLedger.City.CityMap.Districts[i % 10])}" : "")), arguments.AnalystReads));
    // Varied arguments: dates in and after the city's years, the city or a district, a class filter, pages 1–3.
    string[] classDates = ["2026-11-01", "2025-06-15", "2027-03-01", "2024-12-31", "2026-01-31"];
    string[] classFilters = ["", "&tier=A", "&stage=dormant", "&serviceLevel=care", "&category=industrial", "&stage=new&tier=C"];
    Func<int, Task<bool>> classificationRead = i => Get(http,
        $"/api/classification?asOf={classDates[i % classDates.Length]}{classFilters[i / classDates.Length % classFilters.Length]}&pageSize=50&page={1 + i % 3}" +
        (i % 2 == 0 ? "" : $"&district={Uri.EscapeDataString(GasLedger.City.CityMap.Districts[i / 2 % 10])}"));
    Record("classificationCounts", await Load.Sequential(classificationRead, arguments.AnalystReads));
    // The statistics: complaints by each grouping, retention and gas volume, over the same periods, the city or a district.
    string[] complaintGroupings = ["month", "district", "category", "channel"];
    string Scope(int i) => i % 3 == 2 ? $"&district={Uri.EscapeDataString(GasLedger.City.CityMap.Districts[i % 10])}" : "";
    Func<int, Task<bool>> complaintsRead = i => Get(http, $"/api/statistics/complaints?from={periods[i % periods.Length].From}&to={periods[i % periods.Length].To}" +
        $"&groupBy={complaintGroupings[i / periods.Length % complaintGroupings.Length]}{Scope(i)}");
    Func<int, Task<bool>> retentionRead = i => Get(http, $"/api/statistics/retention?from={periods[i % periods.Length].From}&to={periods[i % periods.Length].To}{Scope(i)}");
    Func<int, Task<bool>> volumeRead = i => Get(http, $"/api/statistics/gas-volume?from={periods[i % periods.Length].From}&to={periods[i % periods.Length].To}{Scope(i)}" +
        (i % 4 == 1 ? "&category=residential" : ""));
    Record("complaintStatistics", await Load.Sequential(complaintsRead, arguments.AnalystReads));
    Record("retentionStatistics", await Load.Sequential(retentionRead, arguments.AnalystReads));
    Record("volumeStatistics", await Load.Sequential(volumeRead, arguments.AnalystReads));
    // Varied arguments: dates before, in and after the city's years, horizons of none, a month and a year, the whole city
    // and one district; a page further in now and then.
    string[] dueDates = ["2026-11-01", "2025-06-15", "2027-03-01", "2026-09-20", "2024-12-31"];
    int[] horizons = [30, 0, 366, 90];
    Func<int, Task<bool>> dueRead = i => Get(http,
        $"/api/inspections/due?asOf={dueDates[i % dueDates.Length]}&withinDays={horizons[i / dueDates.Length % horizons.Length]}" +
        $"&pageSize=50&page={1 + i % 3}" + (i % 2 == 0 ? "" : $"&district={Uri.EscapeDataString(GasLedger.City.CityMap.Districts[i / 2 % 10])}"));
    Record("inspectionsDue", await Load.Sequential(dueRead, arguments.AnalystReads));

    // The mixed stage: the same reads by four analysts while the commands run at the rate — each analyst reading, then
    // pausing as a person clicking through a dashboard does (half a second on average); and, as a bound, four clients
    // reading back to back with no pause at all.
    Func<int, Task<bool>>[] analystReads =
    [
        i => Get(http, $"/api/ledgers/complaints?from=2026-01-01&to=2026-10-31&page={1 + i % 5}"),
        i => Get(http, $"/api/satisfaction?from={periods[i % periods.Length].From}&to={periods[i % periods.Length].To}&groupBy={groupings[i / periods.Length % groupings.Length]}"),
        classificationRead, dueRead, complaintsRead, retentionRead, volumeRead,
    ];
    Func<int, Task<bool>> analyst = i => analystReads[i % analystReads.Length](i / analystReads.Length);
    Step($"mixed: HTTP commands at {arguments.Rate}/s for {arguments.Seconds} s while 4 analysts read, pausing 0.5 s on average");
    var mixedReads = Load.ClosedLoop(analyst, 4, arguments.Seconds, TimeSpan.FromSeconds(0.5));
    Record("mixedCommands", await Load.OpenLoop(i => Command(http, accounts[(i + 7907) % accounts.Length], i), arguments.Rate, arguments.Clients, arguments.Seconds));
    Record("mixedReads", await mixedReads);
    Step($"mixed, flat out: HTTP commands at {arguments.Rate}/s for {arguments.Seconds} s while 4 clients read with no pause");
    var flatOutReads = Load.ClosedLoop(analyst, 4, arguments.Seconds);
    Record("mixedFlatOutCommands", await Load.OpenLoop(i => Command(http, accounts[(i + 7901) % accounts.Length], i), arguments.Rate, arguments.Clients, arguments.Seconds));
    Record("mixedFlatOutReads", await flatOutReads);
    await StopApi(api, http);
}

// The workbench's overview in a real browser (issue 21): how soon its first content is painted, at this size.
if (Runs("workbench"))
{
    var (api, http) = await StartApi();
    Step("the workbench's overview in chromium: first contentful paint, the page's own answer, every panel in; 5 warm-up loads then 20");
    var keys = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(Children.KeysDirectory, "dev-keys.json")))!;
    using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("GASLEDGER_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
        Headless = true, Args = ["--no-sandbox"],
    });
    var context = await browser.NewContextAsync(new() { BaseURL = http.BaseAddress!.ToString(), Locale = "zh-CN" });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/sign-in");
    await page.FillAsync("#key", keys["admin"]);
    await page.ClickAsync("form.sign-in button[type=submit]");
    await page.WaitForURLAsync(url => !url.Contains("/sign-in"));
    var paint = new List<double>();
    var served = new List<double>();
    var complete = new List<double>();
    var failures = 0;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < 25; i++)
    {
        // A tab of its own for each load, as a supervisor opening the workbench: its own navigation and first paint.
        var tab = await context.NewPageAsync();
        var response = await tab.GotoAsync("/", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.Load });
        var timing = await tab.EvaluateAsync<double[]>("""
            () => { const n = performance.getEntriesByType('navigation')[0];
                    const p = performance.getEntriesByName('first-contentful-paint')[0];
                    return [p ? p.startTime : -1, n.responseStart - n.requestStart]; }
            """);
        // Every panel in (each is asked for apart once the page is shown), its charts drawn.
        await tab.WaitForFunctionAsync("() => !document.querySelector('[data-loading]') && " +
            "[...document.querySelectorAll('.chart[data-chart]')].every(c => c.dataset.drawn === 'true')", null, new() { Timeout = 600_000 });
        var done = await tab.EvaluateAsync<double>("() => performance.now()");
        await tab.CloseAsync();
        if (i < 5) continue;
        if (response?.Status != 200 || timing[0] < 0) { failures++; continue; }
        paint.Add(timing[0]);
        served.Add(timing[1]);
        complete.Add(done);
    }
    Record("workbenchOverviewPaint", LatencyFigures.Of(paint, failures, clock.Elapsed.TotalSeconds));
    Record("workbenchOverviewServed", LatencyFigures.Of(served, failures, clock.Elapsed.TotalSeconds));
    Record("workbenchOverviewComplete", LatencyFigures.Of(complete, failures, clock.Elapsed.TotalSeconds));
    await StopApi(api, http);
}

// 4. The same commands' events appended with Marten directly: the A-frame without HTTP and Wolverine.
if (Runs("marten"))
{
    await Settle(db);
    Step($"direct Marten appends at {arguments.Rate}/s, then {arguments.Clients} clients as fast as they go");
    var complaintSerial = new System.Runtime.CompilerServices.StrongBox<int>(0);
    for (var i = 0; i < 40; i++) await Append(store, accounts[(i + 7) * 31 % accounts.Length], i, complaintSerial); // warm-up, not measured
    Record("martenCommands", await Load.OpenLoop(i => Append(store, accounts[(i + 104729) % accounts.Length], i, complaintSerial), arguments.Rate, arguments.Clients, arguments.Seconds));
    Record("martenCommandsMax", await Load.ClosedLoop(i => Append(store, accounts[(i + 15485863) % accounts.Length], i, complaintSerial), arguments.Clients, arguments.Seconds));
}

// 5. Size.
if (Runs("size"))
{
    await using var conn = await db.OpenConnectionAsync();
    var total = await Raw.Scalar(conn, "select count(*) from gasledger.mt_events");
    var databaseBytes = await Raw.Scalar(conn, "select pg_database_size(current_database())");
    var eventBytes = await Raw.Scalar(conn, "select pg_total_relation_size('gasledger.mt_events')");
    Record("size", new
    {
        events = total, databaseMb = databaseBytes / 1048576.0, databaseBytesPerEvent = (double)databaseBytes / total,
        eventsTableBytesPerEvent = (double)eventBytes / total,
    });
}
if (arguments.Until != "size") return 0;
results["finishedAt"] = DateTimeOffset.UtcNow;
Report.Write(arguments, results);
File.Delete(partialFile);
return 0;

static async Task<(Guid Id, bool IcCard)[]> Sample(NpgsqlDataSource db, string sql)
{
    var ids = new List<(Guid, bool)>();
    await using var cmd = db.CreateCommand(sql);
    await using var reader = await cmd.ExecuteReaderAsync();
    while (await reader.ReadAsync()) ids.Add((reader.GetGuid(0), reader.GetBoolean(1)));
    if (ids.Count == 0) throw new InvalidOperationException("No active account to run commands on.");
    return ids.ToArray();
}

// What a DBA does after a bulk load: vacuum and analyse, then a checkpoint, so that the writes measured next do not
// wait on autovacuum or on the background writing of the earlier steps' pages.
static async Task Settle(NpgsqlDataSource db)
{
    var clock = Stopwatch.StartNew();
    foreach (var sql in new[] { "vacuum (analyze)", "checkpoint" })
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
    Console.WriteLine($"    (vacuumed, analysed and checkpointed in {clock.Elapsed.TotalSeconds:N0} s)");
}

// Seconds until the async projections have followed every event (or the limit passed).
static async Task<double> CaughtUp(NpgsqlDataSource db, TimeSpan limit)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < limit && await ProjectionsBehind(db) > 0) await Task.Delay(500);
    return clock.Elapsed.TotalSeconds;
}

// Events the slowest async projection has still to follow.
static async Task<long> ProjectionsBehind(NpgsqlDataSource db)
{
    await using var cmd = db.CreateCommand("select (select coalesce(max(seq_id), 0) from gasledger.mt_events) - " +
                                           $"(select coalesce(min(last_seq_id), 0) from gasledger.mt_event_progression where name in {ProjectionLag.Shards})");
    return Convert.ToInt64(await cmd.ExecuteScalarAsync());
}

static async Task WaitForHealth(HttpClient http, Process api)
{
    for (var i = 0; i < 600; i++)
    {
        if (api.HasExited) throw new InvalidOperationException($"The API exited ({api.ExitCode}).");
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException) { }
        await Task.Delay(500);
    }
    throw new TimeoutException("The API did not answer /health.");
}

// The service desk's mix: 8 in 10 a meter reading, 1 a complaint, 1 a repair call.
static async Task<bool> Command(HttpClient http, (Guid Id, bool IcCard) account, int i)
{
    var (path, body) = (i % 10) switch
    {
        0 => ("complaints", (object)new { channel = "phone", category = "delay", complexity = "simple", content = "抄表员未按时上门" }),
        1 => ("repairs", new { emergency = false, description = "灶具打不着火", location = "urban" }),
        _ when account.IcCard => ("usage", new { kind = "icPurchase", volumeM3 = 20 + i % 30, amount = 3 * (20 + i % 30), periodEnd = DateTime.UtcNow.ToString("yyyy-MM-dd") }),
        _ => ("usage", new { kind = "meterReading", volumeM3 = 20 + i % 30, periodEnd = DateTime.UtcNow.ToString("yyyy-MM-dd") }),
    };
    using var response = await http.PostAsJsonAsync($"/api/accounts/{account.Id}/{path}", body);
    return response.IsSuccessStatusCode;
}

static async Task<bool> Get(HttpClient http, string path)
{
    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
    return response.IsSuccessStatusCode;
}

// The statements in one round trip (a batch), every column of every row read.
static async Task<bool> RawRows(NpgsqlDataSource db, Guid id, params string[] statements)
{
    await using var batch = db.CreateBatch();
    foreach (var sql in statements)
    {
        var cmd = batch.CreateBatchCommand();
        cmd.CommandText = sql;
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        batch.BatchCommands.Add(cmd);
    }
    await using var reader = await batch.ExecuteReaderAsync();
    var rows = 0;
    do
        while (await reader.ReadAsync())
        {
            for (var c = 0; c < reader.FieldCount; c++) _ = reader.GetValue(c);
            rows++;
        }
    while (await reader.NextResultAsync());
    return rows > 0;
}

static async Task<bool> Append(IDocumentStore store, (Guid Id, bool IcCard) account, int i, System.Runtime.CompilerServices.StrongBox<int> serial)
{
    var now = DateTimeOffset.UtcNow;
    IAccountEvent e = (i % 10) switch
    {
        0 => new ComplaintFiled(Guid.CreateVersion7(), ComplaintDecisions.Number(now, 9000 + Interlocked.Increment(ref serial.Value) % 999, ServicePolicy.Default),
            ComplaintChannel.Phone, ComplaintCategory.Delay, ComplaintComplexity.Simple, "抄表员未按时上门", "S-5001", now),
        1 => new RepairReported(Guid.CreateVersion7(), false, "灶具打不着火", RepairLocation.Urban, null, "S-5002", now),
        _ when account.IcCard => new UsageRecorded(Guid.CreateVersion7(), UsageKind.IcPurchase, 20 + i % 30, DateOnly.FromDateTime(now.UtcDateTime), 3 * (20 + i % 30), now),
        _ => new UsageRecorded(Guid.CreateVersion7(), UsageKind.MeterReading, 20 + i % 30, DateOnly.FromDateTime(now.UtcDateTime), null, now),
    };
    return await AppendOne(store, account.Id, e);
}

static async Task<bool> AppendOne(IDocumentStore store, Guid account, IAccountEvent e)
{
    await using var session = store.LightweightSession();
    session.LastModifiedBy = "S-bench";
    var stream = await session.Events.FetchForWriting<Account>(account);
    if (stream.Aggregate is null) return false;
    stream.AppendOne(e);
    await session.SaveChangesAsync();
    return true;
}

public sealed record Arguments(int Accounts, int Years, int Clients, double Rate, double Seconds, int CommandRuns, int Reads, int AnalystReads, long CopyLimit, long FloorSample, int Chunk, int Port, string Output, string Label,
    string From, string Until)
{
    public static readonly string[] Stages = ["import", "copy", "seal", "rebuild", "read", "floor", "api", "queries", "workbench", "marten", "size"];

    public static Arguments Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var quick = args.Contains("--quick");
        foreach (var name in new[] { "--from", "--until" })
            if (Value(name) is { } stage && !Stages.Contains(stage))
                throw new ArgumentException($"{name} takes one of: {string.Join(", ", Stages)}.");
        var accounts = int.Parse(Value("--accounts") ?? (quick ? "20000" : "1000000"));
        // The city's years of history (city import --years; 5 by default): fewer where the disk cannot hold five.
        var years = int.Parse(Value("--years") ?? "5");
        var output = Path.GetFullPath(Value("--out") ?? "bench-results");
        Directory.CreateDirectory(output);
        return new Arguments(accounts, years,
            int.Parse(Value("--clients") ?? "16"),
            double.Parse(Value("--rate") ?? "200"),
            double.Parse(Value("--seconds") ?? (quick ? "20" : "60")),
            int.Parse(Value("--command-runs") ?? "3"),
            int.Parse(Value("--reads") ?? (quick ? "300" : "3000")),
            int.Parse(Value("--analyst-reads") ?? "100"),
            long.Parse(Value("--copy-limit") ?? "20000000"),
            long.Parse(Value("--floor-sample") ?? "2000000"),
            int.Parse(Value("--chunk") ?? "2000"),
            int.Parse(Value("--port") ?? "5099"),
            output,
            (quick && Value("--accounts") is null ? "quick" : accounts.ToString()) + (years == 5 ? "" : $"-{years}y"),
            Value("--from") ?? "import",
            Value("--until") ?? "size");
    }
}

// The async projections' lag, sampled every second until stopped: the most events the slowest had still to follow, and
// the longest an event had waited for it (since it was recorded).
sealed class ProjectionLag
{
    /// <summary>The API's async projections, as SQL: their slowest is the lag.</summary>
    public const string Shards = "('ReadModels:All', 'TimeLimits:All')";

    private readonly CancellationTokenSource _stop = new();
    private Task<(double MaxSeconds, long MaxEvents)> _sampling = null!;

    public static ProjectionLag Start(NpgsqlDataSource db)
    {
        var lag = new ProjectionLag();
        lag._sampling = lag.Sample(db);
        return lag;
    }

    public async Task<(double MaxSeconds, long MaxEvents)> Stop()
    {
        await _stop.CancelAsync();
        return await _sampling;
    }

    private async Task<(double, long)> Sample(NpgsqlDataSource db)
    {
        double seconds = 0;
        long events = 0;
        while (!_stop.IsCancellationRequested)
        {
            await using (var cmd = db.CreateCommand(
                             $"with p as (select coalesce(min(last_seq_id), 0) as followed from gasledger.mt_event_progression where name in {Shards}) " +
                             "select (select coalesce(max(seq_id), 0) from gasledger.mt_events) - p.followed, " +
                             "coalesce((select extract(epoch from now() - e.timestamp) from gasledger.mt_events e where e.seq_id > p.followed order by e.seq_id limit 1), 0)::float8 from p"))
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                events = Math.Max(events, reader.GetInt64(0));
                seconds = Math.Max(seconds, reader.GetDouble(1));
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException) { }
        }
        return (Math.Round(seconds, 2), events);
    }
}
