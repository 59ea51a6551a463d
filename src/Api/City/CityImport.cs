using System.Diagnostics;
using System.Threading.Channels;
using GasLedger.Api.Hosting;
using GasLedger.Api.Parties;
using GasLedger.City;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Supply;
using GasLedger.Api.Supply;
using GasLedger.Projections.Rebuild;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;

namespace GasLedger.Api.City;

/// <summary>What an import did, and how fast.</summary>
public sealed record ImportFigures(int Accounts, int AccountsImported, long Events, long Parties, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;
}

/// <summary>
/// 数据迁移 — the bulk import of a generated (or migrated) history: accounts in chunks, each chunk's events through
/// Marten's bulk path (<see cref="IDocumentStore.BulkInsertEventsAsync(IReadOnlyList{StreamAction}, int, CancellationToken)"/>,
/// PostgreSQL binary COPY) and its party records, encrypted by <see cref="PartyVault.Lock"/> as every party is, through
/// the document bulk insert. No decision runs here: the generator already took every event through the API's decisions.
/// <para>
/// Resumable: the table <c>city_import</c> records which city is being imported and <c>city_import_chunk</c> each chunk
/// that is in. A run that finds the same city part-imported imports only the chunks not recorded, after removing
/// whatever a crash left of them; a different city in the table is refused. The generator runs ahead on its own
/// thread into a bounded channel, and <c>writers</c> connections COPY chunks side by side (on two cores, one chunk is
/// serialised while PostgreSQL takes in another), so memory holds a few chunks whatever the city's size.
/// </para>
/// </summary>
public static class CityImport
{
    public const int DefaultChunk = 2_000;

    private sealed record Chunk(int Number, IReadOnlyList<StreamAction> Streams, IReadOnlyList<PartyRecord> Parties, Guid[] AccountIds,
        long Events, IReadOnlyList<InterruptionDelivery> Deliveries);

    public static async Task<ImportFigures> Run(IDocumentStore store, NpgsqlDataSource db, PartyVault vault, CityOptions options,
        ServicePolicy policy, int chunkSize, IProgress<string> progress, CancellationToken ct, int writers = 1)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (done, resumed) = await Begin(db, options, chunkSize, ct);
        // The bulk path checks the events' schema on first use, and would make the key again: checked before it goes.
        await store.BulkInsertEventsAsync([], 1, ct);
        await DropStreamKey(db, ct);
        var chunks = (options.Accounts + chunkSize - 1) / chunkSize;
        if (done.Count > 0) progress.Report($"resuming: {done.Count} of {chunks} chunks already in");

