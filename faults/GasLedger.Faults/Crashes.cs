using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace GasLedger.Faults;

/// <summary>What one kill -9 of the command line's bulk import or full rebuild left, once the step was run again.</summary>
public sealed record CrashRound(string Scenario, string Target, bool KilledMidway, long EventsLost, long EventsDoubled, long EventsDifferent,
    long EventsExtra, long DocumentsDifferent, string[] SchemaDifferences, double ResumeSeconds)
{
    public bool Passed => KilledMidway && EventsLost == 0 && EventsDoubled == 0 && EventsDifferent == 0 && EventsExtra == 0 &&
                          DocumentsDifferent == 0 && SchemaDifferences.Length == 0;

    public override string ToString() =>
        $"{Target}: events lost {EventsLost}, doubled {EventsDoubled}, different {EventsDifferent}, extra {EventsExtra}; " +
        $"documents different from a clean rebuild {DocumentsDifferent}" +
        (SchemaDifferences.Length > 0 ? $"; schema differs: {string.Join(", ", SchemaDifferences.Take(5))}" : "") +
        $"; resumed in {ResumeSeconds:0.#} s" + (KilledMidway ? "" : "; NOT KILLED MID-WAY (it had ended)");
}

/// <summary>
/// kill -9 of <c>city import</c> (the bulk import of a generated city, chunk by chunk) and of <c>city rebuild</c> (every
/// projection from zero) at a random moment, then the step run again to its end, each in a database of its own on the
/// cluster's primary. What it left is compared with a reference made once without a kill from the same city: every
/// event (by id: lost, doubled, different, extra; the time of recording aside), every row of every read-model table
/// (a clean rebuild's documents), and the indexes, triggers and constraints of the schema.
/// </summary>
public sealed class Crashes(Cluster cluster, string root, string home, string connectionString, int accounts)
{
    private const string ReferenceDb = "gasledger_reference", CrashDb = "gasledger_crash";
    private const int Chunk = 200; // accounts a chunk: a kill lands mid-chunk or between chunks
    private readonly Random _random = new(20261205);
    private Fingerprint? _reference;
    private double _rebuildSeconds;

    private int Chunks => (accounts + Chunk - 1) / Chunk;

    /// <summary>The reference: the same city imported and rebuilt once, without a kill.</summary>
    public async Task Prepare()
    {
        await Recreate(ReferenceDb);
        await RunToEnd(ReferenceDb, "import");
        var rebuild = Start(ReferenceDb, "rebuild");
        await rebuild.Reached(RebuildBegins);
        var clock = Stopwatch.StartNew();
        await Ended(rebuild, ReferenceDb, "rebuild");
        _rebuildSeconds = clock.Elapsed.TotalSeconds;
        _reference = await Fingerprint.Of(To(ReferenceDb));
        Console.WriteLine($"  reference: {accounts:N0} accounts, {_reference.Events.Count:N0} events, " +
                          $"{_reference.Tables.Sum(t => t.Value.Values.Sum()):N0} read-model rows in {_reference.Tables.Count} tables; a clean rebuild took {_rebuildSeconds:0.#} s");
        await Recreate(CrashDb); // the rebuild rounds need an imported city even when no import round runs first
        await RunToEnd(CrashDb, "import");
    }

    /// <summary>kill -9 of the import once a random number of its chunks is in, a random few hundred ms later.</summary>
    public async Task<CrashRound> ImportKill(int round)
    {
        await Recreate(CrashDb);
        var target = _random.Next(1, Chunks - 1);
        var city = Start(CrashDb, "import");
        await using var db = NpgsqlDataSource.Create(To(CrashDb));
        while (!city.Process.HasExited && await ChunksIn(db) < target) await Task.Delay(50);
        await Task.Delay(_random.Next(0, 400));
        var midway = !city.Process.HasExited;
        city.Kill();
        var chunks = await ChunksIn(db);
        var events = await Scalar(db, "select count(*) from gasledger.mt_events");
        var clock = Stopwatch.StartNew();
        await RunToEnd(CrashDb, "import");
        var resumed = clock.Elapsed.TotalSeconds;
        await RunToEnd(CrashDb, "rebuild");
        return await Compare("import-kill", $"import killed with {chunks}/{Chunks} chunks recorded, {events:N0} events in", midway, resumed);
    }

