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

    public sealed record ReadFigures(long Events, double Seconds)
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
        return new ReadFigures(count, clock.Elapsed.TotalSeconds);
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
