using GasLedger.Api.Audit;
using GasLedger.Api.Security;
using GasLedger.Domain.Audit;
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
        await new Journey(app).Active();
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
        var account = await new Journey(app).Active();
        await new Journey(app).Active(); // events after the tampered one, still checked against their own seals
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
        await new Journey(app).Applied();
        await app.WaitForProjections();
        foreach (var change in new[] { "update gasledger.event_seal set seal = digest", "delete from gasledger.event_seal", "truncate gasledger.event_seal" })
        {
            await using var cmd = app.Database.CreateCommand(change);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText);
        }
    }

    [Fact]
    public async Task Verify_on_an_untouched_database_passes_and_compares_every_projection()
    {
        await new Journey(app).Full();

        var answer = await app.Post(StaffRoles.Auditor, "/api/audit/verify", null, 200);

        Assert.True(answer!["sealsValid"]!.GetValue<bool>(), answer.ToJsonString());
        Assert.Null(answer["firstBrokenSequence"]);
        Assert.Equal(await app.EventCount(), answer["eventsChecked"]!.GetValue<long>());
        Assert.Empty(answer["mismatches"]!.AsArray());
        var projections = answer["projections"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
        Assert.Contains("TimeLimits", projections);
        Assert.Equal(projections.Length, answer["projectionsCompared"]!.GetValue<int>());
        Assert.True(answer["documentsCompared"]!.GetValue<long>() > 0);
        await using var scratch = app.Database.CreateCommand("select count(*) from information_schema.schemata where schema_name = 'gasledger_verify'");
        Assert.Equal(0L, (long)(await scratch.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Verify_says_what_the_sequence_gaps_a_failed_write_leaves_are()
    {
        var account = await new Journey(app).Active();
        // A write that fails inside its transaction has taken a sequence number it never gives back.
        await using (var trap = app.Database.CreateCommand("""
            create function gasledger.refuse_for_gap() returns trigger language plpgsql as
              $$ begin if new.data::text like '%留下空号%' then raise exception 'refused for a test'; end if; return new; end $$;
            create trigger refuse_for_gap before insert on gasledger.mt_events for each row execute function gasledger.refuse_for_gap();
            """))
            await trap.ExecuteNonQueryAsync();
        try
        {
            await app.Post(StaffRoles.Agent, account.A + "/complaints", new { channel = "phone", category = "delay", content = "留下空号" }, 500);
        }
        finally
        {
            await using var back = app.Database.CreateCommand("drop trigger refuse_for_gap on gasledger.mt_events; drop function gasledger.refuse_for_gap()");
            await back.ExecuteNonQueryAsync();
        }
        await account.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", content = "之后的投诉" }, 201);

        var answer = await app.Post(StaffRoles.Auditor, "/api/audit/verify", null, 200);

        Assert.True(answer!["sealsValid"]!.GetValue<bool>(), answer.ToJsonString());
        var gaps = answer["sequenceGaps"]!.GetValue<long>();
        Assert.True(gaps >= 1);
        Assert.Equal(answer["checkpoint"]!["sequence"]!.GetValue<long>() - answer["eventsChecked"]!.GetValue<long>(), gaps);
        Assert.Contains("never takes them back", answer["gaps"]!.GetValue<string>());
        Assert.NotEmpty(answer["gapRanges"]!.AsArray());
    }

    [Fact]
    public async Task Verify_names_the_projection_and_document_of_an_edited_ledger_row()
    {
        var account = await new Journey(app).Active();
        await app.WaitForProjections();
        var id = account.AccountId.ToString();
        string original;
        await using (var read = app.Database.CreateCommand("select data::text from gasledger.mt_doc_applicationrow where id = $1"))
        {
            read.Parameters.AddWithValue(account.AccountId);
            original = (string)(await read.ExecuteScalarAsync())!;
        }
        try
        {
            await using (var edit = app.Database.CreateCommand("update gasledger.mt_doc_applicationrow set data = $2::jsonb where id = $1"))
            {
                edit.Parameters.AddWithValue(account.AccountId);
                edit.Parameters.AddWithValue(OneByteChanged(original));
                Assert.Equal(1, await edit.ExecuteNonQueryAsync());
            }

            var answer = await app.Post(StaffRoles.Auditor, "/api/audit/verify", null, 200);

            Assert.True(answer!["sealsValid"]!.GetValue<bool>(), "the events are untouched");
            var mismatch = Assert.Single(answer["mismatches"]!.AsArray());
            Assert.Equal("ReadModels", mismatch!["projection"]!.GetValue<string>()); // the composite the application ledger is built in
            Assert.Equal("ApplicationRow", mismatch["document"]!.GetValue<string>());
            Assert.Equal(id, mismatch["id"]!.GetValue<string>());
            Assert.Equal("differs", mismatch["difference"]!.GetValue<string>());
        }
        finally
        {
            await using var restore = app.Database.CreateCommand("update gasledger.mt_doc_applicationrow set data = $2::jsonb where id = $1");
            restore.Parameters.AddWithValue(account.AccountId);
            restore.Parameters.AddWithValue(original);
            await restore.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task The_global_log_is_paged_by_sequence_with_each_seal()
    {
        await new Journey(app).Active();
        await app.WaitForProjections();

        var first = await app.Get("/api/audit/events?fromSequence=1&limit=3", StaffRoles.Auditor);
        var items = first["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal([1L, 2L, 3L], items.Select(i => i!["sequence"]!.GetValue<long>()));
        Assert.All(items, i => Assert.Equal(64, i!["seal"]!.GetValue<string>().Length));
        Assert.Equal(4, first["nextSequence"]!.GetValue<long>());

        var next = await app.Get("/api/audit/events?fromSequence=4&limit=2", StaffRoles.Auditor);
        Assert.Equal(4, next["items"]![0]!["sequence"]!.GetValue<long>());
        // Each seal follows from the one before and the event's digest.
        var previous = Convert.FromHexString(items[2]!["seal"]!.GetValue<string>());
        var digest = Convert.FromHexString(next["items"]![0]!["digest"]!.GetValue<string>());
        Assert.Equal(next["items"]![0]!["seal"]!.GetValue<string>(), GasLedger.Domain.Audit.Seal.Hex(GasLedger.Domain.Audit.Seal.Next(previous, digest)));

        await app.Get("/api/audit/events", StaffRoles.Agent, expect: 403);
        await app.Get("/api/audit/events?limit=0", StaffRoles.Auditor, expect: 400);
        await app.Post(StaffRoles.Analyst, "/api/audit/verify", null, 403);
    }

    [Fact]
    public async Task An_export_checks_offline_and_fails_at_the_event_whose_byte_changed()
    {
        var account = await new Journey(app).Full();
        await app.WaitForProjections();
        var file = Path.Combine(Path.GetTempPath(), $"gasledger-export-{Guid.NewGuid():N}.jsonl");
        var accountFile = file + ".account";
        try
        {
            var output = new StringWriter();
            Assert.True(await AuditCommand.Export(app.Database, file, null, output));
            Assert.True(await AuditCommand.Export(app.Database, accountFile, account.AccountId, output));
            var checkpoint = (await SealCheck.Run(app.Database)).Checkpoint!.Seal;
            Assert.Contains(checkpoint, output.ToString());

            // Offline: only the file and the checkpoint.
            Assert.True(AuditCommand.CheckExport(file, checkpoint, output), output.ToString());
            Assert.True(AuditCommand.CheckExport(accountFile, checkpoint, output), output.ToString());
            Assert.True(AuditCommand.CheckExport(file, null, output), "against the file's own checkpoint line");
            Assert.False(AuditCommand.CheckExport(file, Seal.Hex(Seal.Genesis), output), "against another checkpoint");

            // One byte of one event's data changed in the file: the check fails at exactly that event.
            var lines = await File.ReadAllLinesAsync(accountFile);
            var at = Array.FindIndex(lines, l => l.Contains($"\"streamId\":\"{account.AccountId}\"") && l.Contains("M2026090001"));
            Assert.True(at >= 0, "the installation of the account is in its export");
            var sequence = System.Text.Json.Nodes.JsonNode.Parse(lines[at])!["sequence"]!.GetValue<long>();
            lines[at] = lines[at].Replace("M2026090001", "M2026090002");
            await File.WriteAllLinesAsync(accountFile, lines);
            var report = GasLedger.Domain.Audit.ExportCheck.Check(new StreamReader(accountFile), checkpoint);
            Assert.False(report.Valid);
            Assert.Equal(sequence, report.FirstBrokenSequence);
            Assert.False(AuditCommand.CheckExport(accountFile, checkpoint, output));
            Assert.Contains($"EXPORT BROKEN at sequence {sequence}", output.ToString());
        }
        finally
        {
            File.Delete(file);
            File.Delete(accountFile);
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
