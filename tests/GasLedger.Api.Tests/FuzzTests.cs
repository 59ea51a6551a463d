using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GasLedger.Api.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;

namespace GasLedger.Api.Tests;

/// <summary>
/// Hostile input, generated (issue 23): for every route the host serves, a seeded generator mutates a valid request —
/// wrong types, nulls, control and format characters, extreme numbers and dates, huge and empty strings, truncated and
/// non-object JSON, nil and malformed ids, hostile query values — and sends a few thousand requests. None may answer
/// 5xx; every refusal is problem details and consumes nothing (<see cref="Footprint"/>); no text sent reaches the log
/// (each hostile string carries a marker the log is searched for). The routes come from the host's own endpoints, so a
/// new route is fuzzed as soon as it exists, and one that takes a body fails this test until it has a valid sample.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class FuzzTests(GasLedgerApp app)
{
    private const int Seed = 20261204;
    private const int RequestsPerRoute = 80;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(4);

    /// <summary>What a route's requests act on: an active account with an open hazard, complaint and repair.</summary>
    internal sealed record Given(Journey Account, Guid PartyId, Guid ComplaintId, Guid RepairId, Guid HazardId, Guid InterruptionId = default,
        Guid VisitId = default);

    /// <summary>The latest 10:00 in company time before now: within any day's visiting hours (R-CAL-5), whenever the tests run.</summary>
    internal static DateTimeOffset VisitTime
    {
        get
        {
            var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
            var ten = new DateTimeOffset(now.Year, now.Month, now.Day, 10, 0, 0, TimeSpan.FromHours(8));
            return ten < now ? ten : ten.AddDays(-1);
        }
    }

    /// <summary>A date a few days ahead: an appointment the rules accept whenever the tests run.</summary>
    private static string Soon => DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd");

    internal static readonly Dictionary<string, Func<Given?, object>> ValidBodies = new()
    {
        ["POST /api/accounts"] = _ => Journey.Application(at: DateTimeOffset.UtcNow.AddHours(-1)),
        ["POST /api/accounts/{accountId}/application-fee"] = _ => new { amount = 2400, invoiceNumber = "33010000123", invoiceDate = "2026-09-01" },
        ["POST /api/accounts/{accountId}/installation/schedule"] = _ => new { kind = "new", appointmentDate = Soon },
        ["POST /api/accounts/{accountId}/installation/complete"] = _ => new
        {
            installer = "S-1021", meterSerial = "M2026110001", pipeLengthMeters = 6.5, overLengthCharge = 0, materials = "镀锌钢管 6 米",
        },
        ["POST /api/accounts/{accountId}/ignition/request"] = _ => new { requestedDate = Soon },
        ["POST /api/accounts/{accountId}/ignition/complete"] = _ => new
        {
            technician = "S-2001", stoveHasFlameOutProtection = true, airtightnessPassed = true,
            hose = new { lengthMeters = 1.5, price = 45, invoiced = true }, charge = new { amount = 10, invoiced = true },
        },
        ["POST /api/accounts/{accountId}/ignition/refuse"] = _ => new { technician = "S-2001", reason = "holderAbsent", note = "用户不在家" },
        ["POST /api/accounts/{accountId}/inspections"] = _ => new
        {
            inspector = "S-3001", outcome = "hazardsFound", hazards = new[] { new { code = "agedHose", severity = "minor", description = "胶管老化" } },
            requestedByHolder = false, charge = new { amount = 0, invoiced = true },
        },
        ["POST /api/accounts/{accountId}/inspections/request"] = _ => new { preferredDate = "2026-12-10", reason = "闻到异味" },
        ["POST /api/accounts/{accountId}/hazards/{hazardId}/rectify"] = _ => new { recheckedBy = "S-3001" },
        ["POST /api/accounts/{accountId}/transfer"] = _ => new
        {
            newHolder = new { kind = "person", name = "李四", idNumber = "330102198805120021", phone = "13900139000", specialCare = false },
            propertyProof = "浙(2026)杭州市不动产权第0012345号", paymentMethod = "counter", handlingMinutes = 12,
        },
        ["POST /api/accounts/{accountId}/complaints"] = _ => new { channel = "phone", category = "charges", complexity = "simple", content = "点火时收软管费未开票", touchesSafety = false },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/reply"] = _ => new { by = "S-5001", decision = "核查收费记录" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/resolve"] = _ => new { by = "S-5001", resolution = "补开发票" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/follow-up"] = _ => new { by = "S-6001", satisfaction = "satisfied" },
        ["POST /api/accounts/{accountId}/repairs"] = _ => new { emergency = false, description = "灶具打不着火", location = "urban" },
        ["POST /api/accounts/{accountId}/repairs/{repairId}/dispatch"] = _ => new { technician = "S-2002" },
        ["POST /api/accounts/{accountId}/repairs/{repairId}/arrive"] = _ => new { },
        ["POST /api/accounts/{accountId}/repairs/{repairId}/complete"] = _ => new
        {
            airtightnessPassed = true, hazards = new[] { new { code = "leak", severity = "minor", description = "接口渗漏" } },
            charge = new { amount = 30, invoiced = true }, notes = "更换阀门",
        },
        ["POST /api/accounts/{accountId}/callbacks"] = g => new
        {
            kind = "afterRepair", staff = "S-6001", followsWorkId = g!.RepairId, reached = true, satisfaction = "verySatisfied",
            irregularCharge = new { reported = false, detail = "无", overLengthChargeHeard = 0 }, opinions = "师傅很好",
        },
        ["POST /api/accounts/{accountId}/ratings"] = _ => new
        {
            source = "technician", staff = "S-2001", stage = "repair", attitude = "verySatisfied", skill = "satisfied",
            arrivalTime = "satisfied", promiseKeeping = "verySatisfied",
        },
        ["POST /api/accounts/{accountId}/usage"] = _ => new { kind = "meterReading", volumeM3 = 35.2, periodEnd = "2026-11-01", amount = 0 },
        ["POST /api/accounts/{accountId}/suspend"] = _ => new { reason = "plannedWork", noticeGivenAt = DateTimeOffset.UtcNow.AddHours(-2) },
        ["POST /api/accounts/{accountId}/resume"] = _ => new { },
        ["POST /api/accounts/{accountId}/close"] = _ => new { reason = "holderRequest" },
        ["POST /api/accounts/{accountId}/contact"] = _ => new { phone = "13900139001", sms = new { number = "13900139001", provider = "中国电信" }, handlingMinutes = 4, counter = "西湖营业厅-3" },
        ["POST /api/accounts/{accountId}/payment-method"] = _ => new { paymentMethod = "counter", handlingMinutes = 4, counter = "西湖营业厅-3" },
        // Terms of far years of their own (2090–2094; GasTermsTests takes 2095), never in force over the other tests' histories, one date a call.
        ["POST /api/gas-terms"] = _ => new
        {
            effectiveFrom = new DateOnly(2090, 1, 1).AddDays(Random.Shared.Next(0, 1_800)).ToString("yyyy-MM-dd"),
            gasType = "天然气", composition = "甲烷 ≥ 96%", calorificValueMjPerM3 = 36.0, pressureKpa = 2.0,
            prices = new[] { new { category = "residential", yuanPerM3 = 2.96 } }, source = "杭价商〔2026〕12号",
        },
        ["POST /api/accounts/{accountId}/visits"] = _ => new { kind = "hoseReplacement", note = "软管老化", occurredAt = VisitTime.AddHours(-1) },
        ["POST /api/accounts/{accountId}/visits/{visitId}/complete"] = _ => new
        {
            technician = "S-2001", hose = new { lengthMeters = 1.5, price = 45, invoiced = true }, occurredAt = VisitTime,
        },
        ["POST /api/accounts/{accountId}/time-limits/{itemId}/pause"] = _ => new { reason = "holderAbsent", note = "用户出差" },
        ["POST /api/accounts/{accountId}/time-limits/{itemId}/resume"] = _ => new { },
        ["POST /api/accounts/{accountId}/repairs/{repairId}/refer"] = _ => new { referredTo = "物业公司", reason = "小区公共管道,属物业维修" },
        ["POST /api/accounts/{accountId}/key-customer"] = _ => new { customerManager = "K-1001", reason = "医院,供气保障重点" },
        ["POST /api/accounts/{accountId}/key-customer/undo"] = _ => new { reason = "已迁址" },
        ["POST /api/accounts/{accountId}/customer-manager"] = _ => new { customerManager = "K-1002" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/acknowledge"] = _ => new { by = "S-5001" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/assign"] = _ => new { department = "计量科", by = "S-5001" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/progress"] = _ => new { note = "已安排复核表计", expectedResolution = Soon },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/result-notice"] = _ => new { channel = "letter" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/verify"] = _ => new { verification = "proven" },
        ["POST /api/accounts/{accountId}/complaints/{complaintId}/reward"] = _ => new { paidBy = "S-5009" },
        ["POST /api/accounts/{accountId}/safety-material"] = _ => new { handedBy = "S-3001", material = "安全用气手册" },
        ["POST /api/accounts/{accountId}/decline"] = _ => new { reason = "该地址暂无市政燃气管网", toldBy = "S-5001" },
        ["POST /api/accounts/{accountId}/meter/replace"] = _ => new
        {
            newSerial = "M2026120001", oldMeterReadingM3 = 1234.5, newMeterReadingM3 = 0, meterType = "icCard", technician = "S-2001",
            handlingMinutes = 20, counter = "西湖营业厅-1",
        },
        ["POST /api/accounts/{accountId}/ic-card/reissue"] = _ => new { reason = "lost", fee = 20, handlingMinutes = 6, counter = "西湖营业厅-2" },
        ["POST /api/accounts/{accountId}/bills/payments"] = _ => new { amount = 86.4, billMonth = "2026-11", handlingMinutes = 2, counter = "西湖营业厅-1" },
        ["POST /api/accounts/{accountId}/bills/queries"] = _ => new { billMonth = "2026-11", handlingMinutes = 3, counter = "西湖营业厅-1" },
        // A district no test account is in (an interruption there reaches no account of another test).
        ["POST /api/supply/interruptions"] = _ => new
        {
            kind = "emergency", area = new { district = DrillDistrict, community = "翠苑一区", buildings = new[] { "12" } },
            channels = new[] { "sms", "posting" }, remarks = "演练",
        },
        ["POST /api/supply/interruptions/{interruptionId}/restore"] = _ => new { reason = "faultRepaired" },
        // A year the calendar does not cover: the body is read and checked, the arrangement never stored.
        ["PUT /api/calendar/years/{year}"] = _ => new { holidays = new[] { "1850-01-01" }, adjustedWorkingDays = Array.Empty<string>(), source = "国务院办公厅通知" },
        ["POST /api/admin/keys"] = _ => new { staffId = "S-9001", roles = new[] { "agent" }, label = "柜台一号" },
    };

    /// <summary>Query values beyond the endpoint's own parameters: a ledger's own filters.</summary>
    private static readonly Dictionary<string, string[]> ExtraQuery = new()
    {
        ["GET /api/ledgers/{ledger}"] = ["state", "kind", "outcome", "severity", "category", "channel", "emergency", "invoiced", "reached"],
    };

    /// <summary>Routes not fuzzed, and why.</summary>
    private static readonly Dictionary<string, string> NotFuzzed = new()
    {
        ["POST /api/audit/verify"] = "takes no input at all; each call replays every projection from zero (AuditTests)",
    };

    [Fact]
    public async Task Thousands_of_generated_hostile_requests_get_no_5xx_consume_nothing_when_refused_and_leave_nothing_of_themselves_in_the_log()
    {
        var random = new Random(Seed);
        var client = app.Host.Server.CreateClient();
        var routes = Routes();
        var withBody = routes.Where(r => r.Body is not null).Select(r => r.Key).ToArray();
        Assert.Empty(withBody.Where(k => !ValidBodies.ContainsKey(k)));
        Assert.Empty(ValidBodies.Keys.Where(k => !withBody.Contains(k)));

        var failures = new List<string>();
        var markers = new HashSet<string>();
        var sent = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        foreach (var route in routes)
        {
            Given? given = route.Pattern.Contains("{visitId}") ? await WithVisit(await Make(app))
                : route.Pattern.Contains("{accountId}") || route.Pattern.Contains("{partyId}") ? await Make(app)
                : route.Pattern.Contains("{interruptionId}") ? (await Make(app)) with { InterruptionId = await Interruption(app) }
                : null;
            var hostile = new Hostile(random, markers);
            for (var i = 0; i < RequestsPerRoute && clock.Elapsed < Budget; i++)
            {
                var request = Generate(route, given, hostile, random, i == 0);
                var before = await Footprint.Of(app.Database);
                using var message = new HttpRequestMessage(new HttpMethod(route.Method), request.Url);
                message.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(route.Role));
                if (request.Body is not null)
                {
                    message.Content = new ByteArrayContent(request.Body);
                    message.Content.Headers.ContentType = new("application/json");
                }
                using var response = await client.SendAsync(message);
                sent++;
                var status = (int)response.StatusCode;
                var answer = await response.Content.ReadAsStringAsync();
                var what = $"{route.Key} [{request.What}] → {status}: {answer[..Math.Min(240, answer.Length)]}";
                if (status >= 500) failures.Add(what);
                else if (status >= 400)
                {
                    refused++;
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add("not problem details: " + what);
                    if (answer.Contains("System.", StringComparison.Ordinal) || answer.Contains("GasLedger.", StringComparison.Ordinal))
                        failures.Add("names .NET: " + what);
                    var after = await Footprint.Of(app.Database);
                    if (after != before) failures.Add($"refused but wrote ({before} → {after}): {what}");
                }
            }
        }

        var leaked = app.Log.Lines.SelectMany(l => Marker().Matches(l).Select(m => m.Value)).Where(markers.Contains).Distinct().ToArray();
        Console.WriteLine($"Fuzz: {sent} requests over {routes.Count} routes in {clock.Elapsed.TotalSeconds:F0} s, {refused} refused, {markers.Count} marked strings.");
        Assert.True(sent >= 2_000, $"only {sent} requests in the time budget");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent}:\n" + string.Join("\n", failures.Take(25)));
        Assert.True(leaked.Length == 0, $"request text in the log: {string.Join(", ", leaked.Take(10))}");
    }

    private sealed record Route(string Method, string Pattern, string Role, Type? Body, string[] Query)
    {
        public string Key => $"{Method} {Pattern}";
    }

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HttpChain>() is not { } chain) continue;
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            foreach (var method in chain.HttpMethods)
            {
                var key = $"{method} {pattern}";
                if (NotFuzzed.ContainsKey(key)) continue;
                var grant = RouteAccess.For(method, pattern) ?? throw new InvalidOperationException($"{key} has no row");
                var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
                var query = chain.Method.Method.GetParameters()
                    .Where(p => Simple(p.ParameterType) && !endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name))
                    .Select(p => p.Name!).Concat(ExtraQuery.GetValueOrDefault(key, [])).ToArray();
                routes.Add(new Route(method, pattern, grant.Roles.First(), body, query));
            }
        }
        return routes.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static bool Simple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(DateTimeOffset);
    }

    /// <summary>The district the interruptions of these tests cover: no account is in it.</summary>
    internal const string DrillDistrict = "演练区";

    /// <summary>An emergency interruption of <see cref="DrillDistrict"/>, started (supply may be restored).</summary>
    internal static async Task<Guid> Interruption(GasLedgerApp app)
    {
        var announced = await app.Post(StaffRoles.Agent, "/api/supply/interruptions", ValidBodies["POST /api/supply/interruptions"](null), 201);
        var id = announced!["interruptionId"]!.GetValue<Guid>();
        for (var i = 0; i < 300 && (await app.Get($"/api/supply/interruptions/{id}"))["status"]!.GetValue<string>() == "announced"; i++)
            await Task.Delay(50);
        return id;
    }

    /// <summary>A hose replacement asked for on the given account (R-TL-1), to be made.</summary>
    internal static async Task<Given> WithVisit(Given given) =>
        given with { VisitId = (await given.Account.Post(StaffRoles.Agent, "/visits", ValidBodies["POST /api/accounts/{accountId}/visits"](given), 201))!["visitId"]!.GetValue<Guid>() };

    internal static async Task<Given> Make(GasLedgerApp app)
    {
        var account = await new Journey(app).Active();
        var inspection = await account.Post(StaffRoles.Technician, "/inspections",
            new { outcome = "hazardsFound", hazards = new[] { new { code = "agedHose", severity = "minor" } }, occurredAt = Journey.Day(9, 10) }, 201);
        var complaint = await account.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", content = "等太久", occurredAt = Journey.Day(9, 11) }, 201);
        var repair = await account.Post(StaffRoles.Agent, "/repairs", new { description = "打不着火", occurredAt = Journey.Day(9, 12) }, 201);
        var party = (await app.Get(account.A))["holder"]!["partyId"]!.GetValue<Guid>();
        return new Given(account, party, complaint!["complaintId"]!.GetValue<Guid>(), repair!["repairId"]!.GetValue<Guid>(),
            inspection!["hazardIds"]![0]!.GetValue<Guid>());
    }

    private sealed record Generated(string Url, byte[]? Body, string What);

    /// <summary>One request of a route: the valid one first, then a mutation of it drawn from <paramref name="random"/>.</summary>
    private static Generated Generate(Route route, Given? given, Hostile hostile, Random random, bool valid)
    {
        var ids = new Dictionary<string, string>
        {
            ["accountId"] = given?.Account.AccountId.ToString() ?? Guid.NewGuid().ToString(),
            ["partyId"] = given?.PartyId.ToString() ?? Guid.NewGuid().ToString(),
            ["complaintId"] = given?.ComplaintId.ToString() ?? Guid.NewGuid().ToString(),
            ["repairId"] = given?.RepairId.ToString() ?? Guid.NewGuid().ToString(),
            ["hazardId"] = given?.HazardId.ToString() ?? Guid.NewGuid().ToString(),
            ["interruptionId"] = given?.InterruptionId.ToString() ?? Guid.NewGuid().ToString(),
            ["visitId"] = given?.VisitId.ToString() ?? Guid.NewGuid().ToString(),
            ["itemId"] = given is null ? "complaintReply:" + Guid.NewGuid() : $"complaintReply:{given.ComplaintId}", // open: not replied
            ["id"] = Guid.NewGuid().ToString(),
            ["year"] = route.Method == "GET" ? "2026" : "1850",
            ["ledger"] = "applications",
        };
        var body = route.Body is null ? null : JsonNode.Parse(JsonSerializer.Serialize(ValidBodies[route.Key](given), GasLedgerApp.Json));
        var query = new List<(string Name, string Value)>();
        string what;
        byte[]? raw = null;
        if (valid) what = "valid";
        else
        {
            var roll = random.Next(100);
            if (body is not null && roll < 14) (raw, what) = hostile.WholeBody(body.ToJsonString());
            else if (body is not null && roll < 70) what = hostile.Mutate(body);
            else if (roll < 84 && route.Pattern.Contains('{'))
            {
                var names = ids.Keys.Where(k => route.Pattern.Contains("{" + k + "}")).ToArray();
                var name = names[random.Next(names.Length)];
                ids[name] = hostile.PathValue();
                what = $"path {name}={ids[name]}";
            }
            else
            {
                var count = 1 + random.Next(3);
                for (var i = 0; i < count; i++)
                {
                    var name = route.Query.Length > 0 && random.Next(5) > 0 ? route.Query[random.Next(route.Query.Length)] : hostile.Text(8);
                    query.Add((name, hostile.QueryValue()));
                }
                what = "query " + string.Join("&", query.Select(q => $"{Shown(q.Name)}={Shown(q.Value)}"));
            }
        }
        var path = ids.Aggregate(route.Pattern, (p, id) => p.Replace("{" + id.Key + "}", id.Value));
        var url = query.Count == 0 ? path : path + "?" + string.Join("&", query.Select(q => Encode(q.Name) + "=" + Encode(q.Value)));
        return new Generated(url, raw ?? (body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString())), what);
    }

    private static string Shown(string text) => text.Length > 40 ? text[..40] + $"…({text.Length})" : Regex.Escape(text);

    /// <summary>Percent-encodes as a browser would, a broken surrogate as the bytes a careless client sends.</summary>
    private static string Encode(string text)
    {
        var encoded = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') encoded.Append(c);
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                foreach (var b in Encoding.UTF8.GetBytes(text.Substring(i, 2))) encoded.Append($"%{b:X2}");
                i++;
            }
            else if (char.IsSurrogate(c)) encoded.Append("%ED%A0%80");
            else foreach (var b in Encoding.UTF8.GetBytes(c.ToString())) encoded.Append($"%{b:X2}");
        }
        return encoded.ToString();
    }

    [GeneratedRegex("ZQK[0-9]{6}")]
    private static partial Regex Marker();
}
