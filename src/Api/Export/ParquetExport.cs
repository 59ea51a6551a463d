using System.Diagnostics;
using System.Text.Json;
using GasLedger.Api.Hosting;
using GasLedger.Projections;
using GasLedger.Projections.Classification;
using GasLedger.Projections.Inspections;
using Marten;
using Npgsql;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace GasLedger.Api.Export;

/// <summary>
/// Data out to analysts' own tools (issue 19): Apache Parquet files that DuckDB, pandas, Spark or Excel's Power Query
/// read. One file of the events — a row an event: sequence, account number, type, business and recorded time (UTC),
/// district, category, and the event's data as JSON, masked as the history answers it (events hold no personal data,
/// R-ACC-4; the application's address to the building) — and one of each analytic read model: the classification's
/// periods and its per-day changes, the inspection schedules' periods, and the running sums of the satisfaction index,
/// the complaints, the movements and the gas volumes. Rows are read from the database as they come and written a row
/// group at a time, so memory stays flat whatever the size of the log.
/// </summary>
public static class ParquetExport
{
    /// <summary>Rows per row group: the memory the export holds at once, column by column.</summary>
    public const int RowGroup = 25_000;

    public sealed record FileFigures(string File, long Rows, long Bytes);

    public sealed record Figures(IReadOnlyList<FileFigures> Files, double Seconds)
    {
        public long Rows => Files.Sum(f => f.Rows);
        public long Bytes => Files.Sum(f => f.Bytes);
    }

    /// <summary>An enumeration column as the API writes it (camelCase, <c>residential</c>), not as it is stored (<c>Residential</c>).</summary>
    private static string Wire(string column) => $"lower(left({column}, 1)) || substr({column}, 2) as {column}";

    /// <summary>The files and the SQL of each read model's rows (every column a plain value).</summary>
    private static IEnumerable<(string File, string Sql)> ReadModels(IDocumentStore store)
    {
        var lasting = AccountClassPeriod.Lasting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        yield return ("class_periods.parquet", $"""
            select account_id::text as account_id, number as account_number, district, {Wire("category")}, tier, {Wire("stage")},
                   {Wire("service_level")}, "from", nullif(until, '{lasting}'::date) as until
            from {DocumentTables.Of<AccountClassPeriod>(store)} order by number, "from"
            """);
        yield return ("inspection_due_periods.parquet", $"""
            select account_id::text as account_id, number as account_number, district, public_service, "from",
                   nullif(until, '{lasting}'::date) as until, next_due, last_inspected
            from {DocumentTables.Of<InspectionDuePeriod>(store)} order by number, "from"
            """);
        yield return ("class_changes_by_day.parquet", $"""
            select day, district, {Wire("category")}, tier, {Wire("stage")}, {Wire("service_level")}, accounts
            from {RunningSums.ClassChangeDay} where accounts <> 0 order by day
            """);
        yield return ("satisfaction_by_day.parquet", $"""
            select day, nullif(district, '') as district, {Wire("stage")}, nullif(staff, '') as staff, {Wire("source")}, observations, score_total
            from {RunningSums.SatisfactionDaySum} where observations <> 0 order by day
            """);
        yield return ("complaints_by_day.parquet", $"""
            select day, district, {Wire("account_category")}, {Wire("category")}, {Wire("channel")}, complaints, replied, replied_in_time,
                   decided_in_time, reopened, repeats
            from {RunningSums.ComplaintDaySum} where complaints <> 0 order by day
            """);
        yield return ("movements_by_month.parquet",
            $"select month, district, {Wire("category")}, {Wire("kind")}, accounts from {RunningSums.MovementMonthSum} where accounts <> 0 order by month");
        yield return ("gas_volume_by_month.parquet",
            $"select month, district, {Wire("category")}, volume_m3 from {RunningSums.VolumeMonthSum} where volume_m3 <> 0 order by month");
    }

