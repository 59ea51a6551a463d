using GasLedger.Api.Audit;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// The auditor's proofs on the real database: the seals name exactly the event that was changed behind the API's back
/// (its data, type, recorded time, or its removal), and hold on an untouched log. Every tampering happens in a
/// transaction that is rolled back, so the shared database is left as it was.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTests(GasLedgerApp app)
{
    [Fact]
    public async Task Every_event_is_sealed_and_an_untouched_log_verifies()
    {
        await new Lifecycle(app).Active();
        await app.WaitForProjections();

        var report = await SealCheck.Run(app.Database);

        Assert.True(report.SealsValid, $"broken at {report.FirstBrokenSequence}: {report.FirstBrokenReason}");
        Assert.Equal(0, report.BrokenSeals);
        Assert.Equal(0, report.EventsNotYetSealed);
        Assert.Equal(await app.EventCount(), report.EventsChecked);
        await using var max = app.Database.CreateCommand("select max(seq_id) from gasledger.mt_events");
        Assert.Equal((long)(await max.ExecuteScalarAsync())!, report.Checkpoint!.Sequence);
        Assert.Equal(64, report.Checkpoint.Seal.Length);
    }

    public static TheoryData<string, string> Tamperings => new()
    {
        { "one byte of the data", "update gasledger.mt_events set data = @data::jsonb where seq_id = @seq" },
        { "the type", "update gasledger.mt_events set type = type || 'x' where seq_id = @seq" },
        { "the recorded time", "update gasledger.mt_events set timestamp = timestamp + interval '1 microsecond' where seq_id = @seq" },
        { "the business time", "update gasledger.mt_events set data = jsonb_set(data, '{occurredAt}', to_jsonb('2026-09-01T09:20:01+08:00'::text)) where seq_id = @seq" },
        { "deleted", "delete from gasledger.mt_events where seq_id = @seq" },
    };

    [Theory, MemberData(nameof(Tamperings))]
    public async Task A_changed_or_deleted_event_breaks_exactly_its_own_sequence(string what, string tampering)
    {
        var account = await new Lifecycle(app).Active();
        await new Lifecycle(app).Active(); // events after the tampered one, still checked against their own seals
        await app.WaitForProjections();
        var (sequence, data) = await EventAt(account.AccountId, version: 2);

        await using var connection = await app.Database.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using (var tamper = new NpgsqlCommand(tampering, connection, tx))
        {
            tamper.Parameters.AddWithValue("seq", sequence);
            tamper.Parameters.AddWithValue("data", OneByteChanged(data));
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }
        var report = await SealCheck.Run(connection, tx);
        await tx.RollbackAsync();

        Assert.False(report.SealsValid, what);
        Assert.Equal(sequence, report.FirstBrokenSequence);
        Assert.Equal(1, report.BrokenSeals);
        Assert.True((await SealCheck.Run(app.Database)).SealsValid, "rolled back, the log verifies again");
    }

    [Fact]
    public async Task Seals_are_append_only()
    {
        await new Lifecycle(app).Applied();
        await app.WaitForProjections();
        foreach (var change in new[] { "update gasledger.event_seal set seal = digest", "delete from gasledger.event_seal", "truncate gasledger.event_seal" })
        {
            await using var cmd = app.Database.CreateCommand(change);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText);
        }
    }

    private async Task<(long Sequence, string Data)> EventAt(Guid stream, long version)
    {
        await using var cmd = app.Database.CreateCommand("select seq_id, data::text from gasledger.mt_events where stream_id = $1 and version = $2");
        cmd.Parameters.AddWithValue(stream);
        cmd.Parameters.AddWithValue(version);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>The JSON text with one digit changed (still valid JSON, one byte different).</summary>
    public static string OneByteChanged(string json)
    {
        var at = json.IndexOfAny("0123456789".ToCharArray());
        Assert.True(at >= 0, "the data holds a digit to change");
        return json[..at] + (json[at] == '9' ? '8' : (char)(json[at] + 1)) + json[(at + 1)..];
    }
}
