using Marten;
using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// The human numbers of R-ACC-3 (accounts) and R-CMP-2 (complaints, by month), drawn from counters in PostgreSQL inside
/// the transaction of the command that takes them: the command's events and the counter commit together or not at all,
/// so a refused, failed or crashed command leaves no gap, and racing requests never get the same number (the counter's
/// row stays locked until the first one's transaction ends).
/// </summary>
public static class RecordNumbers
{
    /// <summary>The next account serial, in <paramref name="session"/>'s transaction (begun here if it has none).</summary>
    public static Task<long> NextAccountSerial(IDocumentSession session, CancellationToken ct) =>
        Draw<long>(session, $"insert into {Storage.Schema}.account_serial (id, last_serial) values (true, 1) " +
            "on conflict (id) do update set last_serial = account_serial.last_serial + 1 returning last_serial", null, ct);

    /// <summary>The month's next complaint serial, in <paramref name="session"/>'s transaction.</summary>
    public static Task<int> NextComplaintSerial(IDocumentSession session, string month, CancellationToken ct) =>
        Draw<int>(session, $"insert into {Storage.Schema}.complaint_serial (month, last_serial) values ($1, 1) " +
            "on conflict (month) do update set last_serial = complaint_serial.last_serial + 1 returning last_serial", month, ct);

    private static async Task<T> Draw<T>(IDocumentSession session, string sql, string? argument, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, session.Connection);
        if (argument is not null) cmd.Parameters.AddWithValue(argument);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// A database made before the account counter was a table drew account numbers from a sequence: at start, the
    /// counter takes its last value and the sequence is dropped (once; then one catalogue query).
    /// </summary>
    public sealed class FromLegacySequence(NpgsqlDataSource db) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            const string sequence = $"{Storage.Schema}.account_number_seq";
            await using (var exists = db.CreateCommand($"select to_regclass('{sequence}') is not null"))
                if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return;
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var move = new NpgsqlCommand(
                $"insert into {Storage.Schema}.account_serial (id, last_serial) select true, last_value from {sequence} where is_called " +
                "on conflict (id) do update set last_serial = greatest(account_serial.last_serial, excluded.last_serial); " +
                $"drop sequence {sequence}", connection, transaction))
                await move.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
