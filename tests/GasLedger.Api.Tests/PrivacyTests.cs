using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GasLedger.Api.Parties;
using GasLedger.Api.Security;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// R-ACC-4, R-INT-2: personal data encrypted at rest, masked in every answer and CSV, unmasked only on request and
/// then logged, and erasable (crypto-shredding) without rewriting an event.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PrivacyTests(GasLedgerApp app)
{
    /// <summary>A person whose values occur nowhere else: random digits in valid forms.</summary>
    private sealed record Person(string Name, string IdNumber, string Phone, string Sms, string Card)
    {
        public static Person New()
        {
            string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
            const string given = "明华建国丽娟秀英志强海燕晓东";
            // Four given characters of fourteen (38,416 names): with two, two of the persons of these tests shared a name
            // now and then, and so its search hash, which an erased party's test then found in the other's record.
            var name = "欧阳" + string.Concat(Enumerable.Range(0, 4).Select(_ => given[RandomNumberGenerator.GetInt32(given.Length)]));
            var birth = new DateOnly(1960, 1, 1).AddDays(RandomNumberGenerator.GetInt32(15_000));
            return new Person(name, "330106" + birth.ToString("yyyyMMdd") + Digits(4), "139" + Digits(8), "137" + Digits(8), "6217" + Digits(15));
        }

        public string[] Secrets => [IdNumber, Phone, Sms, Card, Name];
    }

    private static object Application(Person p, DateTimeOffset at, string invoiceDate) => new
    {
        holder = new { kind = "person", name = p.Name, idNumber = p.IdNumber, phone = p.Phone, specialCare = false },
        address = new { district = "拱墅区", community = "和睦新村", building = "7", unit = "3", room = "502" },
        category = "residential", buildingType = "multiStorey", meterType = "readMeter", paymentMethod = "bankDirectDebit",
        bank = new { cardNumber = p.Card, bankName = "招商银行", cardHolder = p.Name },
        channel = "counter", nature = "individual", priority = "waiting",
        sms = new { number = p.Sms, provider = "中国电信" }, invoiceDate, remarks = "", occurredAt = at,
    };

    private static object Transfer(Person p, DateTimeOffset at) => new
    {
        newHolder = new { kind = "person", name = p.Name, idNumber = p.IdNumber, phone = p.Phone },
        propertyProof = "浙(2026)杭州市不动产权第" + p.Card[^7..] + "号", paymentMethod = "bankDirectDebit",
        bank = new { cardNumber = p.Card, bankName = "农业银行", cardHolder = p.Name }, occurredAt = at,
    };

    [Fact]
    public async Task R_INT_2_no_id_number_phone_or_card_in_clear_in_any_table_the_log_or_any_analyst_answer()
    {
        var first = Person.New();
        var second = Person.New();
        var account = new Journey(app);
        await account.Full(Application(first, Journey.Day(9, 1, 9, 10), "2026-09-01"));
        var other = new Journey(app);
        await other.Active(Application(second, Journey.Day(9, 1, 9, 10), "2026-09-01"));
        var third = Person.New();
        await other.Post(StaffRoles.Agent, "/transfer", Transfer(third, Journey.Day(10, 3)));
        await other.Post(StaffRoles.Agent, "/complaints", new { channel = "counter", category = "billing", complexity = "simple", content = "账单有误", occurredAt = Journey.Day(10, 4) }, 201);
        // The counter keeps the file current (R-ACC-7): a new phone and SMS number, a direct debit from another card.
        var fourth = Person.New();
        await other.Post(StaffRoles.Agent, "/contact", new { phone = fourth.Phone, sms = new { number = fourth.Sms, provider = "中国电信" },
            handlingMinutes = 3, counter = "西湖营业厅-2", occurredAt = Journey.Day(10, 5) });
        await other.Post(StaffRoles.Agent, "/payment-method", new
        {
            paymentMethod = "bankDirectDebit", bank = new { cardNumber = fourth.Card, bankName = "建设银行", cardHolder = fourth.Name },
            handlingMinutes = 5, occurredAt = Journey.Day(10, 6),
        });

        // The desks search by phone, name and ID number (query strings!), and one agent reads the holder unmasked.
        // The phone changed at the counter: the search finds the account by the new one, no longer by the old.
        Assert.Empty((await app.Get($"/api/accounts?phone={third.Phone}", StaffRoles.Agent))["items"]!.AsArray());
        foreach (var query in new[] { $"phone={fourth.Phone}", $"name={Uri.EscapeDataString(third.Name)}", $"idNumber={third.IdNumber}" })
        {
            var found = await app.Get($"/api/accounts?{query}", StaffRoles.Agent);
            Assert.Equal(other.AccountId, Assert.Single(found["items"]!.AsArray())!["accountId"]!.GetValue<Guid>());
        }
        var unmasked = await app.Get(other.A + "?unmasked=true", StaffRoles.Agent);
        Assert.Equal(fourth.Phone, unmasked["holder"]!["phone"]!.GetValue<string>()); // the scan below would find it, were it stored or logged
        await app.WaitForProjections();

        var secrets = new[] { first, second, third, fourth }.SelectMany(p => p.Secrets).ToArray();

        // Every table of every schema, every column as text (bytea as hex, so each secret is looked for in hex too).
        var tables = await Tables();
        Assert.Contains("gasledger.mt_doc_partyrecord", tables);
        Assert.Contains("gasledger.mt_events", tables);
        Assert.Contains("gasledger.party_access_log", tables);
        foreach (var table in tables)
            foreach (var row in await Rows(table))
                foreach (var secret in secrets)
                {
                    Assert.False(row.Contains(secret), $"{table} holds {secret} in clear");
                    Assert.False(row.Contains(Hex(secret)), $"{table} holds {secret} in a binary column");
                }

        // The server log: every line the host wrote while these tests ran.
        Assert.NotEmpty(app.Log.Lines);
        foreach (var line in app.Log.Lines)
            foreach (var secret in secrets)
                Assert.False(line.Contains(secret), $"the log holds {secret}: {line}");

        // Every answer an analyst can get about these accounts, JSON and CSV.
        var numbers = new[] { (await app.Get(account.A))["number"]!.GetValue<string>(), (await app.Get(other.A))["number"]!.GetValue<string>() };
        var answers = new List<string>();
        foreach (var ledger in GasLedger.Api.Ledgers.Ledgers.ByName.Keys)
            foreach (var number in numbers)
            {
                var json = await app.Get($"/api/ledgers/{ledger}?accountNumber={number}&pageSize=500", StaffRoles.Analyst);
                answers.Add(json.ToJsonString());
                answers.Add(await Csv($"/api/ledgers/{ledger}?accountNumber={number}", StaffRoles.Analyst));
            }
        foreach (var url in new[] { "/api/satisfaction?from=2026-09-01&to=2026-11-30&groupBy=district", "/api/classification?pageSize=500&district=%E6%8B%B1%E5%A2%85%E5%8C%BA",
                     "/api/sla?pageSize=500", "/api/inspections/due?pageSize=500", "/api/callbacks/plan?week=2026-W43&pageSize=500",
                     "/api/callbacks/rates?month=2026-10", "/api/callbacks/findings?from=2026-09-01&to=2026-11-30", "/api/status",
                     "/api/statistics/complaints?from=2026-09-01&to=2026-11-30&groupBy=district", "/api/statistics/retention?from=2026-09-01&to=2026-11-30",
                     "/api/statistics/gas-volume?from=2026-09-01&to=2026-11-30", "/api/statistics/counter?month=2026-10",
                     "/api/statistics/overdue-work?month=2026-10", "/api/safety-material/due?pageSize=500&year=2026", "/api/gas-terms",
                     "/api/supply/interruptions?pageSize=500" })
            answers.Add((await app.Get(url, StaffRoles.Analyst)).ToJsonString());
        // The customers' full histories analysts read (issue 19) — search, account, history, as of a date — always
        // masked; and the same masked answers of the desks.
        foreach (var role in new[] { StaffRoles.Analyst, StaffRoles.Agent })
            foreach (var url in new[] { account.A, other.A, account.A + "/history?pageSize=500", other.A + "/history?pageSize=500",
                         account.A + "?asOf=2026-10-01", account.A + "/history?asOf=2026-10-01",
                         "/api/accounts?district=%E6%8B%B1%E5%A2%85%E5%8C%BA&pageSize=500", $"/api/accounts?number={numbers[0]}" })
                answers.Add((await app.Get(url, role)).ToJsonString());
        Assert.Contains(answers, a => a.Contains("拱墅区"));
        // Addresses to the building: the room (502) shows as *.
        Assert.Contains(answers, a => a.Contains("\"room\":\"*\""));
        Assert.DoesNotContain(answers, a => a.Contains("\"room\":\"502\"") || a.Contains(",3,502,"));
        foreach (var answer in answers)
            foreach (var secret in secrets)
                Assert.False(answer.Contains(secret), $"an answer holds {secret}: {answer[..Math.Min(answer.Length, 300)]}");

        // The Parquet export analysts take to their own tools (issue 19): every value of every file, read back by DuckDB.
        var directory = Directory.CreateTempSubdirectory("gasledger-parquet-").FullName;
        try
        {
            var figures = await GasLedger.Api.Export.ParquetExport.Run(app.Host.Services.GetRequiredService<Marten.IDocumentStore>(),
                app.Database, app.Host.Services.GetRequiredService<GasLedger.Domain.ServicePolicy>(), directory, null, null,
                new Progress<string>(_ => { }), CancellationToken.None);
            await using var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
            await duck.OpenAsync();
            var exported = 0;
            foreach (var file in figures.Files)
                foreach (var row in await ParquetExportTests.Rows(duck, $"select * from read_parquet('{Path.Combine(directory, file.File)}')"))
                {
                    foreach (var secret in secrets) Assert.False(row.Contains(secret), $"{file.File} holds {secret}: {row}");
                    exported++;
                }
            Assert.Equal(figures.Rows, exported);
            // Every event was exported, and read back above.
            await using var count = app.Database.CreateCommand("select count(*) from gasledger.mt_events");
            Assert.Equal((long)(await count.ExecuteScalarAsync())!, figures.Files.Single(f => f.File == "events.parquet").Rows);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task R_INT_2_an_unmasked_read_writes_exactly_one_access_log_entry_and_a_masked_read_none()
    {
        var person = Person.New();
        var account = await new Journey(app).Active(Application(person, Journey.Day(9, 1, 9, 10), "2026-09-01"));
        var partyId = (await app.Get(account.A))["holder"]!["partyId"]!.GetValue<Guid>();
        var log = $"/api/audit/access-log?partyId={partyId}";

        var masked = await app.Get(account.A, StaffRoles.Agent);
        Assert.Equal(person.Name[..1] + new string('*', person.Name.Length - 1), masked["holder"]!["name"]!.GetValue<string>());
        Assert.Equal(person.Phone[..3] + "****" + person.Phone[^4..], masked["holder"]!["phone"]!.GetValue<string>());
        Assert.Equal(person.IdNumber[..6] + "********" + person.IdNumber[^4..], masked["holder"]!["idNumber"]!.GetValue<string>());
        Assert.Equal("**** " + person.Card[^4..], masked["bank"]!["card"]!.GetValue<string>());
        Assert.Equal("*", masked["address"]!["room"]!.GetValue<string>());
        Assert.Equal(0, (await app.Get(log))["total"]!.GetValue<long>());

        var full = await app.Get(account.A + "?unmasked=true", StaffRoles.Agent);
        Assert.Equal(person.Name, full["holder"]!["name"]!.GetValue<string>());
        Assert.Equal(person.IdNumber, full["holder"]!["idNumber"]!.GetValue<string>());
        Assert.Equal(person.Phone, full["holder"]!["phone"]!.GetValue<string>());
        Assert.Equal(person.Sms, full["holder"]!["smsNumber"]!.GetValue<string>());
        Assert.Equal(person.Card, full["bank"]!["card"]!.GetValue<string>());
        Assert.Equal("502", full["address"]!["room"]!.GetValue<string>());

        var entries = (await app.Get(log, StaffRoles.Auditor))["items"]!.AsArray();
        var entry = Assert.Single(entries)!;
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Agent), entry["staffId"]!.GetValue<string>());
        Assert.Equal("read", entry["action"]!.GetValue<string>());
        Assert.Equal(account.AccountId, entry["accountId"]!.GetValue<Guid>());
        Assert.Equal("GET /api/accounts/{accountId}", entry["route"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - entry["at"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(1));

        // Masked reads again, and refused unmasked reads, write nothing.
        await app.Get(account.A, StaffRoles.CustomerManager);
        await app.Get(account.A + "?unmasked=false", StaffRoles.Agent);
        foreach (var role in new[] { StaffRoles.Technician, StaffRoles.CallbackStaff, StaffRoles.Auditor, StaffRoles.CustomerManager /* not a key account */ })
            await app.Get(account.A + "?unmasked=true", role, 403);
        await app.Get(account.A + "?unmasked=true", StaffRoles.Analyst, 403); // analysts read histories masked, never in clear
        Assert.Equal(1, (await app.Get(log))["total"]!.GetValue<long>());

        // Auditors and administrators query the log; nobody else.
        Assert.Equal(1, (await app.Get($"/api/audit/access-log?staffId={GasLedgerApp.StaffOf(StaffRoles.Agent)}&partyId={partyId}&from=2026-01-01", StaffRoles.Admin))["total"]!.GetValue<long>());
        foreach (var role in new[] { StaffRoles.Agent, StaffRoles.Analyst, StaffRoles.CustomerManager }) await app.Get(log, role, 403);

        // An administrator's unmasked read is logged too.
        await app.Get(account.A + "?unmasked=true", StaffRoles.Admin);
        Assert.Equal(2, (await app.Get(log))["total"]!.GetValue<long>());

        // A customer manager reads key accounts unmasked (R-CLS-4: 700 m³ in 12 months makes a residential account tier A, key).
        await account.Post(StaffRoles.Technician, "/usage", new { kind = "meterReading", volumeM3 = 700, periodEnd = "2026-10-31", occurredAt = Journey.Day(10, 31, 12) }, 201);
        Assert.Equal("key", (await app.Get(account.A, StaffRoles.CustomerManager))["classification"]!["serviceLevel"]!.GetValue<string>());
        var managed = await app.Get(account.A + "?unmasked=true", StaffRoles.CustomerManager);
        Assert.Equal(person.IdNumber, managed["holder"]!["idNumber"]!.GetValue<string>());
        var latest = (await app.Get(log))["items"]![0]!;
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.CustomerManager), latest["staffId"]!.GetValue<string>());
        Assert.Equal(3, (await app.Get(log))["total"]!.GetValue<long>());

        // The log cannot be changed.
        await using var tamper = app.Database.CreateCommand($"delete from gasledger.party_access_log where party_id = '{partyId}'");
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => tamper.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task R_ACC_4_an_erased_party_is_gone_from_the_database_while_history_ledgers_and_seals_stay()
    {
        // An account applied for in 2021, transferred, closed in January 2022: its retention (3 years) has passed.
        var holder = Person.New();
        var next = Person.New();
        static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 10, 0, 0, TimeSpan.FromHours(8));
        var old = new Journey(app);
        await old.Applied(Application(holder, At(2021, 3, 1), "2021-03-01"));
        await old.Post(StaffRoles.Agent, "/application-fee", new { amount = 2400, invoiceNumber = "33010000999", invoiceDate = "2021-03-01", occurredAt = At(2021, 3, 1).AddHours(1) });
        await old.Post(StaffRoles.Agent, "/installation/schedule", new { kind = "new", appointmentDate = "2021-03-05", occurredAt = At(2021, 3, 2) });
        await old.Post(StaffRoles.Technician, "/installation/complete", new { installer = "S-1021", meterSerial = "M2021030001", pipeLengthMeters = 5, overLengthCharge = 0, occurredAt = At(2021, 3, 5) });
        await old.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", complexity = "simple", content = "安装拖延", occurredAt = At(2021, 3, 6) }, 201);
        await old.Post(StaffRoles.Agent, "/transfer", Transfer(next, At(2021, 6, 1)));
        await old.Post(StaffRoles.Agent, "/close", new { reason = "holderRequest", occurredAt = At(2022, 1, 10) });
        var view = await app.Get(old.A);
        var number = view["number"]!.GetValue<string>();
        var nextId = view["holder"]!["partyId"]!.GetValue<Guid>();
        var history = await app.Get(old.A + "/history");
        var holderId = history["items"]![0]!["data"]!["holderPartyId"]!.GetValue<Guid>();
        var eventsBefore = await app.EventCount(old.AccountId);

        // Before: the record opens with the master key (the test knows it), and search finds the holder.
        var vault = new PartyVault(new PartyKeys(GasLedgerApp.MasterKeyId, GasLedgerApp.MasterKey, PartyKeys.DeriveSearchKey(GasLedgerApp.MasterKey)));
        var before = await Record(nextId);
        Assert.Equal(next.IdNumber, vault.Unlock(before)!.IdNumber);
        Assert.Single((await app.Get($"/api/accounts?phone={next.Phone}", StaffRoles.Agent))["items"]!.AsArray());

        // Refusals: not an administrator, an unknown party, an account still open, a retention not yet passed.
        await app.Post(StaffRoles.Agent, $"/api/admin/parties/{nextId}/erase", null, 403);
        await app.Post(StaffRoles.Auditor, $"/api/admin/parties/{nextId}/erase", null, 403);
        await app.Post(StaffRoles.Admin, $"/api/admin/parties/{Guid.NewGuid()}/erase", null, 404);
        var open = await new Journey(app).Active(Application(Person.New(), Journey.Day(9, 1, 9, 10), "2026-09-01"));
        var openParty = (await app.Get(open.A))["holder"]!["partyId"]!.GetValue<Guid>();
        var refusedOpen = await app.Post(StaffRoles.Admin, $"/api/admin/parties/{openParty}/erase", null, 409);
        Assert.Contains("active", refusedOpen!["detail"]!.GetValue<string>());
        await open.Post(StaffRoles.Agent, "/close", new { reason = "holderRequest", occurredAt = Journey.Day(11, 10) });
        var refusedRecent = await app.Post(StaffRoles.Admin, $"/api/admin/parties/{openParty}/erase", null, 409);
        Assert.Contains("until 2029-11-10", refusedRecent!["detail"]!.GetValue<string>());

        // Erase both parties of the old account: the first holder and the one it was transferred to.
        var erased = await app.Post(StaffRoles.Admin, $"/api/admin/parties/{nextId}/erase", null, 200);
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Admin), erased!["erasedBy"]!.GetValue<string>());
        await app.Post(StaffRoles.Admin, $"/api/admin/parties/{holderId}/erase", null, 200);
        var again = await app.Post(StaffRoles.Admin, $"/api/admin/parties/{nextId}/erase", null, 200);
        Assert.Equal(erased["erasedAt"]!.ToJsonString(), again!["erasedAt"]!.ToJsonString()); // idempotent: the first erasure stays

        // The record stays, marked erased, with no wrapped key, no ciphertext, no hashes: nothing to open, even with the master key.
        var after = await Record(nextId);
        Assert.True(after.Erased);
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Admin), after.ErasedBy);
        Assert.Null(after.WrappedKey);
        Assert.Null(after.Sealed);
        Assert.Null(after.KeyId);
        Assert.Null(after.PhoneHash);
        Assert.Null(after.IdNumberHash);
        Assert.Null(after.NameHash);
        Assert.Null(vault.Unlock(after));
        Assert.Null(vault.Unlock(await Record(holderId)));

        // Nothing in the database holds the erased values, nor the destroyed key, ciphertext or search hashes.
        var gone = new[] { before.WrappedKey!, before.Sealed!, before.PhoneHash!, before.IdNumberHash!, before.NameHash! };
        foreach (var table in await Tables())
            foreach (var row in await Rows(table))
            {
                foreach (var secret in holder.Secrets.Concat(next.Secrets))
                    Assert.False(row.Contains(secret) || row.Contains(Hex(secret)), $"{table} holds {secret}");
                foreach (var trace in gone)
                    Assert.False(row.Contains(trace), $"{table} still holds the erased party's key material or hashes");
            }

        // The history, the account and the ledgers still read, the party shows as erased; no event was added or changed.
        Assert.Equal(eventsBefore, await app.EventCount(old.AccountId));
        var historyAfter = await app.Get(old.A + "/history", StaffRoles.Agent);
        Assert.Equal(eventsBefore, historyAfter["total"]!.GetValue<long>());
        Assert.All(historyAfter["parties"]!.AsArray(), p =>
        {
            Assert.True(p!["erased"]!.GetValue<bool>());
            Assert.Equal("(erased)", p["name"]!.GetValue<string>());
        });
        Assert.Equal(2, historyAfter["parties"]!.AsArray().Count);
        foreach (var role in new[] { StaffRoles.Agent, StaffRoles.Admin })
        {
            var account = await app.Get(old.A + "?unmasked=true", role);
            Assert.True(account["holder"]!["erased"]!.GetValue<bool>());
            Assert.Equal("(erased)", account["holder"]!["name"]!.GetValue<string>());
            Assert.Null(account["holder"]!["idNumber"]);
            Assert.NotNull(account["holder"]!["erasedAt"]);
        }
        Assert.Empty((await app.Get($"/api/accounts?phone={next.Phone}", StaffRoles.Agent))["items"]!.AsArray());
        await app.WaitForProjections();
        foreach (var ledger in new[] { "applications", "transfers", "complaints", "installations" })
            Assert.NotEmpty((await app.Get($"/api/ledgers/{ledger}?accountNumber={number}", StaffRoles.Analyst))["items"]!.AsArray());
        var transferRow = (await app.Get($"/api/ledgers/transfers?accountNumber={number}", StaffRoles.Analyst))["items"]![0]!;
        Assert.Equal(nextId, transferRow["newHolderPartyId"]!.GetValue<Guid>());

        // The erasures are in the access log, by whom.
        var erasures = (await app.Get($"/api/audit/access-log?accountId={old.AccountId}&action=erase"))["items"]!.AsArray();
        Assert.Equal(2, erasures.Count);
        Assert.All(erasures, e => Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Admin), e!["staffId"]!.GetValue<string>()));

        // Every seal still holds.
        var verified = await app.Post(StaffRoles.Auditor, "/api/audit/verify", null, 200);
        Assert.True(verified!["sealsValid"]!.GetValue<bool>(), verified.ToJsonString());
        Assert.Null(verified["firstBrokenSequence"]?.GetValue<long?>());
    }

    [Fact]
    public async Task R_ACC_4_party_records_an_earlier_version_kept_in_clear_are_encrypted_at_start_and_the_plain_table_dropped()
    {
        var person = Person.New();
        var id = Guid.CreateVersion7();
        var plain = $$"""
            {"id": "{{id}}", "kind": "Person", "name": "{{person.Name}}", "idNumber": "{{person.IdNumber}}", "phone": "{{person.Phone}}",
             "smsNumber": "{{person.Sms}}", "bank": {"token": "card_x", "cardNumber": "{{person.Card}}", "bankName": "工商银行", "cardHolder": "{{person.Name}}"},
             "propertyProof": null, "accountId": "{{Guid.Empty}}", "recordedAt": "2025-01-02T03:04:05+00:00"}
            """;
        await using (var create = app.Database.CreateCommand("create table gasledger.mt_doc_party (id uuid primary key, data jsonb not null)"))
            await create.ExecuteNonQueryAsync();
        await using (var make = app.Database.CreateCommand("insert into gasledger.mt_doc_party values ($1, $2::jsonb)"))
        {
            make.Parameters.AddWithValue(id);
            make.Parameters.AddWithValue(plain);
            await make.ExecuteNonQueryAsync();
        }
        var store = app.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        var vault = app.Host.Services.GetRequiredService<PartyVault>();

        Assert.Equal(1, await PlainPartyMigration.Run(store, app.Database, () => vault, CancellationToken.None));

        var party = vault.Unlock(await Record(id))!;
        Assert.Equal(person.IdNumber, party.IdNumber);
        Assert.Equal(person.Card, party.Bank!.CardNumber);
        await using var gone = app.Database.CreateCommand("select to_regclass('gasledger.mt_doc_party') is null");
        Assert.True((bool)(await gone.ExecuteScalarAsync())!);
        Assert.Equal(0, await PlainPartyMigration.Run(store, app.Database, () => throw new InvalidOperationException("not needed"), CancellationToken.None));
        foreach (var table in await Tables())
            foreach (var row in await Rows(table))
                Assert.False(person.Secrets.Any(row.Contains), $"{table} still holds the plain party");
    }

    private static readonly System.Text.Json.JsonSerializerOptions Stored = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private async Task<PartyRecord> Record(Guid id)
    {
        await using var cmd = app.Database.CreateCommand("select data::text from gasledger.mt_doc_partyrecord where id = $1");
        cmd.Parameters.AddWithValue(id);
        var json = (string)(await cmd.ExecuteScalarAsync())!;
        return System.Text.Json.JsonSerializer.Deserialize<PartyRecord>(json, Stored)!;
    }

    private async Task<List<string>> Tables()
    {
        await using var cmd = app.Database.CreateCommand(
            "select table_schema || '.' || table_name from information_schema.tables where table_type = 'BASE TABLE' " +
            "and table_schema not in ('pg_catalog', 'information_schema') order by 1");
        var tables = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private async Task<List<string>> Rows(string table)
    {
        var parts = table.Split('.');
        await using var cmd = app.Database.CreateCommand($"select t::text from \"{parts[0]}\".\"{parts[1]}\" t");
        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    private async Task<string> Csv(string url, string role)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(role));
            s.WithRequestHeader("Accept", "text/csv");
            s.StatusCodeShouldBe(200);
        });
        return await result.ReadAsTextAsync();
    }
}