    /// <summary>
    /// Writes the files into <paramref name="directory"/>; the events only those whose business day is in
    /// <paramref name="from"/>..<paramref name="until"/> when given (the read models whole).
    /// </summary>
    public static async Task<Figures> Run(IDocumentStore store, NpgsqlDataSource db, ServicePolicy policy, string directory, DateOnly? from,
        DateOnly? until, IProgress<string> progress, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var clock = Stopwatch.StartNew();
        var files = new List<FileFigures> { await Events(store, db, policy, Path.Combine(directory, "events.parquet"), from, until, progress, ct) };
        foreach (var (file, sql) in ReadModels(store))
        {
            await using var cmd = db.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            files.Add(await Write(Path.Combine(directory, file), reader, progress, ct));
        }
        return new Figures(files, clock.Elapsed.TotalSeconds);
    }

    private static async Task<FileFigures> Events(IDocumentStore store, NpgsqlDataSource db, ServicePolicy policy, string path, DateOnly? from,
        DateOnly? until, IProgress<string> progress, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var schema = store.Options.DatabaseSchemaName;
        // The account's number, district and category from its snapshot, joined in the database: nothing per account is
        // kept here. The period by business time (the data's occurredAt), in the company's time zone.
        await using var cmd = db.CreateCommand($"""
            select e.seq_id, a.data ->> 'number', e.type, e.mt_dotnet_type, e.timestamp, a.data -> 'address' ->> 'district',
                   a.data ->> 'category', e.data
            from {schema}.mt_events e left join {DocumentTables.Of<GasLedger.Domain.Accounts.Account>(store)} a on a.id = e.stream_id
            where ($1::date is null or (e.data ->> 'occurredAt')::timestamptz >= $1::date::timestamp at time zone $3)
              and ($2::date is null or (e.data ->> 'occurredAt')::timestamptz < ($2::date + 1)::timestamp at time zone $3)
            order by e.seq_id
            """);
        cmd.CommandTimeout = 0;
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)until ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        cmd.Parameters.AddWithValue(policy.TimeZoneId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        (string, Type)[] named =
        [
            ("sequence", typeof(long)), ("account_number", typeof(string)), ("type", typeof(string)), ("occurred_at", typeof(DateTime)),
            ("recorded_at", typeof(DateTime)), ("district", typeof(string)), ("category", typeof(string)), ("data", typeof(string)),
        ];
        var fields = named.Select(f => Field(f.Item1, f.Item2)).ToArray();
        var columns = new Buffer(fields, named.Select(f => f.Item2).ToArray());
        var types = new Dictionary<string, Type>();
        return await WriteRows(path, fields, columns, async () =>
        {
            if (!await reader.ReadAsync(ct)) return false;
            var dotnet = reader.GetString(3);
            if (!types.TryGetValue(dotnet, out var type)) types[dotnet] = type = Type.GetType(dotnet, throwOnError: true)!;
            var data = serializer.FromJson(type, reader, 7);
            columns.Add(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                (data as GasLedger.Domain.Accounts.IAccountEvent)?.OccurredAt.UtcDateTime, reader.GetFieldValue<DateTimeOffset>(4).UtcDateTime,
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                JsonSerializer.Serialize(Accounts.GetHistoryEndpoint.Masked(data), GasLedgerHost.JsonOptions));
            return true;
        }, progress, ct);
    }

    /// <summary>A read model's rows as they come from <paramref name="reader"/>, its columns typed from the database's.</summary>
    private static async Task<FileFigures> Write(string path, NpgsqlDataReader reader, IProgress<string> progress, CancellationToken ct)
    {
        var types = Enumerable.Range(0, reader.FieldCount)
            .Select(i => reader.GetDataTypeName(i) == "date" ? typeof(DateOnly) : reader.GetFieldType(i)).ToArray();
        var fields = types.Select((type, i) => Field(reader.GetName(i), type)).ToArray();
        var columns = new Buffer(fields, types);
        var values = new object?[reader.FieldCount];
        return await WriteRows(path, fields, columns, async () =>
        {
            if (!await reader.ReadAsync(ct)) return false;
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.IsDBNull(i) ? null : reader.GetFieldType(i) == typeof(DateTime) ? reader.GetFieldValue<DateTimeOffset>(i).UtcDateTime
                    : reader.GetDataTypeName(i) == "date" ? reader.GetFieldValue<DateOnly>(i) : reader.GetValue(i);
            columns.Add(values);
            return true;
        }, progress, ct);
    }