    /// <summary>
    /// kill -9 of the rebuild at a random moment of a clean rebuild's time, counted from its start of work (its tables
    /// emptied and their indexes dropped): while reading and writing pages, or making the indexes again.
    /// </summary>
    public async Task<CrashRound> RebuildKill(int round)
    {
        var city = Start(CrashDb, "rebuild");
        await city.Reached(RebuildBegins);
        var at = _rebuildSeconds * (0.02 + 0.96 * _random.NextDouble());
        await Task.Delay(TimeSpan.FromSeconds(at));
        var midway = !city.Process.HasExited;
        city.Kill();
        var clock = Stopwatch.StartNew();
        await RunToEnd(CrashDb, "rebuild");
        return await Compare("rebuild-kill", $"rebuild killed at {at:0.#} s ({city.Last})", midway, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The crashed database's seals made, then <c>audit verify</c> over it (seals, projections against a replay).</summary>
    public async Task<string> SealAndVerifyConnection()
    {
        await RunToEnd(CrashDb, "seal");
        return To(CrashDb);
    }

    private async Task<CrashRound> Compare(string scenario, string target, bool midway, double seconds)
    {
        var now = await Fingerprint.Of(To(CrashDb));
        var reference = _reference!;
        long lost = 0, different = 0;
        foreach (var (id, hash) in reference.Events)
            if (!now.Events.TryGetValue(id, out var h)) lost++;
            else if (h != hash) different++;
        var extra = now.Events.Keys.Count(id => !reference.Events.ContainsKey(id));
        long documents = 0;
        foreach (var table in reference.Tables.Keys.Union(now.Tables.Keys))
        {
            var a = reference.Tables.GetValueOrDefault(table) ?? [];
            var b = now.Tables.GetValueOrDefault(table) ?? [];
            // Rows as a multiset: each row one side has more often than the other is one row different.
            var diff = a.Keys.Union(b.Keys).Sum(row => Math.Abs(a.GetValueOrDefault(row) - b.GetValueOrDefault(row)));
            if (diff > 0) Console.WriteLine($"    {table}: {diff} rows differ");
            documents += diff;
        }
        var schema = reference.Schema.Except(now.Schema).Select(s => "missing " + s)
            .Concat(now.Schema.Except(reference.Schema).Select(s => "extra " + s)).ToArray();
        return new CrashRound(scenario, target, midway, lost, now.EventRows - now.Events.Count, different, extra, documents, schema, Math.Round(seconds, 1));
    }

    private string To(string database) => Regex.Replace(connectionString, "Database=[^;]*", $"Database={database}");

    private async Task Recreate(string database)
    {
        await cluster.Shell($"gl_cluster_sql 'drop database if exists {database} with (force)'");
        await cluster.Shell($"gl_cluster_sql 'create database {database} owner gasledger'");
    }

    private static async Task<long> ChunksIn(NpgsqlDataSource db)
    {
        try
        {
            return await Scalar(db, "select count(*) from gasledger.city_import_chunk");
        }
        catch (PostgresException e) when (e.SqlState is "42P01" or "3F000") // not made yet
        {
            return 0;
        }
    }

    private static async Task<long> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private CityProcess Start(string database, string step)
    {
        string[] args = step == "import" ? ["--accounts", $"{accounts}", "--chunk", $"{Chunk}"] : [];
        var info = new ProcessStartInfo("dotnet", [Environment.GetEnvironmentVariable("GASLEDGER_API_DLL")!, "city", step, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        };
        info.Environment["GASLEDGER_DB"] = To(database);
        info.Environment["GasLedger__DevKeysDirectory"] = home;
        return new CityProcess(Process.Start(info)!, Path.Combine(home, $"crash-{database}.log"));
    }

    private const string RebuildBegins = "rebuilding every projection";

    private Task RunToEnd(string database, string step) => Ended(Start(database, step), database, step);

    private async Task Ended(CityProcess city, string database, string step)
    {
        await city.Process.WaitForExitAsync();
        city.Flush();
        if (city.Process.ExitCode != 0)
            throw new InvalidOperationException($"city {step} on {database} exited {city.Process.ExitCode}: {city.Last} (see {home}/crash-{database}.log)");
    }

    /// <summary>A <c>city</c> process, its output appended to a log; its last line is the step it was in.</summary>
    private sealed class CityProcess
    {
        private readonly string _log;
        private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];
        public Process Process { get; }
        public string Last { get; private set; } = "";

        public CityProcess(Process process, string log)
        {
            Process = process;
            _log = log;
            ProcessLog.Follow(process, log, Line);
        }

        private void Line(string line)
        {
            lock (_awaited)
            {
                if (!line.StartsWith("FIGURES")) Last = Regex.Replace(line, @"^\[[\d:]+\] ", "");
                foreach (var (text, seen) in _awaited)
                    if (line.Contains(text)) seen.TrySetResult();
            }
        }

        /// <summary>Completes when the process writes a line holding <paramref name="text"/>; fails if it exits first.</summary>
        public async Task Reached(string text)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_awaited) _awaited.Add((text, seen));
            var exited = Process.WaitForExitAsync();
            if (await Task.WhenAny(seen.Task, exited) != seen.Task)
                throw new InvalidOperationException($"city exited ({Process.ExitCode}) before it wrote \"{text}\": {Last}");
        }

        public void Kill()
        {
            if (!Process.HasExited) Process.Kill();
            Process.WaitForExit();
            Flush();
            File.AppendAllText(_log, "— killed (SIGKILL) —\n");
        }

        public void Flush() => Process.WaitForExit(); // the redirected output read to its end
    }
}

