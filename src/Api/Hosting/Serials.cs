using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// Hands out the human numbers of R-ACC-3 and R-CMP-2 from PostgreSQL, so they stay unique when requests race and
/// across nodes. They are drawn outside the command's transaction: a refused or failed command leaves a gap, never a
/// duplicate.
/// </summary>
public sealed class Serials(NpgsqlDataSource db)
{
    public async Task<long> NextAccountSerial(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select nextval('{Storage.Schema}.account_number_seq')");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The month's next complaint serial. Its commit does not wait for the disk (<c>synchronous_commit</c> off for this
    /// transaction alone): the complaint that takes the number is committed durably after it, and a durable commit
    /// flushes the log up to itself, this update included. Were the server to stop before that, the number would be
    /// lost with the complaint that had not been written, and drawn again: never two complaints with one number.
    /// </summary>
    public async Task<int> NextComplaintSerial(string month, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var relaxed = new NpgsqlCommand("set local synchronous_commit to off", connection, transaction))
            await relaxed.ExecuteNonQueryAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"insert into {Storage.Schema}.complaint_serial (month, last_serial) values ($1, 1) " +
            "on conflict (month) do update set last_serial = complaint_serial.last_serial + 1 returning last_serial", connection, transaction);
        cmd.Parameters.AddWithValue(month);
        var serial = (int)(await cmd.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);
        return serial;
    }
}
