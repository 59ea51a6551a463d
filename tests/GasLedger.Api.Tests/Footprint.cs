using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// Everything a request could consume or leave behind: events and the event sequence, stream rows, the account and
/// complaint counters, party records, API keys, idempotency records, access-log entries. A refused request leaves
/// it as it was.
/// </summary>
public sealed record Footprint(long Events, long EventSequence, long Streams, long AccountSerial, long ComplaintSerials, long Parties,
    long ApiKeys, long IdempotencyRecords, long AccessLog)
{
    public static async Task<Footprint> Of(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            select (select count(*) from gasledger.mt_events), (select last_value from gasledger.mt_events_sequence),
                   (select count(*) from gasledger.mt_streams), coalesce((select last_serial from gasledger.account_serial), 0),
                   coalesce((select sum(last_serial) from gasledger.complaint_serial), 0), (select count(*) from gasledger.mt_doc_partyrecord),
                   (select count(*) from gasledger.api_key), (select count(*) from gasledger.idempotent_request),
                   (select count(*) from gasledger.party_access_log)
            """);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Footprint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
    }
}
