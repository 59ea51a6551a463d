using System.Diagnostics;
using System.Threading.Channels;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.TimeLimits;
using GasLedger.Projections;
using GasLedger.Projections.TimeLimits;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Weasel.Core;

namespace GasLedger.Projections.Rebuild;

/// <summary>
/// Every projection of GasLedger rebuilt from zero, one page of accounts at a time. Each read model is a function of
/// one account's stream, so a page of whole streams is read once (in order of stream id, by the stream index), handed
/// to every projection — the account snapshot and the time limits folded with the code the event store uses, each
/// member of <see cref="GasLedgerProjections.ReadModels"/> handed the page as the daemon hands it a batch (its
/// <c>EnrichEventsAsync</c>, then <c>ApplyAsync</c> event by event), with the page's streams as its reads
/// (<see cref="BatchReads.Whole"/>) — and the last version of each document they store is written with one binary
/// COPY per page. Reading the next page, folding this one and writing the last run
/// side by side. Memory holds three pages, whatever the size of the log.
///
/// The async daemon's rebuild does the same work event by event across the whole log (an upsert each time a row
/// changes, and a read of the batch's streams); this is the offline way for a whole log (after an import, or for an
/// auditor): the API should not be taking commands meanwhile. The events it reads are those up to the log's end when
/// it starts; the daemon's shards are then set there and go on from it.
/// </summary>
public static class StreamRebuild
{
    public const int StreamsPerPage = 1_000;

    /// <summary>
    /// What was rebuilt, and the seconds each stage was busy (the first three run side by side: the busiest sets the
    /// pace; the indexes are made after).
    /// </summary>
    public sealed record Figures(long Events, long Accounts, long Documents, double Seconds, double ReadingSeconds, double FoldingSeconds,
        double WritingSeconds, double IndexingSeconds);

    private sealed record Page(IReadOnlyList<IReadOnlyList<IEvent>> Streams, long Events);

    /// <summary>
    /// The projections a page is folded through, and for each type of event whether the time limits follow it and
    /// which members of ReadModels it is handed to, in their order (worked out once a type, by the one folding task).
    /// </summary>
    private sealed class Folding(TimeLimitProjection timeLimits, EventProjection[] members, SharedReads shared)
    {
        private readonly HashSet<Type> _timed = timeLimits.IncludedEventTypes.ToHashSet();
        private readonly Dictionary<Type, (bool Timed, int[] Members)> _byType = new();

        public TimeLimitProjection TimeLimits => timeLimits;
        public EventProjection[] Members => members;

        /// <summary>The reads the members share: a page's whole streams are handed to them there.</summary>
        public SharedReads Shared => shared;

        public (bool Timed, int[] Members) Of(IEvent e)
        {
            if (!_byType.TryGetValue(e.EventType, out var folds))
                _byType[e.EventType] = folds = (_timed.Contains(e.EventType),
                    Enumerable.Range(0, members.Length).Where(m => members[m].IncludedEventTypes.Contains(e.EventType)).ToArray());
            return folds;
        }
    }

    private static Type[] DocumentTypes(EventProjection[] members) =>
        members.SelectMany(m => m.PublishedTypes()).Append(typeof(Account)).Append(typeof(AccountTimeLimits)).Distinct().ToArray();

    private static string[] Tables(IDocumentStore store, IEnumerable<Type> documentTypes) =>
        documentTypes.Select(t => DocumentTables.Name(store, t)).ToArray();

    /// <summary>
    /// The tables (without schema) of the documents a rebuild writes: every read model's, the account snapshot's and
    /// the time limits'.
    /// </summary>
    public static string[] Tables(IDocumentStore store, ServicePolicy policy) =>
        Tables(store, DocumentTypes(GasLedgerProjections.ReadModelMembers(policy, new SharedReads(), () => Domain.Calendar.WorkingCalendar.Official)));

