using System.Net.Http.Json;
using GasLedger.Api.Security;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// Every read model follows from the events alone: after a mixed history of several hundred accounts, each projection
/// rebuilt from zero gives the same documents as the ones built live.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RebuildTests(GasLedgerApp app)
{
    private const int Accounts = 300;

    [Fact]
    public async Task Rebuilding_every_projection_from_zero_gives_the_documents_built_live()
    {
        await MixedHistory(new Random(20261123));
        await app.WaitForProjections();

        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var projections = ((StoreOptions)store.Options).Projections.All
            .Select(p => p.Name).Distinct().OrderBy(n => n).ToArray();
        Assert.Contains("TimeLimits", projections);
        var tables = await DocumentTables();
        var live = new Dictionary<string, Dictionary<string, string>>();
        foreach (var table in tables) live[table] = await Rows(table);
        Assert.True(live.Values.Sum(rows => rows.Count) > Accounts, "the mixed history made documents to compare");
        // The rebuild's own list of the tables it writes (the benchmark's floor samples them) names every table the
        // projections wrote, and not the party records.
        var rebuildTables = GasLedger.Projections.Rebuild.StreamRebuild.Tables(store, app.Host.Services.GetRequiredService<GasLedger.Domain.ServicePolicy>());
        foreach (var table in tables.Where(t => live[t].Count > 0)) Assert.Contains(table, rebuildTables);
        Assert.DoesNotContain("mt_doc_partyrecord", rebuildTables);

        var rebuildStarted = DateTimeOffset.UtcNow;
        var daemon = app.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var projection in projections)
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(5), CancellationToken.None);
        await daemon.StartAllAsync(); // a rebuild leaves its shard stopped: the daemon goes on following the event log
        await app.WaitForProjections();

        await AssertRebuilt("the daemon's rebuild", tables, live, rebuildStarted);

        // The offline rebuild of every projection, an account page at a time (city rebuild, audit rebuild), gives them too.
        rebuildStarted = DateTimeOffset.UtcNow;
        var figures = await GasLedger.Projections.Rebuild.ProjectionRebuild.Run(store, app.Host.Services.GetRequiredService<GasLedger.Domain.ServicePolicy>(),
            new Progress<string>(_ => { }));
        Assert.True(figures.Events > Accounts * 5, $"the rebuild read {figures.Events} events");
        await AssertRebuilt("the rebuild by account", tables, live, rebuildStarted);
    }

    private async Task AssertRebuilt(string how, string[] tables, Dictionary<string, Dictionary<string, string>> live, DateTimeOffset rebuildStarted)
    {
        foreach (var table in tables)
        {
            // Every document was written again by the rebuild, not left over from the live run.
            var rebuilt = await Rows(table);
            Assert.True(live[table].Count == rebuilt.Count, $"{how}, {table}: {live[table].Count} documents live, {rebuilt.Count} after the rebuild");
            if (rebuilt.Count == 0) continue;
            await using (var oldest = app.Database.CreateCommand($"select min(mt_last_modified) from gasledger.{table}"))
                Assert.True((DateTime)(await oldest.ExecuteScalarAsync())! >= rebuildStarted.UtcDateTime.AddSeconds(-1), $"{how}: {table} was not rebuilt");
            foreach (var (id, json) in live[table])
                Assert.True(rebuilt.TryGetValue(id, out var again) && again == json, $"{how}: {table} {id} differs after the rebuild: {json} / {again}");
        }
    }

    /// <summary>
    /// The document tables that projections write: not the party records, the calendar years, the published gas terms,
    /// the interruption notices and their deliveries (written by their commands and messages), nor Wolverine's own.
    /// </summary>
    private async Task<string[]> DocumentTables()
    {
        await using var cmd = app.Database.CreateCommand(
            "select table_name from information_schema.tables where table_schema = 'gasledger' and table_name like 'mt_doc_%' " +
            "and table_name not in ('mt_doc_partyrecord', 'mt_doc_yeararrangement', 'mt_doc_gasterms', 'mt_doc_areainterruption', " +
            "'mt_doc_interruptiondelivery', 'mt_doc_envelope', 'mt_doc_deadletterevent') order by table_name");
        var tables = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables.ToArray();
    }

    private async Task<Dictionary<string, string>> Rows(string table)
    {
        // The document's data, without Marten's own bookkeeping columns (version stamps, last modified).
        await using var cmd = app.Database.CreateCommand($"select id::text, data::text from gasledger.{table}");
        var rows = new Dictionary<string, string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetString(1);
        return rows;
    }

    /// <summary>Accounts through every kind of step, chosen at random from a fixed seed, in business-time order.</summary>
    private async Task MixedHistory(Random random)
    {
        var client = app.Host.Server.CreateClient();
        async Task<System.Text.Json.Nodes.JsonNode?> Post(string role, string url, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
            using var response = await client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        }

        var districts = new[] { "重建西湖区", "重建上城区", "重建拱墅区" };
        for (var n = 0; n < Accounts; n++)
        {
            var day = 1;
            DateTimeOffset At() => Journey.Day(9, 1).AddDays(day++ * 0.25 + random.Next(0, 3) * 0.01);
            var ic = random.Next(4) == 0;
            var created = await Post(StaffRoles.Agent, "/api/accounts", new
            {
                holder = new { kind = "person", name = "测试" + n, phone = $"137{n:D8}", specialCare = random.Next(10) == 0 },
                address = new { district = districts[random.Next(districts.Length)], community = "c" + random.Next(5), building = $"{random.Next(1, 30)}" },
                category = "residential", buildingType = "multiStorey", meterType = ic ? "icCard" : "readMeter", paymentMethod = ic ? "topUp" : "counter",
                channel = "counter", nature = random.Next(3) == 0 ? "collective" : "individual", priority = "waiting",
                invoiceDate = "2026-08-31", handlingMinutes = random.Next(5, 16), occurredAt = At(),
            });
            var a = $"/api/accounts/{created!["accountId"]}";
            if (random.Next(10) == 0) continue; // stays applied
            if (random.Next(30) == 0)
            {
                await Post(StaffRoles.Agent, a + "/decline", new { reason = "该地址暂无市政燃气管网", toldBy = "S-5001", occurredAt = At() }); // R-APP-6
                continue;
            }
            await Post(StaffRoles.Agent, a + "/application-fee", new { amount = 2400, invoiceNumber = $"INV{n}", invoiceDate = "2026-09-01", occurredAt = At() });
            await Post(StaffRoles.Agent, a + "/installation/schedule", new { kind = "new", appointmentDate = "2026-09-30", occurredAt = At() });
            await Post(StaffRoles.Technician, a + "/installation/complete", new { meterSerial = $"M{n}", pipeLengthMeters = 5 + random.Next(5), overLengthCharge = random.Next(3) * 10, occurredAt = At() });
            if (random.Next(8) == 0) continue; // installed, gas not on
            await Post(StaffRoles.Agent, a + "/ignition/request", new { requestedDate = "2026-10-01", occurredAt = At() });
            await Post(StaffRoles.Technician, a + "/ignition/complete", new
            {
                stoveHasFlameOutProtection = true, airtightnessPassed = true,
                hose = random.Next(2) == 0 ? new { lengthMeters = 1.5, price = 45, invoiced = random.Next(4) > 0 } : null, occurredAt = At(),
            });
            var meterReplaced = false;
            var key = false;
            var visitOpen = false;
            var materialHanded = false;
            for (var step = random.Next(1, 8); step > 0; step--)
            {
                switch (random.Next(14))
                {
                    case 0:
                        var hazard = random.Next(3) == 0;
                        var visit = await Post(StaffRoles.Technician, a + "/inspections", new
                        {
                            outcome = hazard ? "hazardsFound" : random.Next(4) == 0 ? "notHome" : "passed",
                            hazards = hazard ? new[] { new { code = "agedHose", severity = "minor", noticeNumber = $"ZG{n}-{step}", signedByHolder = random.Next(2) == 0 } } : null,
                            occurredAt = At(),
                        });
                        if (hazard && random.Next(2) == 0)
                            await Post(StaffRoles.Technician, $"{a}/hazards/{visit!["hazardIds"]![0]}/rectify", new { occurredAt = At() });
                        break;
                    case 1:
                        var complaint = await Post(StaffRoles.Agent, a + "/complaints", new
                        {
                            channel = "phone", category = random.Next(6) == 0 ? "safety" : "charges", complexity = random.Next(2) == 0 ? "simple" : "complex",
                            content = "投诉" + n, occurredAt = At(),
                        });
                        var c = $"{a}/complaints/{complaint!["complaintId"]}";
                        if (random.Next(4) == 0) break;
                        await Post(StaffRoles.Agent, c + "/reply", new { decision = "处理", occurredAt = At() });
                        await Post(StaffRoles.Agent, c + "/resolve", new { resolution = "已处理", occurredAt = At() });
                        var unhappy = random.Next(3) == 0;
                        await Post(StaffRoles.CallbackStaff, c + "/follow-up", new { satisfaction = unhappy ? "dissatisfied" : "satisfied", occurredAt = At() });
                        if (unhappy) await Post(StaffRoles.Agent, c + "/resolve", new { resolution = "再处理", occurredAt = At() });
                        break;
                    case 2:
                        var repair = await Post(StaffRoles.Agent, a + "/repairs", new { emergency = random.Next(3) == 0, description = "维修", occurredAt = At() });
                        var r = $"{a}/repairs/{repair!["repairId"]}";
                        await Post(StaffRoles.Agent, r + "/dispatch", new { technician = $"S-{random.Next(2000, 2005)}", occurredAt = At() });
                        await Post(StaffRoles.Technician, r + "/arrive", new { occurredAt = At() });
                        await Post(StaffRoles.Technician, r + "/complete", new { airtightnessPassed = true, charge = new { amount = 30, invoiced = random.Next(3) > 0 }, occurredAt = At() });
                        break;
                    case 3:
                        await Post(StaffRoles.CallbackStaff, a + "/callbacks", new
                        {
                            kind = "afterIgnition", reached = random.Next(5) > 0 ? true : false,
                            irregularCharge = new { reported = random.Next(8) == 0 }, occurredAt = At(),
                        });
                        break;
                    case 4:
                        await Post(StaffRoles.CallbackStaff, a + "/ratings", new
                        {
                            source = "technician", staff = $"S-{random.Next(2000, 2005)}", stage = "ignition", attitude = "satisfied",
                            skill = "verySatisfied", arrivalTime = "fairlySatisfied", promiseKeeping = "satisfied", occurredAt = At(),
                        });
                        break;
                    case 5:
                        await Post(ic ? StaffRoles.Agent : StaffRoles.Technician, a + "/usage", new
                        {
                            kind = ic ? "icPurchase" : "meterReading", volumeM3 = random.Next(5, 400), periodEnd = "2026-10-31", occurredAt = At(),
                        });
                        break;
                    case 6:
                        await Post(StaffRoles.Agent, a + "/suspend", new { reason = "plannedWork", noticeGivenAt = At(), occurredAt = At() });
                        await Post(StaffRoles.Agent, a + "/resume", new { reason = "workCompleted", occurredAt = At() });
                        break;
                    case 7: // the counter's account keeping (R-ACC-7, R-APP-5)
                        var counter = $"重建营业厅-{random.Next(1, 4)}";
                        await Post(StaffRoles.Agent, a + "/contact", new { phone = $"139{n:D6}{step:D2}", handlingMinutes = random.Next(1, 9), counter, occurredAt = At() });
                        await Post(StaffRoles.Agent, a + "/bills/queries", new { billMonth = "2026-10", handlingMinutes = random.Next(1, 5), counter, occurredAt = At() });
                        if (ic)
                            await Post(StaffRoles.Agent, a + "/ic-card/reissue", new { reason = "lost", fee = 20, handlingMinutes = random.Next(2, 9), counter, occurredAt = At() });
                        else
                        {
                            await Post(StaffRoles.Agent, a + "/bills/payments", new { amount = 86.4, billMonth = "2026-10", handlingMinutes = random.Next(1, 6), counter, occurredAt = At() });
                            await Post(StaffRoles.Agent, a + "/payment-method", new
                            {
                                paymentMethod = "bankDirectDebit", bank = new { cardNumber = "6217000011112222333", bankName = "建设银行", cardHolder = "测试" + n },
                                handlingMinutes = random.Next(3, 12), counter, occurredAt = At(),
                            });
                        }
                        break;
                    case 8 when !meterReplaced: // a meter of the other type brings its payment method
                        meterReplaced = true;
                        ic = !ic;
                        await Post(StaffRoles.Technician, a + "/meter/replace", new
                        {
                            newSerial = $"MR{n}", oldMeterReadingM3 = random.Next(1, 900), newMeterReadingM3 = 0, meterType = ic ? "icCard" : "readMeter",
                            technician = "S-2001", handlingMinutes = random.Next(10, 40), occurredAt = At(),
                        });
                        break;
                    case 9 when !visitOpen: // a holder-requested visit, in visiting hours (R-TL-1, R-CAL-5)
                        var asked = At();
                        var visitDay = new DateTimeOffset(asked.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(1).AddHours(10), TimeSpan.FromHours(8));
                        var requested = await Post(StaffRoles.Agent, a + "/visits", new { kind = "hoseReplacement", note = "软管老化", occurredAt = asked });
                        visitOpen = random.Next(4) == 0; // left open
                        if (!visitOpen)
                            await Post(StaffRoles.Technician, $"{a}/visits/{requested!["visitId"]}/complete", new
                            {
                                technician = "S-2001", hose = new { lengthMeters = 1.2, price = 38, invoiced = random.Next(3) > 0 }, occurredAt = visitDay,
                            });
                        while (At() <= visitDay) { } // what follows comes after the visit
                        break;
                    case 10: // a complaint by someone else through every step of its handling (R-CMP-7/8, R-TL-2, R-INT-1)
                        var conduct = await Post(StaffRoles.Agent, a + "/complaints", new
                        {
                            channel = "phone", category = "conduct", content = "抄表员索要好处费" + n,
                            complainant = random.Next(2) == 0 ? new { name = "王五", phone = $"136{n:D8}" } : null, occurredAt = At(),
                        });
                        var cc = $"{a}/complaints/{conduct!["complaintId"]}";
                        if (random.Next(3) == 0)
                        {
                            await Post(StaffRoles.Agent, $"{a}/time-limits/complaintReply:{conduct["complaintId"]}/pause", new { reason = "holderAbsent", note = "用户出差", occurredAt = At() });
                            await Post(StaffRoles.Agent, $"{a}/time-limits/complaintReply:{conduct["complaintId"]}/resume", new { occurredAt = At() });
                        }
                        await Post(StaffRoles.Agent, cc + "/acknowledge", new { occurredAt = At() });
                        await Post(StaffRoles.Agent, cc + "/assign", new { department = "稽查科", occurredAt = At() });
                        await Post(StaffRoles.Agent, cc + "/progress", new { note = "正在核查", expectedResolution = "2026-12-01", occurredAt = At() });
                        var proven = random.Next(2) == 0;
                        await Post(StaffRoles.Agent, cc + "/verify", new { verification = proven ? "proven" : "unfounded", occurredAt = At() });
                        await Post(StaffRoles.Agent, cc + "/reply", new { decision = "核查", occurredAt = At() });
                        await Post(StaffRoles.Agent, cc + "/resolve", new { resolution = "已处理", occurredAt = At() });
                        await Post(StaffRoles.Agent, cc + "/result-notice", new { channel = "letter", occurredAt = At() });
                        if (proven) await Post(StaffRoles.Agent, cc + "/reward", new { paidBy = "S-5009", occurredAt = At() });
                        break;
                    case 11: // a repair from elsewhere: referred, or a failed airtightness test before the safe completion (R-REP-4)
                        var sourced = await Post(StaffRoles.Agent, a + "/repairs", new
                        {
                            emergency = false, description = "管道漏气", location = random.Next(2) == 0 ? "urban" : "suburban",
                            source = random.Next(2) == 0 ? "cityHotline" : "foundByStaff", occurredAt = At(),
                        });
                        var rr = $"{a}/repairs/{sourced!["repairId"]}";
                        if (random.Next(3) == 0)
                        {
                            await Post(StaffRoles.Agent, rr + "/refer", new { referredTo = "物业公司", reason = "小区公共管道", occurredAt = At() });
                            break;
                        }
                        await Post(StaffRoles.Agent, rr + "/dispatch", new { technician = "S-2003", occurredAt = At() });
                        await Post(StaffRoles.Technician, rr + "/arrive", new { occurredAt = At() });
                        await Post(StaffRoles.Technician, rr + "/complete", new { airtightnessPassed = false, occurredAt = At() });
                        await Post(StaffRoles.Technician, rr + "/complete", new
                        {
                            airtightnessPassed = true, safetyChecked = true, reignited = true, holderSignedOff = true, occurredAt = At(),
                        });
                        break;
                    case 12: // callbacks with answers and needs, other sources of the index, the safety material (R-CB-7, R-SAT-5, R-APP-8)
                        await Post(StaffRoles.CallbackStaff, a + "/callbacks", new
                        {
                            kind = "afterIgnition", reached = true, satisfaction = "satisfied",
                            answers = new[] { new { question = "attitude", satisfaction = "verySatisfied" }, new { question = "charges", satisfaction = "dissatisfied" } },
                            needs = "希望提供线上缴费", irregularCharge = new { reported = false }, occurredAt = At(),
                        });
                        await Post(StaffRoles.Agent, a + "/ratings", new
                        {
                            source = random.Next(2) == 0 ? "mysteryCustomer" : "survey", staff = "S-7001", stage = "counter", satisfaction = "fairlySatisfied", occurredAt = At(),
                        });
                        if (!materialHanded) // once a year
                            await Post(StaffRoles.Technician, a + "/safety-material", new { handedBy = "S-3001", material = "安全用气手册", occurredAt = At() });
                        materialHanded = true;
                        break;
                    case 13 when !key: // a key customer by designation, its manager changed, sometimes undone (R-CLS-6)
                        key = true;
                        await Post(StaffRoles.CustomerManager, a + "/key-customer", new { customerManager = "K-1001", reason = "医院,供气保障重点", occurredAt = At() });
                        await Post(StaffRoles.CustomerManager, a + "/customer-manager", new { customerManager = "K-1002", occurredAt = At() });
                        if (random.Next(3) == 0) await Post(StaffRoles.CustomerManager, a + "/key-customer/undo", new { reason = "已迁址", occurredAt = At() });
                        break;
                }
            }
            if (random.Next(6) == 0)
                await Post(StaffRoles.Agent, a + "/transfer", new
                {
                    newHolder = new { kind = "person", name = "新户" + n, idNumber = "110101199001011234" }, propertyProof = "证" + n,
                    paymentMethod = ic ? "topUp" : "counter", handlingMinutes = random.Next(5, 16), occurredAt = At(),
                });
            if (random.Next(10) == 0) await Post(StaffRoles.Agent, a + "/close", new { reason = "holderRequest", occurredAt = At() });
        }

        // An emergency interruption of one district, fanned out to its accounts with gas on and restored (R-SUP-4).
        var notice = await Post(StaffRoles.Agent, "/api/supply/interruptions", new
        {
            kind = "emergency", area = new { district = districts[1] }, channels = new[] { "sms" }, remarks = "中压管线抢修",
        });
        var interruption = $"/api/supply/interruptions/{notice!["interruptionId"]}";
        await Settled(interruption, "interrupted");
        await Post(StaffRoles.Agent, interruption + "/restore", new { reason = "faultRepaired" });
        var restored = await Settled(interruption, "restored");
        Assert.True(restored["restored"]!.GetValue<long>() > 0, restored.ToJsonString());

        async Task<System.Text.Json.Nodes.JsonNode> Settled(string url, string status)
        {
            for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(100))
            {
                var view = await app.Get(url);
                if (view["status"]!.GetValue<string>() == status) return view;
            }
            throw new TimeoutException($"{url} is not {status} after 60 s");
        }
    }
}
