using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// 分类分级 from its read model (issue 19): <c>GET /api/classification</c> answers from each account's class as periods
/// and the running sums of their changes, and must give what the walk over every account gave before it — kept here
/// as the oracle (<see cref="Oracle"/>) — for every account in the database, on dates before, during and long after
/// their histories (the changes time alone makes: established, dormant, tiers leaving the window), for every filter,
/// counts and every page; and again after a rebuild from zero.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClassificationReadModelTests(GasLedgerApp app)
{
    private static readonly string[] Dates = ["2026-08-31", "2026-09-08", "2026-10-15", "2026-11-30", "2027-03-01", "2027-09-08", "2027-12-01", "2028-06-01"];

    private static readonly string[] Filters =
        ["", "&tier=A", "&tier=B&category=publicService", "&stage=new", "&stage=dormant&tier=C", "&serviceLevel=care", "&serviceLevel=key", "&category=residential&stage=prospect"];

    [Fact]
    public async Task R_CLS_the_read_model_answers_what_the_walk_over_every_account_answers_on_every_date()
    {
        var random = new Random(20261205);
        var district = $"分类读区{Guid.NewGuid():N}"[..10];
        for (var i = 0; i < 18; i++)
        {
            var commercial = i % 5 == 0;
            var application = new
            {
                holder = new { kind = commercial ? "organisation" : "person", name = commercial ? "城东饭店" : "郑一", specialCare = i % 6 == 1 },
                address = new { district = i % 3 == 0 ? "西湖区" : district, community = "c", building = "1" },
                category = commercial ? "publicService" : "residential", buildingType = commercial ? null : "multiStorey",
                meterType = "readMeter", paymentMethod = "counter", channel = "counter", nature = "individual", priority = "waiting",
                occurredAt = Journey.Day(9, 1, 9),
            };
            if (i % 7 == 6)
            {
                await new Journey(app).Applied(application); // a prospect for good
                continue;
            }
            var account = await new Journey(app).Active(application);
            // Readings from September to November, some large enough for tier A or B, some nothing at all.
            for (var month = 9; month <= 11; month++)
            {
                if (random.Next(4) == 0) continue;
                var volume = commercial ? random.Next(0, 3) * 12_000 : random.Next(0, 4) switch { 0 => 0, 1 => 30, 2 => 250, _ => 700 };
                await account.Post(StaffRoles.Technician, "/usage", new
                {
                    kind = "meterReading", volumeM3 = volume, periodEnd = new DateOnly(2026, month, 28).ToString("yyyy-MM-dd"),
                    occurredAt = Journey.Day(month, 28, 10),
                }, 201);
            }
            if (i % 8 == 4) await account.Post(StaffRoles.Agent, "/close", new { reason = "holderRequest", occurredAt = Journey.Day(11, 29) });
        }
        await app.WaitForProjections();
        Assert.True(await Compare("as built live", district) > 300);
        // The pages found both ways: a walk in number order, a search of the class's periods holding the date.
        var choice = GasLedger.Api.Classification.ClassificationReads.WalkByNumber;
        try
        {
            GasLedger.Api.Classification.ClassificationReads.WalkByNumber = (_, _, _) => true;
            await Compare("pages by a walk", district);
            GasLedger.Api.Classification.ClassificationReads.WalkByNumber = (_, _, _) => false;
            await Compare("pages by a search", district);
        }
        finally
        {
            GasLedger.Api.Classification.ClassificationReads.WalkByNumber = choice;
        }

        // A rebuild from zero: the periods and their sums are made again from the log.
        await GasLedger.Projections.Rebuild.ProjectionRebuild.Run(app.Host.Services.GetRequiredService<IDocumentStore>(),
            app.Host.Services.GetRequiredService<ServicePolicy>(), new Progress<string>(_ => { }));
        Assert.True(await Compare("after the rebuild by account", district) > 300);
    }

    /// <summary>Every date × district × filter: the counts and every page against the oracle; the number of accounts compared.</summary>
    private async Task<int> Compare(string when, string district)
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var policy = app.Host.Services.GetRequiredService<ServicePolicy>();
        await using var session = store.QuerySession();
        var accounts = await session.Query<Account>().ToListAsync();
        var compared = 0;
        foreach (var asOf in Dates)
        foreach (var only in new string?[] { null, district })
        foreach (var filter in Filters)
        {
            var query = $"asOf={asOf}{filter}" + (only is null ? "" : $"&district={Uri.EscapeDataString(only)}");
            var expected = Oracle(accounts, DateOnly.Parse(asOf), only, filter, policy);
            var answered = new List<JsonNode>();
            JsonNode page;
            var number = 1;
            do
            {
                page = await app.Get($"/api/classification?{query}&pageSize=500&page={number++}", StaffRoles.Analyst);
                answered.AddRange(page["items"]!.AsArray().Select(n => n!));
            } while (answered.Count < page["total"]!.GetValue<long>() && page["items"]!.AsArray().Count > 0);

            var what = $"{when}, {query}";
            Assert.True(JsonNode.DeepEquals(expected.Counts, page["counts"]), $"{what}: counts {page["counts"]!.ToJsonString()}, the walk's {expected.Counts.ToJsonString()}");
            Assert.Equal(expected.Items.Count, page["total"]!.GetValue<long>());
            var rows = answered.Select(n => n.ToJsonString()).ToList();
            var walked = expected.Items.Select(n => n.ToJsonString()).ToList();
            Assert.True(walked.SequenceEqual(rows), $"{what}: only answered {string.Join("; ", rows.Except(walked).Take(2))}; only walked {string.Join("; ", walked.Except(rows).Take(2))}");
            compared += walked.Count;
        }
        return compared;
    }

    /// <summary>The answer as the endpoint computed it before its read model: a walk over every account, classified one by one.</summary>
    private static (JsonNode Counts, List<JsonNode> Items) Oracle(IEnumerable<Account> all, DateOnly date, string? district, string filter,
        ServicePolicy policy)
    {
        var args = filter.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')).ToDictionary(a => a[0], a => a[1]);
        string Wire(object value) => value is ValueTier ? value.ToString()! : char.ToLowerInvariant(value.ToString()![0]) + value.ToString()![1..];
        bool Is(string name, object value) => !args.TryGetValue(name, out var wanted) || wanted == Wire(value);

        var classified = all
            .Where(a => (district is null || a.Address.District == district) && Is("category", a.Category) && policy.LocalDate(a.AppliedAt) <= date)
            .Select(a => (Account: a, Class: Classifier.Classify(a, date, policy))).ToList();
        var byClass = classified.GroupBy(c => (c.Class.Category, c.Class.Tier, c.Class.Stage, c.Class.ServiceLevel))
            .OrderBy(g => g.Key).ToList();
        JsonObject By<T>(Func<(CustomerCategory, ValueTier, LifecycleStage, ServiceLevel), T> pick) where T : notnull
        {
            var o = new JsonObject();
            foreach (var g in byClass.GroupBy(g => pick(g.Key)).OrderBy(g => g.Key)) o[Wire(g.Key)] = g.Sum(x => x.Count());
            return o;
        }
        var counts = new JsonObject
        {
            ["total"] = classified.Count,
            ["byTier"] = By(k => k.Item2), ["byStage"] = By(k => k.Item3), ["byServiceLevel"] = By(k => k.Item4), ["byCategory"] = By(k => k.Item1),
            ["byClass"] = new JsonArray(byClass.Select(g => (JsonNode)new JsonObject
            {
                ["category"] = Wire(g.Key.Category), ["tier"] = Wire(g.Key.Tier), ["stage"] = Wire(g.Key.Stage),
                ["serviceLevel"] = Wire(g.Key.ServiceLevel), ["count"] = g.Count(),
            }).ToArray()),
        };
        var items = classified.Where(c => Is("tier", c.Class.Tier) && Is("stage", c.Class.Stage) && Is("serviceLevel", c.Class.ServiceLevel))
            .OrderBy(c => c.Account.Number, StringComparer.Ordinal)
            .Select(c => (JsonNode)new JsonObject
            {
                ["accountId"] = c.Account.Id, ["number"] = c.Account.Number, ["district"] = c.Account.Address.District,
                ["category"] = Wire(c.Class.Category), ["tier"] = Wire(c.Class.Tier), ["stage"] = Wire(c.Class.Stage),
                ["serviceLevel"] = Wire(c.Class.ServiceLevel),
                ["riskFlags"] = new JsonArray(c.Class.RiskFlags.Select(f => (JsonNode)Wire(f)).ToArray()),
                ["volumeLast12Months"] = c.Class.VolumeLast12Months,
            }).ToList();
        return (counts, items);
    }
}
