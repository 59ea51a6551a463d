using System.Data;
using System.Diagnostics;
using Marten;
using Npgsql;

namespace GasLedger.Bench;

/// <summary>The physical limits: what PostgreSQL and a bare reader do with the same rows, no GasLedger in between.</summary>
public static class Raw
{
    public sealed record CopyFigures(long Rows, double Seconds, long Bytes)
    {
        public double RowsPerSecond => Rows / Seconds;
    }

    /// <summary>
    /// The events table's rows (the first <paramref name="limit"/> by sequence), exported once in PostgreSQL's binary
    /// COPY format to a file, then timed: binary COPY of that file into an empty copy of the events table (same columns,
    /// defaults and indexes: <c>LIKE … INCLUDING ALL</c>).
    /// </summary>
    public static async Task<CopyFigures> Copy(NpgsqlDataSource db, string file, long limit)
    {
        await using var conn = await db.OpenConnectionAsync();
        await Execute(conn, "drop table if exists public.bench_events_copy; create table public.bench_events_copy (like gasledger.mt_events including all)");
        await using (var output = File.Create(file))
        await using (var export = await conn.BeginRawBinaryCopyAsync(
                         $"copy (select * from gasledger.mt_events where seq_id <= (select coalesce(max(seq_id), 0) from (select seq_id from gasledger.mt_events order by seq_id limit {limit}) s) order by seq_id) to stdout (format binary)"))
            await export.CopyToAsync(output);
        var bytes = new FileInfo(file).Length;
        var clock = Stopwatch.StartNew();
        await using (var input = File.OpenRead(file))
        await using (var import = await conn.BeginRawBinaryCopyAsync("copy public.bench_events_copy from stdin (format binary)"))
            await input.CopyToAsync(import);
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = await Scalar(conn, "select count(*) from public.bench_events_copy");
        await Execute(conn, "drop table public.bench_events_copy");
        File.Delete(file);
        return new CopyFigures(rows, seconds, bytes);
    }

    public sealed record ReadFigures(long Events, double Seconds, double CpuSeconds)
    {
        public double EventsPerSecond => Events / Seconds;
    }

