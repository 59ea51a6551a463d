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

    public async Task<int> NextComplaintSerial(string month, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"insert into {Storage.Schema}.complaint_serial (month, last_serial) values ($1, 1) " +
            "on conflict (month) do update set last_serial = complaint_serial.last_serial + 1 returning last_serial");
        cmd.Parameters.AddWithValue(month);
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
