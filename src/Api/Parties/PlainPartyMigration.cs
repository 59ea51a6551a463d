using System.Text.Json.Serialization;
using System.Text.Json;
using GasLedger.Api.Hosting;
using GasLedger.Domain.Parties;
using Marten;
using Npgsql;

namespace GasLedger.Api.Parties;

/// <summary>
/// A database written before party records were encrypted holds them in clear in <c>mt_doc_party</c>. At start, this
/// locks every one of them through <see cref="PartyVault.Lock"/> into <see cref="PartyRecord"/>s (same ids), then drops
/// the plain table and its functions. Safe to repeat after a crash: records are stored by id, and the plain table goes
/// only once all are in. On a database without that table it does nothing (one catalogue query).
/// </summary>
public sealed class PlainPartyMigration(IServiceProvider services, ILogger<PlainPartyMigration> log) : IHostedService
{
    public const string PlainTable = $"{Storage.Schema}.mt_doc_party";

    /// <summary>How Marten stored a <see cref="Party"/>: camelCase names, enumerations by name.</summary>
    private static readonly JsonSerializerOptions Stored =
        new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task StartAsync(CancellationToken ct)
    {
        // The vault (and so the master key) is asked for only when there is something to encrypt.
        var moved = await Run(services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NpgsqlDataSource>(),
            () => services.GetRequiredService<PartyVault>(), ct);
        if (moved > 0)
            log.LogWarning("Encrypted {Count} party records an earlier version kept in clear; dropped {Table}.", moved, PlainTable);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static async Task<int> Run(IDocumentStore store, NpgsqlDataSource db, Func<PartyVault> vaultOf, CancellationToken ct,
        int batch = 2_000)
    {
        await using (var exists = db.CreateCommand($"select to_regclass('{PlainTable}') is not null"))
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return 0;
        var vault = vaultOf();

        var moved = 0;
        var records = new List<PartyRecord>(batch);
        async Task Flush()
        {
            if (records.Count == 0) return;
            await using var session = store.LightweightSession();
            session.Store(records.ToArray());
            await session.SaveChangesAsync(ct);
            moved += records.Count;
            records.Clear();
        }

        await using (var read = db.CreateCommand($"select data::text from {PlainTable}"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                records.Add(vault.Lock(JsonSerializer.Deserialize<Party>(reader.GetString(0), Stored)!));
                if (records.Count == batch) await Flush();
            }
        await Flush();

        await using var drop = db.CreateBatch();
        drop.BatchCommands.Add(new NpgsqlBatchCommand($"drop table {PlainTable} cascade"));
        drop.BatchCommands.Add(new NpgsqlBatchCommand($$"""
            do $$ declare f record; begin
              for f in select p.oid::regprocedure as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                       where n.nspname = '{{Storage.Schema}}' and p.proname in ('mt_upsert_party', 'mt_insert_party', 'mt_update_party', 'mt_overwrite_party')
              loop execute 'drop function ' || f.signature; end loop;
            end $$
            """));
        await drop.ExecuteNonQueryAsync(ct);
        return moved;
    }
}
