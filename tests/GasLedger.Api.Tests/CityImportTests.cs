using GasLedger.Api.City;
using GasLedger.Api.Hosting;
using GasLedger.City;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Projections;
using GasLedger.Projections.Ledgers;
using Marten;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// The bulk import of a generated city (issue 5), into a database of its own on the test server: what the generator
/// yields is what the store holds, an interrupted import resumes without losing or doubling anything, another city is
/// refused, and the rebuilt projections and seals cover every imported event.
/// </summary>
public sealed class CityImportTests : IAsyncLifetime
{
    private const string Database = "gasledger_city_test";
    private static readonly CityOptions TheCity = new() { Seed = 7, Accounts = 240, End = new DateOnly(2026, 10, 31) };
    private readonly ServicePolicy _policy = ServicePolicy.Default;
    private static readonly Parties.PartyVault Vault = new(new Parties.PartyKeys("test", new byte[32], Enumerable.Repeat((byte)7, 32).ToArray()));
    private NpgsqlDataSource _db = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("GASLEDGER_TEST_DB")
            ?? throw new InvalidOperationException("Set GASLEDGER_TEST_DB (./test.sh does)."));
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await using var drop = admin.CreateCommand($"drop database if exists {Database} with (force)");
            await drop.ExecuteNonQueryAsync();
            await using var create = admin.CreateCommand($"create database {Database}");
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Database }.ConnectionString;
        _db = NpgsqlDataSource.Create(connection);
        _store = DocumentStore.For(o =>
        {
            o.Connection(connection);
            o.DatabaseSchemaName = Storage.Schema;
            o.ConfigureGasLedger(_policy);
            o.AddAsyncProjections(() => WorkingCalendar.Official, _policy);
            o.Storage.ExtendedSchemaObjects.AddRange(Storage.Objects());
        });
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task An_imported_city_holds_every_generated_event_resumes_after_a_crash_and_rebuilds()
    {
        var generated = new CityGenerator(TheCity, _policy).Accounts().ToList();
        var expectedEvents = generated.Sum(a => a.Events.Count);
        var progress = new Progress<string>(_ => { });

        // A first run, then a crash simulated after the COPY of chunk 1 but before its record, with half its events lost.
        var first = await CityImport.Run(_store, _db, Vault, TheCity, _policy, 100, progress, CancellationToken.None);
        var finished = DateTimeOffset.UtcNow;
        Assert.Equal(expectedEvents, first.Events);
        // Loaded without the events' key to their streams, which is made again and checked when the import ends.
        Assert.Equal(1, await Count(StreamKeys));
        var chunk1 = generated.Skip(100).Take(100).Select(a => a.AccountId).ToArray();
        await Execute("delete from gasledger.city_import_chunk where chunk = 1");
        await Execute("delete from gasledger.mt_events where stream_id = any($1) and version > 3", chunk1);

        var resumed = await CityImport.Run(_store, _db, Vault, TheCity, _policy, 100, progress, CancellationToken.None);
        var resumedAt = DateTimeOffset.UtcNow;
        Assert.Equal(100, resumed.AccountsImported); // only the chunk not recorded
        Assert.Equal(expectedEvents, await Count("select count(*) from gasledger.mt_events"));
        Assert.Equal(1, await Count(StreamKeys));
        Assert.Equal(TheCity.Accounts, await Count("select count(*) from gasledger.mt_streams"));
        Assert.Equal(generated.Sum(a => a.Parties.Count), await Count("select count(*) from gasledger.mt_doc_partyrecord"));
        Assert.Equal(0, await Count("select count(*) from (select stream_id, version from gasledger.mt_events group by 1, 2 having count(*) > 1) d"));

        // Each stream is exactly the generator's, in order, with its metadata.
        var sample = generated[150];
        await using (var session = _store.QuerySession())
        {
            var stream = await session.Events.FetchStreamAsync(sample.AccountId);
            Assert.Equal(sample.Events.Select(e => e.Id), stream.Select(e => e.Id));
            Assert.Equal(sample.Events.Select(e => e.Data.GetType()), stream.Select(e => e.Data.GetType()));
            Assert.Equal(sample.Events.Select(e => e.RecordedBy), stream.Select(e => e.UserName));
            Assert.Equal(sample.Events.Select(e => e.CausationId?.ToString()), stream.Select(e => e.CausationId));
            // Appended during the import, not at the moment the event happened in the city's history: the sample's
            // chunk is the one the resumed run loads again, whole.
            Assert.All(stream, e => Assert.InRange(e.Timestamp, finished.AddSeconds(-1), resumedAt.AddSeconds(1)));
        }

        // R-SUP-4: each interruption the accounts met is a notice, restored, with one delivery per account it reached,
        // restored as the account's own events say (the resumed chunk's deliveries neither lost nor doubled).
        var interrupted = generated.SelectMany(a => a.Events).Select(e => e.Data).OfType<GasLedger.Domain.Supply.SupplyInterrupted>().ToArray();
        Assert.NotEmpty(interrupted);
        Assert.Equal(interrupted.Select(i => i.InterruptionId).Distinct().Count(), await Count("select count(*) from gasledger.mt_doc_areainterruption"));
        Assert.Equal(interrupted.Length, await Count("select count(*) from gasledger.mt_doc_interruptiondelivery"));
        Assert.Equal(generated.SelectMany(a => a.Events).Count(e => e.Data is GasLedger.Domain.Supply.SupplyRestored),
            await Count("select count(*) from gasledger.mt_doc_interruptiondelivery where data ->> 'restoredAt' is not null"));
        await using (var session = _store.QuerySession())
        {
            var notice = await session.LoadAsync<Supply.AreaInterruption>(interrupted[0].InterruptionId);
            var view = await Supply.InterruptionView.Of(notice!, session, CancellationToken.None);
            Assert.Equal(interrupted.Count(i => i.InterruptionId == notice!.Id), view.Interrupted);
            Assert.Equal(view.Interrupted, (long)view.Accounts!.Value);
            Assert.Equal("restored", view.Status);
        }

        Assert.Equal(2, await Count("select count(*) from gasledger.mt_doc_gasterms"));

        // The serials go on after the city: the next account number is the next serial.
        Assert.Equal(TheCity.Accounts, await Count("select last_serial from gasledger.account_serial"));

        // Another city on the same database is refused, and writes nothing.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CityImport.Run(_store, _db, Vault, TheCity with { Seed = 8 }, _policy, 100, progress, CancellationToken.None));
        Assert.Equal(expectedEvents, await Count("select count(*) from gasledger.mt_events"));

        // Every projection from zero: each account's snapshot is at its stream's version, each application in its ledger.
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var indexes = await Count(DocumentIndexes);
        var rebuilt = await GasLedger.Projections.Rebuild.ProjectionRebuild.Run(_store, _policy, progress);
        Assert.Equal(expectedEvents, rebuilt.Events);
        // Loaded without their secondary indexes, which the rebuild makes again when it ends.
        Assert.Equal(indexes, await Count(DocumentIndexes));
        await using (var session = _store.QuerySession())
        {
            var accounts = await session.Query<Account>().ToListAsync();
            Assert.Equal(TheCity.Accounts, accounts.Count);
            Assert.All(generated, g => Assert.Equal(g.Events.Count, accounts.Single(a => a.Id == g.AccountId).Version));
            Assert.Equal(TheCity.Accounts, await session.Query<ApplicationRow>().CountAsync());
        }

        // Sealed to the last event.
        var last = await Count("select max(seq_id) from gasledger.mt_events");
        var sealedCount = 0;
        for (var tip = 0L; tip < last; tip += 50_000)
            sealedCount += await Audit.EventSealing.SealUpTo(_db, tip + 50_000, CancellationToken.None);
        Assert.Equal(expectedEvents, sealedCount);
    }

    /// <summary>The indexes of the document tables, primary keys among them.</summary>
    private const string DocumentIndexes = "select count(*) from pg_indexes where schemaname = 'gasledger' and tablename like 'mt_doc_%'";

    /// <summary>The events' foreign keys to their streams that PostgreSQL has checked.</summary>
    private const string StreamKeys = "select count(*) from pg_constraint where conrelid = 'gasledger.mt_events'::regclass and contype = 'f' and convalidated";

    private async Task Execute(string sql, params object[] parameters)
    {
        await using var cmd = _db.CreateCommand(sql);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<long> Count(string sql)
    {
        await using var cmd = _db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