    public static async Task<Figures> Run(IDocumentStore store, ServicePolicy policy, IProgress<string> progress,
        CancellationToken ct = default)
    {
        var options = ((DocumentStore)store).Options;
        var clock = Stopwatch.StartNew();
        var timeLimits = options.Projections.All.OfType<TimeLimitProjection>().Single();
        var shared = new SharedReads();
        var members = GasLedgerProjections.ReadModelMembers(policy, shared, timeLimits.Calendar);
        var documentTypes = DocumentTypes(members);

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var schema = options.DatabaseSchemaName;
        var ceiling = Convert.ToInt64(await Sql(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct));
        var total = Convert.ToInt64(await Sql(connection, $"select count(*) from {schema}.mt_streams", ct));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // Loaded without their secondary indexes, which are then built once each from the whole table (a sort) instead
        // of row by row. Should the rebuild stop half way, the next start of the API (or of this rebuild) makes them again.
        var tables = Tables(store, documentTypes);
        var indexes = new List<(string Name, string Definition)>();
        await using (var cmd = new Npgsql.NpgsqlCommand(
                         "select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = any($2) " +
                         "and indexname not in (select conname from pg_constraint)", connection))
        {
            cmd.Parameters.AddWithValue(schema);
            cmd.Parameters.AddWithValue(tables);
            await using var rows = await cmd.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) indexes.Add((rows.GetString(0), rows.GetString(1)));
        }
        foreach (var (name, _) in indexes) await Sql(connection, $"drop index {schema}.{name}", ct);
        // The row triggers of the sums PostgreSQL keeps from some of the tables come off as well: the store's initial
        // data puts them back at the end and makes the sums once from the whole tables.
        var triggers = new List<(string Name, string Table)>();
        await using (var cmd = new Npgsql.NpgsqlCommand(
                         "select t.tgname, c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace " +
                         "where n.nspname = $1 and c.relname = any($2) and not t.tgisinternal", connection))
        {
            cmd.Parameters.AddWithValue(schema);
            cmd.Parameters.AddWithValue(tables);
            await using var rows = await cmd.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) triggers.Add((rows.GetString(0), rows.GetString(1)));
        }
        foreach (var (name, table) in triggers) await Sql(connection, $"drop trigger {name} on {schema}.{table}", ct);
        foreach (var type in documentTypes) await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, ct);
        progress.Report($"rebuilding every projection of {total:N0} accounts from zero, {StreamsPerPage:N0} accounts a page");

        var read = Channel.CreateBounded<Page>(1);
        var folds = new Folding(timeLimits, members, shared);
        var folded = Channel.CreateBounded<(IReadOnlyList<object> Documents, long Events, int Accounts)>(1);
        Stopwatch reading = new(), folding = new(), writing = new();
        var reader = Task.Run(() => ReadPages(store, connection, schema, ceiling, read.Writer, reading, ct), ct);
        var folder = Task.Run(async () =>
        {
            try
            {
                await foreach (var page in read.Reader.ReadAllAsync(ct))
                {
                    folding.Start();
                    var documents = await Fold(store, page, folds);
                    folding.Stop();
                    await folded.Writer.WriteAsync((documents, page.Events, page.Streams.Count), ct);
                }
                folded.Writer.Complete();
            }
            catch (Exception e)
            {
                folded.Writer.Complete(e);
                throw;
            }
        }, ct);

        long events = 0, accounts = 0, documents = 0;
        await foreach (var (docs, count, streams) in folded.Reader.ReadAllAsync(ct))
        {
            writing.Start();
            await store.BulkInsertDocumentsAsync(docs, BulkInsertMode.InsertsOnly, 10_000, ct);
            writing.Stop();
            events += count;
            accounts += streams;
            documents += docs.Count;
            progress.Report($"rebuilt {accounts:N0} of {total:N0} accounts: {events:N0} events, {documents:N0} documents ({events / clock.Elapsed.TotalSeconds:N0} events/s)");
        }
        await Task.WhenAll(reader, folder);
        var indexing = Stopwatch.StartNew();
        await BuildIndexes(store, connection, schema, indexes, progress, ct);
        foreach (var data in store.Advanced.InitialDataCollection)
        {
            progress.Report($"initial data: {data.GetType().Name}");
            await data.Populate(store, ct);
        }
        progress.Report($"{indexes.Count} indexes and {triggers.Count} triggers made in {indexing.Elapsed.TotalSeconds:N1} s");

        // The daemon's shards go on from where this rebuild read to.
        foreach (var shard in members.Select(m => new ShardName(m.Name)).Append(new ShardName(GasLedgerProjections.ReadModels))
                     .Append(new ShardName(timeLimits.Name, ShardName.All, timeLimits.Version)))
            await Sql(connection,
                $"insert into {schema}.mt_event_progression (name, last_seq_id, last_updated) values ('{shard.Identity}', {ceiling}, now()) " +
                "on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = now()", ct);
        return new Figures(events, accounts, documents, clock.Elapsed.TotalSeconds, reading.Elapsed.TotalSeconds,
            folding.Elapsed.TotalSeconds, writing.Elapsed.TotalSeconds, indexing.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Pages of whole streams, in order of stream id, each stream's events up to <paramref name="ceiling"/> in version
    /// order.
    /// </summary>
    private static async Task ReadPages(IDocumentStore store, Npgsql.NpgsqlConnection connection, string schema, long ceiling,
        ChannelWriter<Page> pages, Stopwatch busy, CancellationToken ct)
    {
        try
        {
            var serializer = store.Options.Serializer();
            for (var after = Guid.Empty; ;)
            {
                busy.Start();
                var ids = new List<Guid>(StreamsPerPage);
                await using (var cmd = new Npgsql.NpgsqlCommand(
                                 $"select id from {schema}.mt_streams where id > $1 order by id limit {StreamsPerPage}", connection))
                {
                    cmd.Parameters.AddWithValue(after);
                    await using var rows = await cmd.ExecuteReaderAsync(ct);
                    while (await rows.ReadAsync(ct)) ids.Add(rows.GetGuid(0));
                }
                if (ids.Count == 0) break;
                after = ids[^1];
                var streams = new List<IReadOnlyList<IEvent>>(ids.Count);
                await using (var cmd = new Npgsql.NpgsqlCommand(
                                 "select seq_id, id, stream_id, version, type, timestamp, tenant_id, mt_dotnet_type, " +
                                 "correlation_id, causation_id, user_name, data " +
                                 $"from {schema}.mt_events where stream_id = any($1) order by stream_id, version", connection))
                {
                    cmd.Parameters.AddWithValue(ids.ToArray());
                    await using var rows = await cmd.ExecuteReaderAsync(ct);
                    List<IEvent>? stream = null;
                    while (await rows.ReadAsync(ct))
                    {
                        var sequence = rows.GetInt64(0);
                        if (sequence > ceiling) continue; // appended after the rebuild began: the daemon's, after it
                        var e = EventEnvelope.Of(serializer.FromJson(EventType(rows.GetString(7)), rows, 11));
                        e.Sequence = sequence;
                        e.Id = rows.GetGuid(1);
                        e.StreamId = rows.GetGuid(2);
                        e.Version = rows.GetInt64(3);
                        e.EventTypeName = rows.GetString(4);
                        e.Timestamp = rows.GetFieldValue<DateTimeOffset>(5);
                        e.TenantId = rows.GetString(6);
                        e.DotNetTypeName = rows.GetString(7);
                        e.CorrelationId = rows.IsDBNull(8) ? null : rows.GetString(8);
                        e.CausationId = rows.IsDBNull(9) ? null : rows.GetString(9);
                        e.UserName = rows.IsDBNull(10) ? null : rows.GetString(10);
                        if (stream is null || stream[0].StreamId != e.StreamId) streams.Add(stream = []);
                        stream.Add(e);
                    }
                }
                busy.Stop();
                await pages.WriteAsync(new Page(streams, streams.Sum(x => (long)x.Count)), ct);
            }
            pages.Complete();
        }
        catch (Exception e)
        {
            pages.Complete(e);
            throw;
        }
    }

    /// <summary>
    /// The documents a page of streams leaves: each stream's account and time limits, and what every member of
    /// ReadModels stores.
    /// </summary>
    private static async Task<IReadOnlyList<object>> Fold(IDocumentStore store, Page page, Folding folds)
    {
        var documents = new List<object>();
        var members = folds.Members;
        var handed = members.Select(_ => new List<IEvent>()).ToArray();
        foreach (var stream in page.Streams)
        {
            AccountTimeLimits? limits = null;
            foreach (var e in stream)
            {
                var (timed, to) = folds.Of(e);
                if (timed) limits = folds.TimeLimits.Evolve(limits, e.StreamId, e);
                foreach (var m in to) handed[m].Add(e);
            }
            if (stream is not [{ Data: Domain.Applications.ApplicationSubmitted }, ..]) continue;
            documents.Add(AccountFold.Replay(stream.Select(e => (IAccountEvent)e.Data)) with { Version = stream[^1].Version });
            if (limits is not null) documents.Add(limits);
        }

        folds.Shared.Share(BatchReads.Whole(page.Streams));
        // Each member is handed the page as the daemon hands it a batch: enriched first, then event by event.
        await using (var reads = store.QuerySession())
            for (var m = 0; m < members.Length; m++)
                await members[m].EnrichEventsAsync(reads, handed[m], CancellationToken.None);
        var last = new Dictionary<(Type, object), object>();
        foreach (var stream in page.Streams)
        {
            // A session per account: a session's unit of work is not made for a page's tens of thousands of operations.
            await using var session = store.LightweightSession();
            foreach (var e in stream)
                foreach (var m in folds.Of(e).Members)
                    await members[m].ApplyAsync(session, e, CancellationToken.None);
            // A row stored again by a later event of its work replaces the earlier one, as the daemon's upserts would.
            foreach (var doc in session.PendingChanges.Updates().Concat(session.PendingChanges.Inserts()))
                last[(doc.GetType(), IdOf(store, doc))] = doc;
        }
        documents.AddRange(last.Values);
        return documents;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> EventTypes = new();

    private static Type EventType(string dotnetType) =>
        EventTypes.GetOrAdd(dotnetType, name => Type.GetType(name, throwOnError: true)!);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, object>> Ids = new();

    private static object IdOf(IDocumentStore store, object doc) => Ids.GetOrAdd(doc.GetType(), type =>
    {
        var member = ((Marten.Schema.DocumentMapping)((IReadOnlyStoreOptions)((DocumentStore)store).Options)
            .FindOrResolveDocumentType(type)).IdMember;
        return member switch
        {
            System.Reflection.PropertyInfo p => d => p.GetValue(d)!,
            System.Reflection.FieldInfo f => d => f.GetValue(d)!,
            _ => throw new InvalidOperationException($"{type.Name} has no id member"),
        };
    })(doc);

    /// <summary>
    /// The secondary indexes made again, <see cref="IndexBuilders"/> at a time, each on a connection of its own, those of
    /// the largest tables first: a build PostgreSQL does not spread over its parallel workers (a GiST index, an index
    /// over an expression of the JSON) keeps one core busy, and the second connection uses the other.
    /// </summary>
    private static async Task BuildIndexes(IDocumentStore store, Npgsql.NpgsqlConnection connection, string schema,
        List<(string Name, string Definition)> indexes, IProgress<string> progress, CancellationToken ct)
    {
        var sizes = new Dictionary<string, long>();
        await using (var cmd = new Npgsql.NpgsqlCommand(
                         "select c.relname, pg_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
                         "where n.nspname = $1 and c.relkind = 'r'", connection))
        {
            cmd.Parameters.AddWithValue(schema);
            await using var rows = await cmd.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) sizes[rows.GetString(0)] = rows.GetInt64(1);
        }
        long SizeOf(string definition) =>
            sizes.Where(t => definition.Contains($" ON {schema}.{t.Key} ", StringComparison.Ordinal)).Select(t => t.Value).DefaultIfEmpty(0).Max();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(string Name, string Definition)>(
            indexes.OrderByDescending(i => SizeOf(i.Definition)));
        await Task.WhenAll(Enumerable.Range(0, IndexBuilders).Select(async builder =>
        {
            await using var own = builder == 0 ? null : store.Storage.Database.CreateConnection();
            if (own is not null) await own.OpenAsync(ct);
            while (queue.TryDequeue(out var index))
            {
                lock (queue) progress.Report($"indexing: {index.Name}"); // one line at a time, whatever the writer
                await Sql(own ?? connection, index.Definition, ct);
            }
        }));
    }

    /// <summary>How many indexes a rebuild makes at a time: one a core of this machine's two.</summary>
    private const int IndexBuilders = 2;

    private static async Task<object?> Sql(Npgsql.NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new Npgsql.NpgsqlCommand(sql, connection)
            { CommandTimeout = 0 }; // an index over a whole table takes its time
        return await cmd.ExecuteScalarAsync(ct);
    }
}