    /// <summary>Every event in sequence order, each deserialised to its type by Marten's own serializer: one pass.</summary>
    public static async Task<ReadFigures> ReadAll(NpgsqlDataSource db, IDocumentStore store)
    {
        var serializer = store.Options.Serializer();
        var types = new Dictionary<string, Type>();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand("select mt_dotnet_type, data from gasledger.mt_events order by seq_id", conn, tx);
        var cpu = MachineCpu.Now();
        var clock = Stopwatch.StartNew();
        long count = 0;
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                if (!types.TryGetValue(name, out var type)) types[name] = type = Type.GetType(name, throwOnError: true)!;
                if (serializer.FromJson(type, reader, 1) is null) throw new InvalidOperationException("null event");
                count++;
            }
        return new ReadFigures(count, clock.Elapsed.TotalSeconds, MachineCpu.Now() - cpu);
    }

    /// <summary>What PostgreSQL alone takes to store a sample of a table's documents: COPY, then its secondary indexes.</summary>
    public sealed record DocumentTableFloor(string Table, long Documents, long Sampled, double CopySeconds, double IndexSeconds);

    public sealed record FloorFigures(long Documents, long Sampled, long Bytes, double CopySeconds, double CopyCpuSeconds, double IndexSeconds,
        double IndexCpuSeconds, DocumentTableFloor[] Tables)
    {
        private double Scale => (double)Documents / Sampled;
        public double DocumentsPerSecond => Sampled / CopySeconds;

        /// <summary>Every document's COPY and index build at the sample's rates.</summary>
        public double Seconds => (CopySeconds + IndexSeconds) * Scale;

        public double CpuSeconds => (CopyCpuSeconds + IndexCpuSeconds) * Scale;
    }

    /// <summary>
    /// The floor of a rebuild's writing, what no rebuild's code can go under: the documents the rebuild wrote (its
    /// tables, sampled in proportion to their rows, <paramref name="limit"/> in all, in the order the rebuild wrote
    /// them), exported in PostgreSQL's binary COPY format, then timed as a rebuild loads them — binary COPY into
    /// empty copies of the tables with their primary keys, one connection, then each table's secondary indexes made.
    /// The machine's CPU time is taken too (<see cref="MachineCpu"/>): PostgreSQL's backend, its log writer and the
    /// kernel, on a machine running nothing else.
    /// </summary>
    public static async Task<FloorFigures> DocumentsFloor(NpgsqlDataSource db, IEnumerable<string> documentTables, long limit)
    {
        await using var conn = await db.OpenConnectionAsync();
        var tables = new List<(string Name, long Rows)>();
        foreach (var name in documentTables.Order(StringComparer.Ordinal)) tables.Add((name, await Scalar(conn, $"select count(*) from gasledger.{name}")));
        var documents = tables.Sum(t => t.Rows);
        if (documents == 0) throw new InvalidOperationException("No documents: run the rebuild first.");
        var fraction = Math.Min(1.0, (double)limit / documents);

        // The samples in memory (a stream a table), so the timed COPY reads no file.
        var samples = new List<(string Name, long Rows, long Sampled, MemoryStream Data, string[] Indexes)>();
        foreach (var (name, rows) in tables.Where(t => t.Rows > 0))
        {
            var take = (long)Math.Ceiling(rows * fraction);
            var data = new MemoryStream();
            await using (var export = await conn.BeginRawBinaryCopyAsync($"copy (select * from gasledger.{name} limit {take}) to stdout (format binary)"))
                await export.CopyToAsync(data);
            data.Position = 0;
            var indexes = new List<string>();
            // The indexes the rebuild drops and makes after its load: those that are not a constraint's (its key).
            await using (var cmd = new NpgsqlCommand(
                             "select indexdef from pg_indexes where schemaname = 'gasledger' and tablename = $1 and indexname not in (select conname from pg_constraint)", conn))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = name });
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) indexes.Add(reader.GetString(0).Replace($" ON gasledger.{name} ", $" ON public.bench_floor_{name} "));
            }
            await Execute(conn, $"drop table if exists public.bench_floor_{name}; create table public.bench_floor_{name} (like gasledger.{name} including defaults); " +
                                $"alter table public.bench_floor_{name} add primary key (id)");
            samples.Add((name, rows, take, data, indexes.ToArray()));
        }
        await Execute(conn, "checkpoint");

        var perTable = new Dictionary<string, (double Copy, double Index)>();
        var cpu = MachineCpu.Now();
        var all = Stopwatch.StartNew();
        foreach (var s in samples)
        {
            var clock = Stopwatch.StartNew();
            await using (var import = await conn.BeginRawBinaryCopyAsync($"copy public.bench_floor_{s.Name} from stdin (format binary)"))
                await s.Data.CopyToAsync(import);
            perTable[s.Name] = (clock.Elapsed.TotalSeconds, 0);
        }
        var copySeconds = all.Elapsed.TotalSeconds;
        var copyCpu = MachineCpu.Now() - cpu;

        cpu = MachineCpu.Now();
        all.Restart();
        foreach (var s in samples)
        {
            var clock = Stopwatch.StartNew();
            foreach (var index in s.Indexes) await Execute(conn, index);
            perTable[s.Name] = (perTable[s.Name].Copy, clock.Elapsed.TotalSeconds);
        }
        var indexSeconds = all.Elapsed.TotalSeconds;
        var indexCpu = MachineCpu.Now() - cpu;

        var sampled = await Scalar(conn, "select " + string.Join(" + ", samples.Select(s => $"(select count(*) from public.bench_floor_{s.Name})")));
        if (sampled != samples.Sum(s => s.Sampled)) throw new InvalidOperationException($"The floor's copies hold {sampled:N0} documents, not {samples.Sum(s => s.Sampled):N0}.");
        var bytes = samples.Sum(s => s.Data.Length);
        foreach (var s in samples)
        {
            await Execute(conn, $"drop table public.bench_floor_{s.Name}");
            await s.Data.DisposeAsync();
        }
        return new FloorFigures(documents, sampled, bytes, copySeconds, copyCpu, indexSeconds, indexCpu,
            samples.Select(s => new DocumentTableFloor(s.Name, s.Rows, s.Sampled, perTable[s.Name].Copy, perTable[s.Name].Index)).ToArray());
    }

    /// <summary>The database's own counters at one moment: blocks read from disk (not found in shared buffers) by table,
    /// indexes and TOAST included, and the write-ahead log written.</summary>
    public sealed record Activity(Dictionary<string, (long Read, long Hit)> Tables, long WalRecords, long WalFullPages, long WalBytes)
    {
        /// <summary>What happened between two moments, per command: the tables most read from disk first.</summary>
        public static object Between(Activity before, Activity after, int commands)
        {
            var tables = after.Tables
                .Select(t => (Name: t.Key, Read: t.Value.Read - before.Tables.GetValueOrDefault(t.Key).Read, Hit: t.Value.Hit - before.Tables.GetValueOrDefault(t.Key).Hit))
                .Where(t => t.Read > 0).OrderByDescending(t => t.Read).Take(12)
                .Select(t => new { table = t.Name, blocksReadFromDisk = t.Read, blocksFoundInMemory = t.Hit, readPerCommand = (double)t.Read / commands })
                .ToArray();
            return new
            {
                commands,
                blocksReadFromDiskPerCommand = (double)(after.Tables.Values.Sum(t => t.Read) - before.Tables.Values.Sum(t => t.Read)) / commands,
                walBytesPerCommand = (double)(after.WalBytes - before.WalBytes) / commands,
                walRecordsPerCommand = (double)(after.WalRecords - before.WalRecords) / commands,
                walFullPageImagesPerCommand = (double)(after.WalFullPages - before.WalFullPages) / commands,
                tablesMostReadFromDisk = tables,
            };
        }
    }

    public static async Task<Activity> DatabaseActivity(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var tables = new Dictionary<string, (long, long)>();
        await using (var cmd = new NpgsqlCommand(
                         "select relname, coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0) + coalesce(tidx_blks_read, 0), " +
                         "coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) + coalesce(toast_blks_hit, 0) + coalesce(tidx_blks_hit, 0) from pg_statio_user_tables", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        await using var wal = new NpgsqlCommand("select wal_records, wal_fpi, wal_bytes::bigint from pg_stat_wal", conn);
        await using var w = await wal.ExecuteReaderAsync();
        await w.ReadAsync();
        return new Activity(tables, w.GetInt64(0), w.GetInt64(1), w.GetInt64(2));
    }

    /// <summary>Starts pg_stat_statements afresh (the bench cluster preloads it); false where it is not loaded.</summary>
    public static async Task<bool> StatementsReset(NpgsqlDataSource db)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync();
            await Execute(conn, "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <summary>
    /// The statements that read most blocks from disk since <see cref="StatementsReset"/>, and those that wrote most of
    /// the log: per call, what each read from disk (and the time it waited for it) and what it wrote.
    /// </summary>
    public static async Task<object> Statements(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        async Task<object[]> Top(string order)
        {
            await using var cmd = new NpgsqlCommand(
                "select left(regexp_replace(query, '\\s+', ' ', 'g'), 2000), calls, shared_blks_read, blk_read_time, total_exec_time, wal_bytes::bigint, wal_fpi " +
                $"from pg_stat_statements where calls > 0 and dbid = (select oid from pg_database where datname = current_database()) order by {order} desc limit 10", conn);
            var rows = new List<object>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var calls = reader.GetInt64(1);
                rows.Add(new
                {
                    query = reader.GetString(0), calls,
                    blocksReadFromDiskPerCall = (double)reader.GetInt64(2) / calls, readWaitMsPerCall = reader.GetDouble(3) / calls,
                    msPerCall = reader.GetDouble(4) / calls, walBytesPerCall = (double)reader.GetInt64(5) / calls, fullPageImagesPerCall = (double)reader.GetInt64(6) / calls,
                });
            }
            return rows.ToArray();
        }
        return new { mostReadFromDisk = await Top("shared_blks_read"), mostLogWritten = await Top("wal_bytes") };
    }

    public static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<long> Scalar(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.CommandTimeout = 0;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}

/// <summary>
/// The whole machine's busy CPU time (every core: user, nice, system, interrupts; not idle or waiting for the disk), in
/// seconds, from Linux's <c>/proc/stat</c>; NaN elsewhere. On a machine running nothing else, the difference over a
/// step is what the step cost in CPU, the database server's processes included.
/// </summary>
public static class MachineCpu
{
    public static double Now()
    {
        if (!File.Exists("/proc/stat")) return double.NaN;
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal …: busy = all of the first eight but idle and iowait.
        var busy = ticks.Take(8).Sum() - ticks[3] - ticks[4];
        return busy / 100.0; // USER_HZ
    }
}