/// <summary>
/// What a database holds, comparable with another's: each event's content by id (all but its sequence number and the
/// time it was recorded), each read-model table's rows as a multiset of hashes (the documents' id and data; the other
/// tables' whole rows), and the schema's indexes, triggers and constraints by name and definition. A party record's
/// sealed personal data and its wrapped data key are encrypted afresh at each write: its blind indexes (the keyed
/// hashes of the name, phone and identity number) stand for them.
/// </summary>
public sealed record Fingerprint(Dictionary<string, string> Events, long EventRows, Dictionary<string, Dictionary<string, int>> Tables, string[] Schema)
{
    // The event store's own tables, the seals (audit verify checks them), the import's bookkeeping and the API's
    // own records (keys, idempotency, access log) are not read models.
    private static readonly string[] NotReadModels =
    [
        "mt_events", "mt_streams", "mt_event_progression", "mt_event_projection_floors", "mt_high_water_skips", "mt_hilo", "event_seal",
        "city_import_chunk", "city_import", "api_key", "idempotent_request", "party_access_log",
    ];

    public static async Task<Fingerprint> Of(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var events = new Dictionary<string, string>();
        long rows = 0;
        await using (var cmd = db.CreateCommand("select id::text, md5((to_jsonb(e) - 'seq_id' - 'timestamp')::text) from gasledger.mt_events e"))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                rows++;
                events[reader.GetString(0)] = reader.GetString(1);
            }

        var tables = new Dictionary<string, Dictionary<string, int>>();
        foreach (var table in await Strings(db, "select table_name from information_schema.tables where table_schema = 'gasledger' " +
                                                "and table_type = 'BASE TABLE' and table_name not like 'wolverine%' and table_name <> all($1)", (object)NotReadModels))
        {
            var row = table == "mt_doc_partyrecord" ? "id::text || ':' || (data - 'sealed' - 'wrappedKey')::text"
                : table.StartsWith("mt_doc_") ? "id::text || ':' || data::text" : "to_jsonb(t)::text";
            var hashes = new Dictionary<string, int>();
            foreach (var hash in await Strings(db, $"select md5({row}) from gasledger.{table} t"))
                hashes[hash] = hashes.GetValueOrDefault(hash) + 1;
            tables[table] = hashes;
        }

        var schema = (await Strings(db, "select 'index ' || indexdef from pg_indexes where schemaname = 'gasledger'"))
            .Concat(await Strings(db, "select 'trigger ' || pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid " +
                                      "join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'gasledger' and not t.tgisinternal"))
            .Concat(await Strings(db, "select 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) from pg_constraint " +
                                      "where connamespace = 'gasledger'::regnamespace"))
            .Order().ToArray();
        return new Fingerprint(events, rows, tables, schema);
    }

    private static async Task<List<string>> Strings(NpgsqlDataSource db, string sql, params object[] parameters)
    {
        var list = new List<string>();
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return list;
    }
}