    private static DataField Field(string name, Type type) => type switch
    {
        _ when type == typeof(string) => new DataField<string>(name),
        _ when type == typeof(int) => new DataField<int?>(name),
        _ when type == typeof(long) => new DataField<long?>(name),
        _ when type == typeof(decimal) => new DataField<decimal?>(name),
        _ when type == typeof(bool) => new DataField<bool?>(name),
        _ when type == typeof(DateTime) => new DataField<DateTime?>(name),
        _ when type == typeof(DateOnly) => new DataField<DateOnly?>(name),
        _ => throw new NotSupportedException($"column {name}: {type.Name} has no Parquet type here"),
    };

    private static async Task<FileFigures> WriteRows(string path, DataField[] fields, Buffer columns, Func<Task<bool>> next,
        IProgress<string> progress, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        long rows = 0;
        var sinceReport = Stopwatch.StartNew(); // a progress line every few seconds, and one when the file is written
        await using (var file = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file,
                         new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct))
        {
            async Task Flush()
            {
                if (columns.Count == 0) return;
                using var group = writer.CreateRowGroup();
                await columns.Write(group, ct);
                rows += columns.Count;
                columns.Clear();
                if (sinceReport.Elapsed < TimeSpan.FromSeconds(3)) return;
                progress.Report($"{name}: {rows:N0} rows");
                sinceReport.Restart();
            }
            while (await next())
                if (columns.Count == RowGroup) await Flush();
            await Flush();
        }
        progress.Report($"{name}: {rows:N0} rows, written");
        return new FileFigures(name, rows, new FileInfo(path).Length);
    }

    /// <summary>One row group's values, column by column, as the typed lists Parquet.Net writes.</summary>
    private sealed class Buffer(DataField[] fields, Type[] types)
    {
        private readonly Column[] _columns = types.Select(Column.For).ToArray();

        public int Count { get; private set; }

        public void Add(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) _columns[i].Add(values[i]);
            Count++;
        }

        public async Task Write(ParquetRowGroupWriter group, CancellationToken ct)
        {
            for (var i = 0; i < fields.Length; i++) await _columns[i].Write(group, fields[i], ct);
        }

        public void Clear()
        {
            foreach (var column in _columns) column.Clear();
            Count = 0;
        }
    }

    private abstract class Column
    {
        public abstract void Add(object? value);
        public abstract Task Write(ParquetRowGroupWriter group, DataField field, CancellationToken ct);
        public abstract void Clear();

        public static Column For(Type type)
        {
            if (type == typeof(string)) return new Text();
            if (type == typeof(long)) return new Values<long>();
            if (type == typeof(int)) return new Values<int>();
            if (type == typeof(decimal)) return new Values<decimal>();
            if (type == typeof(bool)) return new Values<bool>();
            if (type == typeof(DateTime)) return new Values<DateTime>();
            if (type == typeof(DateOnly)) return new Values<DateOnly>();
            throw new NotSupportedException($"{type.Name} has no Parquet column here");
        }
    }

    private sealed class Values<T> : Column where T : struct
    {
        private readonly List<T?> _values = new(RowGroup);
        public override void Add(object? value) => _values.Add((T?)value);
        public override Task Write(ParquetRowGroupWriter group, DataField field, CancellationToken ct) =>
            group.WriteAsync<T>(field, new ReadOnlyMemory<T?>(_values.ToArray()), null, null, ct);
        public override void Clear() => _values.Clear();
    }

    private sealed class Text : Column
    {
        private readonly List<string?> _values = new(RowGroup);
        public override void Add(object? value) => _values.Add((string?)value);
        public override Task Write(ParquetRowGroupWriter group, DataField field, CancellationToken ct) => group.WriteAsync(field, _values!, null);
        public override void Clear() => _values.Clear();
    }
}