        var serials = new Dictionary<string, int>();
        var channel = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(writers) { SingleWriter = true });
        var generator = new CityGenerator(options, policy);
        var producer = Task.Run(() => Produce(generator, vault, options, policy, chunkSize, done, serials, channel.Writer, ct), ct);

        var clock = Stopwatch.StartNew();
        long events = 0, parties = 0;
        int imported = 0, chunksIn = 0;
        await Parallel.ForEachAsync(channel.Reader.ReadAllAsync(ct),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, writers), CancellationToken = ct },
            async (chunk, token) =>
            {
                if (resumed) await RemovePartial(db, chunk, token);
                // The chunk's party records go in on a second connection while its events are copied: the events'
                // COPY is the import's critical path, and the database has a core to spare beside it.
                await Task.WhenAll(
                    store.BulkInsertEventsAsync(chunk.Streams, 10_000, token),
                    Documents(store, chunk, token));
                await Record(db, chunk.Number, token);
                var total = Interlocked.Add(ref events, chunk.Events);
                Interlocked.Add(ref parties, chunk.Parties.Count);
                var accounts = Interlocked.Add(ref imported, chunk.AccountIds.Length);
                var n = Interlocked.Increment(ref chunksIn);
                var seconds = clock.Elapsed.TotalSeconds;
                progress.Report(
                    $"chunk {n + done.Count}/{chunks}: {accounts:N0} accounts, {total:N0} events, {total / seconds:N0} events/s, " +
                    $"eta {TimeSpan.FromSeconds(seconds / n * (chunks - done.Count - n)):hh\\:mm\\:ss}");
            });
        await producer;
        await Notices(store, db, generator.Interruptions, ct);
        await using (var terms = store.LightweightSession()) // R-SUP-5: the terms the history was supplied on
        {
            terms.Store(generator.GasTerms.ToArray());
            await terms.SaveChangesAsync(ct);
        }
        await Finish(db, options.Accounts, serials, ct);
        // The events' key to their streams, made again from the store's own schema and checked once over the whole table.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new ImportFigures(options.Accounts, imported, events, parties, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The chunk's party records, then each account's part of the interruptions it met (R-SUP-4).</summary>
    private static async Task Documents(IDocumentStore store, Chunk chunk, CancellationToken ct)
    {
        if (chunk.Parties.Count > 0) await store.BulkInsertAsync(chunk.Parties, BulkInsertMode.InsertsOnly, 10_000, ct);
        if (chunk.Deliveries.Count > 0) await store.BulkInsertAsync(chunk.Deliveries, BulkInsertMode.InsertsOnly, 10_000, ct);
    }

    /// <summary>
    /// The interruption notices the accounts' events follow, as the counter recorded them and the durable messages left
    /// them: started at their window, with the accounts they reached (their deliveries), restored when supply came back.
    /// Stored over any earlier run's, so a resumed import writes them once.
    /// </summary>
    private static async Task Notices(IDocumentStore store, NpgsqlDataSource db, IReadOnlyList<CityInterruption> interruptions,
        CancellationToken ct)
    {
        var reached = new Dictionary<Guid, int>();
        await using (var cmd = db.CreateCommand(
            $"select (data ->> 'interruptionId')::uuid, count(*)::int from {Storage.Schema}.mt_doc_interruptiondelivery group by 1"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) reached[reader.GetGuid(0)] = reader.GetInt32(1);
        await using var session = store.LightweightSession();
        foreach (var n in interruptions.Where(n => reached.ContainsKey(n.Id)))
            session.Store(new AreaInterruption
            {
                Id = n.Id, Kind = n.Kind, Area = n.Area, From = n.From, Until = n.Until, Channels = n.Channels,
                NoticeGivenAt = n.NoticeGivenAt, Remarks = n.Remarks, RecordedBy = n.RecordedBy, RecordedAt = n.NoticeGivenAt,
                StartedAt = n.From, Accounts = reached[n.Id], RestoreAt = n.RestoredAt, RestoreReason = n.RestoreReason,
                RestoringSince = n.RestoredAt,
            });
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Generates every account in order; the chunks already imported only advance the complaint serials (the numbers
    /// of the later chunks depend on them), the others go to the importer.
    /// </summary>
    private static async Task Produce(CityGenerator generator, PartyVault vault, CityOptions options, ServicePolicy policy,
        int chunkSize, IReadOnlySet<int> done, Dictionary<string, int> serials, ChannelWriter<Chunk> writer, CancellationToken ct)
    {
        try
        {
            var streams = new List<StreamAction>(chunkSize);
            var parties = new List<PartyRecord>(chunkSize);
            var deliveries = new List<InterruptionDelivery>();
            var ids = new List<Guid>(chunkSize);
            long events = 0;
            var number = 0;
            var appendedAt = DateTimeOffset.UtcNow;
            foreach (var account in generator.Accounts())
            {
                var skip = done.Contains(number);
                foreach (var e in account.Events)
                    if (e.Data is ComplaintFiled filed)
                        serials[ComplaintDecisions.SerialMonth(filed.OccurredAt, policy)] = Math.Max(
                            serials.GetValueOrDefault(ComplaintDecisions.SerialMonth(filed.OccurredAt, policy)),
                            int.Parse(filed.ComplaintNumber.AsSpan(filed.ComplaintNumber.LastIndexOf('-') + 1)));
                if (!skip)
                {
                    streams.Add(Stream(account, options, appendedAt));
                    parties.AddRange(account.Parties.Select(vault.Lock)); // encrypted on the generator's thread: PartyVault
                    ids.Add(account.AccountId);
                    events += account.Events.Count;
                    deliveries.AddRange(Deliveries(account));
                }
                if (account.Index % chunkSize == chunkSize - 1 || account.Index == options.Accounts - 1)
                {
                    if (!skip) await writer.WriteAsync(new Chunk(number, streams, parties, ids.ToArray(), events, deliveries), ct);
                    streams = new List<StreamAction>(chunkSize);
                    parties = new List<PartyRecord>(chunkSize);
                    deliveries = [];
                    ids.Clear();
                    events = 0;
                    number++;
                    appendedAt = DateTimeOffset.UtcNow;
                }
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    /// <summary>An account's row for each interruption that reached it, restored when its restoration came (R-SUP-4).</summary>
    private static IEnumerable<InterruptionDelivery> Deliveries(CityAccount account)
    {
        var rows = new Dictionary<Guid, InterruptionDelivery>();
        foreach (var e in account.Events)
            switch (e.Data)
            {
                case SupplyInterrupted i:
                    rows[i.InterruptionId] = new InterruptionDelivery
                    {
                        Id = InterruptionDelivery.IdOf(i.InterruptionId, account.AccountId), InterruptionId = i.InterruptionId,
                        AccountId = account.AccountId, InterruptedAt = i.OccurredAt,
                    };
                    break;
                case SupplyRestored r:
                    rows[r.InterruptionId] = rows[r.InterruptionId] with { RestoredAt = r.OccurredAt };
                    break;
            }
        return rows.Values;
    }

    /// <summary>
    /// One account's stream as the bulk path takes it: each event with its id, who recorded it, its cause, and when it
    /// was appended (the chunk's time, read once: the bulk path otherwise reads the clock for every event, which a
    /// profile of the import showed at 9 % of its CPU).
    /// </summary>
    private static StreamAction Stream(CityAccount account, CityOptions options, DateTimeOffset appendedAt)
    {
        var events = new IEvent[account.Events.Count];
        var correlation = $"city-{options.Seed}";
        for (var i = 0; i < account.Events.Count; i++)
        {
            var source = account.Events[i];
            var e = events[i] = EventEnvelope.Of(source.Data);
            e.Id = source.Id;
            e.Version = i + 1;
            e.UserName = source.RecordedBy;
            e.CorrelationId = correlation;
            e.CausationId = source.CausationId?.ToString();
            e.Timestamp = appendedAt;
        }
        var action = StreamAction.Start(account.AccountId, events);
        action.AggregateType = typeof(Account);
        action.Version = account.Events.Count;
        return action;
    }

    /// <summary>The chunks already in, and whether an earlier run began this city (only then can a chunk be partly in).</summary>
    private static async Task<(IReadOnlySet<int> Done, bool Resumed)> Begin(NpgsqlDataSource db, CityOptions options, int chunkSize,
        CancellationToken ct)
    {
        await using (var create = db.CreateCommand($"""
            create table if not exists {Storage.Schema}.city_import (
              id int primary key default 1 check (id = 1), seed int not null, accounts int not null, end_date date not null,
              years int not null, chunk_size int not null,
              started_at timestamptz not null default now(), finished_at timestamptz, ready_at timestamptz);
            create table if not exists {Storage.Schema}.city_import_chunk (chunk int primary key, imported_at timestamptz not null default now())
            """))
            await create.ExecuteNonQueryAsync(ct);
        bool resumed;
        await using (var insert = db.CreateCommand(
            $"insert into {Storage.Schema}.city_import (seed, accounts, end_date, years, chunk_size) values ($1, $2, $3, $4, $5) on conflict (id) do nothing"))
        {
            insert.Parameters.AddWithValue(options.Seed);
            insert.Parameters.AddWithValue(options.Accounts);
            insert.Parameters.AddWithValue(options.End);
            insert.Parameters.AddWithValue(options.Years);
            insert.Parameters.AddWithValue(chunkSize);
            resumed = await insert.ExecuteNonQueryAsync(ct) == 0;
        }
        await using var cmd = db.CreateCommand(
            $"select seed, accounts, end_date, years, chunk_size, array(select chunk from {Storage.Schema}.city_import_chunk) from {Storage.Schema}.city_import");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var recorded = new CityOptions
        {
            Seed = reader.GetInt32(0), Accounts = reader.GetInt32(1), End = reader.GetFieldValue<DateOnly>(2), Years = reader.GetInt32(3),
        };
        if (recorded != options || reader.GetInt32(4) != chunkSize)
            throw new InvalidOperationException(
                $"This database holds (part of) another city: seed {recorded.Seed}, {recorded.Accounts} accounts to {recorded.End:yyyy-MM-dd} over {recorded.Years} years, " +
                $"chunks of {reader.GetInt32(4)}. Import into an empty database, or repeat that city's options to resume it.");
        return (reader.GetFieldValue<int[]>(5).ToHashSet(), resumed);
    }

    /// <summary>The city this database holds or is importing, and whether it was made ready (sealed and projected).</summary>
    public static async Task<(CityOptions Options, bool Ready)?> Recorded(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select seed, accounts, end_date, years, ready_at is not null from {Storage.Schema}.city_import");
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            return (new CityOptions { Seed = reader.GetInt32(0), Accounts = reader.GetInt32(1), End = reader.GetFieldValue<DateOnly>(2),
                    Years = reader.GetInt32(3) },
                reader.GetBoolean(4));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }

    public static async Task MarkReady(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"update {Storage.Schema}.city_import set ready_at = coalesce(ready_at, now())");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The events are loaded without their foreign key to the streams, as PostgreSQL advises for a bulk load: checking
    /// it on every row doubled the cost of the events' COPY in the database (1.05 million events: 3.7 s without, 6.5–7.0 s
    /// with it). Each chunk writes its streams before their events; the key is made again, and checked in one pass over
    /// the table, when the import ends, or by the next start of the API (which makes the schema whole) should it stop before.
    /// </summary>
    private static async Task DropStreamKey(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($$"""
            do $$ declare k name; begin
              for k in select conname from pg_constraint where conrelid = '{{Storage.Schema}}.mt_events'::regclass and contype = 'f' loop
                execute format('alter table {{Storage.Schema}}.mt_events drop constraint %I', k);
              end loop;
            end $$
            """);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// What a crash between a chunk's COPY and its record left behind: its streams and parties, removed. Joined to the
    /// ids so each is looked up by its index: <c>= any($1)</c> was planned as a scan of the whole events table.
    /// </summary>
    private static async Task RemovePartial(NpgsqlDataSource db, Chunk chunk, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {Storage.Schema}.mt_events e using unnest($1::uuid[]) s(id) where e.stream_id = s.id")
            { Parameters = { new() { Value = chunk.AccountIds } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {Storage.Schema}.mt_streams e using unnest($1::uuid[]) s(id) where e.id = s.id")
            { Parameters = { new() { Value = chunk.AccountIds } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {Storage.Schema}.mt_doc_partyrecord e using unnest($1::uuid[]) s(id) where e.id = s.id")
            { Parameters = { new() { Value = chunk.Parties.Select(p => p.Id).ToArray() } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"delete from {Storage.Schema}.mt_doc_interruptiondelivery e using unnest($1::uuid[]) s(id) where e.id = s.id")
            { Parameters = { new() { Value = chunk.Deliveries.Select(d => d.Id).ToArray() } } });
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task Record(NpgsqlDataSource db, int chunk, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"insert into {Storage.Schema}.city_import_chunk (chunk) values ($1)");
        cmd.Parameters.AddWithValue(chunk);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The serials continue after the imported city: account numbers (R-ACC-3) and complaint numbers (R-CMP-2).</summary>
    private static async Task Finish(NpgsqlDataSource db, int accounts, Dictionary<string, int> serials, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"insert into {Storage.Schema}.account_serial (id, last_serial) values (true, $1) " +
            "on conflict (id) do update set last_serial = greatest(account_serial.last_serial, excluded.last_serial)")
            { Parameters = { new() { Value = (long)accounts } } });
        foreach (var (month, serial) in serials)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"insert into {Storage.Schema}.complaint_serial (month, last_serial) values ($1, $2) " +
                "on conflict (month) do update set last_serial = greatest(complaint_serial.last_serial, excluded.last_serial)")
                { Parameters = { new() { Value = month }, new() { Value = serial } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"update {Storage.Schema}.city_import set finished_at = coalesce(finished_at, now())"));
        await batch.ExecuteNonQueryAsync(ct);
    }
}
