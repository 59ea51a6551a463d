using GasLedger.Api.Hosting;
using GasLedger.Domain.Calendar;
using GasLedger.Projections;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace GasLedger.Api.Audit;

/// <summary>One stored document that does not follow from the events.</summary>
/// <param name="Difference"><c>differs</c>, <c>missing</c> (the replay made it, the stored ledger lacks it) or <c>extra</c>
/// (stored, but no event makes it).</param>
public sealed record Mismatch(string Projection, string Document, string Id, string Difference);

public sealed record ReplayReport(IReadOnlyList<string> Projections, long DocumentsCompared, long MismatchCount,
    IReadOnlyList<Mismatch> Mismatches);

/// <summary>
/// Every ledger and index follows from the events: each projection is replayed from zero into the scratch schema
/// <see cref="Schema"/> and compared document by document with the stored one.
/// <para>
/// How: a second document store on the same database, shaped exactly like the live one
/// (<see cref="GasLedgerHost.ConfigureGasLedger"/>, the same projections and the calendar in force) but with all its tables in the
/// scratch schema, made anew each time. The events up to the checked sequence are copied into it inside PostgreSQL
/// (one <c>insert … select</c>: nothing passes through this process), then its own daemon rebuilds every projection
/// from zero there, and each document table is compared with the live one by a full join on the id, in PostgreSQL,
/// returning only the differences. Copying keeps the scratch store wholly apart: a store whose events table pointed at
/// the live schema would share the live daemon's progress rows and disturb it. The scratch schema is dropped at the
/// end. Compare on a quiet log: an event written during the replay shows as a mismatch until the next run.
/// </para>
/// </summary>
public static class ProjectionReplay
{
    public const string Schema = "gasledger_verify";

    /// <summary>At most this many mismatches are listed; all are counted.</summary>
    public const int ListedMismatches = 1000;

    public static async Task<ReplayReport> Run(string connectionString, NpgsqlDataSource db, ServicePolicy policy, WorkingCalendar calendar,
        long upToSequence, IProgress<string>? progress = null, CancellationToken ct = default, Projections.ProjectionVersions? versions = null)
    {
        await Execute(db, $"drop schema if exists {Schema} cascade", ct);
        try
        {
            using var scratch = DocumentStore.For(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                opts.ConfigureGasLedger(policy).AddAsyncProjections(() => calendar, policy, versions);
            });
            await scratch.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            progress?.Report($"copying the events up to sequence {upToSequence} into the scratch schema {Schema}");
            await Copy(db, "mt_streams", "", ct);
            await Copy(db, "mt_events", $"where seq_id <= {upToSequence}", ct);
            await Execute(db,
                $"select setval('{Schema}.mt_events_sequence', greatest(1, (select coalesce(max(seq_id), 0) from {Schema}.mt_events)))",
                ct);

            var projections = scratch.Options.Projections.All.Select(p => p.Name).Distinct().Order().ToArray();
            using var daemon = await scratch.BuildProjectionDaemonAsync();
            foreach (var name in projections)
            {
                progress?.Report($"replaying {name} from zero");
                await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), ct);
            }

            var mismatches = new List<Mismatch>();
            long compared = 0, mismatchCount = 0;
            foreach (var source in scratch.Options.Projections.All)
            foreach (var type in source.PublishedTypes().Distinct())
            {
                var table = Projections.DocumentTables.Name(scratch, type);
                progress?.Report($"comparing {source.Name} ({type.Name}, {table})");
                compared += await Count(db, table, ct);
                await using var cmd = db.CreateCommand(
                    $"select coalesce(l.id, s.id)::text, case when l.id is null then 'missing' when s.id is null then 'extra' else 'differs' end " +
                    $"from {Storage.Schema}.{table} l full join {Schema}.{table} s on s.id = l.id " +
                    "where l.id is null or s.id is null or l.data <> s.data order by 1");
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    mismatchCount++;
                    if (mismatches.Count < ListedMismatches)
                        mismatches.Add(new Mismatch(source.Name, type.Name, reader.GetString(0), reader.GetString(1)));
                }
            }
            return new ReplayReport(projections, compared, mismatchCount, mismatches);
        }
        finally
        {
            await Execute(db, $"drop schema if exists {Schema} cascade", CancellationToken.None);
        }
    }

    /// <summary>Copies a table of the live schema into the scratch one, by the columns both have.</summary>
    private static async Task Copy(NpgsqlDataSource db, string table, string where, CancellationToken ct)
    {
        await using var cols = db.CreateCommand(
            "select string_agg(quote_ident(column_name), ', ' order by ordinal_position) from information_schema.columns " +
            "where table_schema = $1 and table_name = $2 and is_generated = 'NEVER' " +
            "and column_name in (select column_name from information_schema.columns where table_schema = $3 and table_name = $2)");
        cols.Parameters.AddWithValue(Schema);
        cols.Parameters.AddWithValue(table);
        cols.Parameters.AddWithValue(Storage.Schema);
        var columns = (string)(await cols.ExecuteScalarAsync(ct))!;
        await Execute(db, $"insert into {Schema}.{table} ({columns}) select {columns} from {Storage.Schema}.{table} {where}", ct);
    }

    private static async Task<long> Count(NpgsqlDataSource db, string table, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select count(*) from {Storage.Schema}.{table}");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
