using System.Globalization;
using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;
using GasLedger.Projections.Ledgers;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// The statistics of issue 19 — complaints, retention and movement, gas volume — answered from running sums, each
/// against an oracle computed another way over every account in the database: the complaint ledger's rows and the
/// calendar, the accounts' snapshots, the events themselves. Live, and again after a rebuild from zero. Also CSV.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StatisticsTests(GasLedgerApp app)
{
    private static readonly (string From, string To)[] Periods =
        [("2026-09-01", "2026-12-31"), ("2026-10-01", "2026-10-31"), ("2026-10-10", "2026-11-20"), ("2027-09-01", "2027-11-30"), ("2025-01-01", "2025-12-31")];

    [Fact]
    public async Task The_statistics_answer_what_the_accounts_and_their_events_say()
    {
        var district = $"统计区{Guid.NewGuid():N}"[..9];
        var random = new Random(20261206);
        for (var i = 0; i < 10; i++)
        {
            var application = Journey.Application(district: i % 3 == 0 ? "西湖区" : district);
            if (i % 4 == 0)
            {
                await new Journey(app).Full(application); // a reopened complaint, usage, a transfer, a suspension, a closure
                continue;
            }
            var account = await new Journey(app).Active(application);
            // The account's business in time order (business time never runs backwards within an account): complaints
            // replied within the hour, after two days, after a week or not yet, and readings.
            var business = new List<(DateTimeOffset At, Func<Task> Do)>();
            foreach (var month in new[] { 9, 10, 11 })
                if (random.Next(3) > 0)
                {
                    var volume = random.Next(1, 90);
                    var reading = new DateOnly(2026, month, 28).ToString("yyyy-MM-dd");
                    business.Add((Journey.Day(month, 28, 10), () => account.Post(StaffRoles.Technician, "/usage", new
                    {
                        kind = "meterReading", volumeM3 = volume, periodEnd = reading, occurredAt = Journey.Day(month, 28, 10),
                    }, 201)));
                }
            for (var c = random.Next(0, 3); c > 0; c--)
            {
                var filedAt = Journey.Day(random.Next(9, 12), random.Next(10, 28), 9 + c);
                var after = random.Next(4) switch { 0 => TimeSpan.FromHours(1), 1 => TimeSpan.FromHours(50), 2 => TimeSpan.FromDays(7), _ => TimeSpan.Zero };
                var complaint = new Guid?[1];
                business.Add((filedAt, async () =>
                {
                    var filed = await account.Post(StaffRoles.Agent, "/complaints", new
                    {
                        channel = c % 2 == 0 ? "phone" : "online", category = filedAt.Day % 2 == 0 ? "delay" : "billing",
                        content = "燃气费用疑问", occurredAt = filedAt,
                    }, 201);
                    complaint[0] = filed!["complaintId"]!.GetValue<Guid>();
                }));
                if (after > TimeSpan.Zero)
                    business.Add((filedAt.Add(after), () => account.Post(StaffRoles.Agent, $"/complaints/{complaint[0]}/reply",
                        new { by = "S-5001", decision = "核查", occurredAt = filedAt.Add(after) })));
            }
            foreach (var (_, act) in business.OrderBy(x => x.At)) await act();
        }
        await app.WaitForProjections();
        await Compare("as built live", district);

        await GasLedger.Projections.Rebuild.ProjectionRebuild.Run(app.Host.Services.GetRequiredService<IDocumentStore>(),
            app.Host.Services.GetRequiredService<ServicePolicy>(), new Progress<string>(_ => { }));
        await Compare("after the rebuild by account", district);

        // CSV, as the ledgers: a header of the JSON names, one line a row.
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/statistics/retention?from=2026-09-01&to=2026-11-30&district={Uri.EscapeDataString(district)}");
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Analyst));
            s.WithRequestHeader("Accept", "text/csv");
            s.StatusCodeShouldBe(200);
        });
        Assert.Equal("text/csv; charset=utf-8", result.Context.Response.ContentType);
        var csv = await result.ReadAsTextAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("month,activeAtStart,gasOn,transfers,suspensions,closures,activeAtEnd,retentionRate", lines[0]);
        Assert.Equal(4, lines.Length);
    }

    private async Task Compare(string when, string district)
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var policy = app.Host.Services.GetRequiredService<ServicePolicy>();
        var calendar = app.Host.Services.GetRequiredService<GasLedger.Api.Calendar.Calendars>().Current;
        await using var session = store.QuerySession();
        var accounts = (await session.Query<Account>().ToListAsync()).ToDictionary(a => a.Id);
        var complaints = await session.Query<ComplaintRow>().ToListAsync();
        var movements = (await session.Events.QueryAllRawEvents().ToListAsync()).Where(e => e.Data is HolderTransferred or SupplySuspended)
            .Select(e => (e.StreamId, Kind: e.Data is HolderTransferred ? "transfers" : "suspensions", Day: policy.LocalDate(((IAccountEvent)e.Data).OccurredAt)))
            .ToList();
        int Active(DateOnly day, string? only) => accounts.Values.Count(a => (only is null || a.Address.District == only)
            && a.GasOnAt is { } on && policy.LocalDate(on) <= day && (a.ClosedAt is not { } closed || policy.LocalDate(closed) > day));
        static string Wire(object value) => char.ToLowerInvariant(value.ToString()![0]) + value.ToString()![1..];
        var compared = 0;

        foreach (var (from, to) in Periods)
        foreach (var only in new string?[] { null, district })
        {
            var scope = only is null ? "" : $"&district={Uri.EscapeDataString(only)}";
            var start = DateOnly.Parse(from, CultureInfo.InvariantCulture);
            var end = DateOnly.Parse(to, CultureInfo.InvariantCulture);
            var what = $"{when}, {from}..{to}{(only is null ? "" : " in one district")}";

            // Complaints: from the complaint ledger's rows, the calendar and the accounts' earlier complaints.
            var filed = complaints.Where(c => (only is null || c.District == only) && policy.LocalDate(c.FiledAt) >= start && policy.LocalDate(c.FiledAt) <= end).ToList();
            foreach (var groupBy in new[] { "month", "district", "category", "channel" })
            {
                var answer = await app.Get($"/api/statistics/complaints?from={from}&to={to}&groupBy={groupBy}{scope}", StaffRoles.Analyst);
                var expected = filed.GroupBy(c => groupBy switch
                    {
                        "month" => policy.LocalDate(c.FiledAt).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                        "district" => c.District, "category" => Wire(c.Category), _ => Wire(c.Channel),
                    })
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"{g.Key}: {g.Count()} complaints, {g.Count(c => c.FirstReplyAt is not null)} replied, " +
                                 $"{g.Count(c => c.FirstReplyAt <= c.FiledAt.AddHours(policy.ComplaintReplyHours))} in 48 h, " +
                                 $"{g.Count(c => c.FirstReplyAt <= calendar.DueAfterWorkingDays(c.FiledAt, policy.ComplaintDecisionWorkingDays, policy))} decided in time, " +
                                 $"{g.Count(c => c.TimesReopened > 0)} reopened, " +
                                 $"{g.Count(c => complaints.Any(o => o.AccountId == c.AccountId && o.ComplaintId != c.ComplaintId && o.FiledAt < c.FiledAt && policy.LocalDate(o.FiledAt) > policy.LocalDate(c.FiledAt).AddMonths(-12)))} repeats")
                    .ToList();
                var answered = answer["groups"]!.AsArray().Select(g => $"{g!["key"]}: {g["complaints"]} complaints, {g["replied"]} replied, " +
                    $"{g["repliedInTime"]} in 48 h, {g["decidedInTime"]} decided in time, {g["reopened"]} reopened, {g["repeats"]} repeats").ToList();
                Assert.True(expected.SequenceEqual(answered), $"{what} by {groupBy}: answered [{string.Join("; ", answered)}], the rows say [{string.Join("; ", expected)}]");
                if (groupBy == "month") // the rate's denominator: the accounts active at the month's end, or the period's
                    foreach (var g in answer["groups"]!.AsArray())
                    {
                        var monthEnd = DateOnly.ParseExact(g!["key"]!.GetValue<string>() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).AddDays(-1);
                        Assert.Equal(Active(monthEnd < end ? monthEnd : end, only), g["activeAccounts"]!.GetValue<int>());
                    }
                Assert.Equal(filed.Count, answer["overall"]!["complaints"]!.GetValue<int>());
                Assert.Equal(Active(end, only), answer["overall"]!["activeAccounts"]!.GetValue<int>());
                compared += expected.Count;
            }

            // Retention: active accounts from the snapshots, transfers and suspensions from the events.
            var retention = await app.Get($"/api/statistics/retention?from={from}&to={to}{scope}", StaffRoles.Analyst);
            var months = retention["months"]!.AsArray();
            var month = new DateOnly(start.Year, start.Month, 1);
            foreach (var m in months)
            {
                var next = month.AddMonths(1);
                bool In(DateTimeOffset? at) => at is { } t && policy.LocalDate(t) >= month && policy.LocalDate(t) < next;
                var scoped = accounts.Values.Where(a => only is null || a.Address.District == only).ToList();
                var expected = $"{month:yyyy-MM}: {Active(month.AddDays(-1), only)} at start, {scoped.Count(a => In(a.GasOnAt))} gas-on, " +
                               $"{movements.Count(x => x.Kind == "transfers" && scoped.Any(a => a.Id == x.StreamId) && In(x.Day.ToDateTime(new TimeOnly(12, 0))))} transfers, " +
                               $"{movements.Count(x => x.Kind == "suspensions" && scoped.Any(a => a.Id == x.StreamId) && In(x.Day.ToDateTime(new TimeOnly(12, 0))))} suspensions, " +
                               $"{scoped.Count(a => In(a.ClosedAt))} closures, {Active(next.AddDays(-1), only)} at end";
                Assert.Equal(expected, $"{m!["month"]}: {m["activeAtStart"]} at start, {m["gasOn"]} gas-on, {m["transfers"]} transfers, " +
                                       $"{m["suspensions"]} suspensions, {m["closures"]} closures, {m["activeAtEnd"]} at end");
                month = next;
                compared++;
            }
            Assert.Equal(new DateOnly(end.Year, end.Month, 1).AddMonths(1), month);

            // Gas volume: the accounts' usage by month, this year and last.
            var volume = await app.Get($"/api/statistics/gas-volume?from={from}&to={to}{scope}", StaffRoles.Analyst);
            decimal Used(DateOnly m) => accounts.Values.Where(a => only is null || a.Address.District == only)
                .Sum(a => a.UsageByMonth.GetValueOrDefault(Classifier.MonthKey(m)));
            month = new DateOnly(start.Year, start.Month, 1);
            foreach (var m in volume["months"]!.AsArray())
            {
                Assert.Equal($"{month:yyyy-MM}: {Used(month)} after {Used(month.AddYears(-1))}",
                    $"{m!["month"]}: {m["volumeM3"]!.GetValue<decimal>()} after {m["previousYearM3"]!.GetValue<decimal>()}");
                month = month.AddMonths(1);
                compared++;
            }
        }
        Assert.True(compared > 60, $"only {compared} figures compared");
    }
}
