using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Inspections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// 安检计划 from its read model (issue 19): <c>GET /api/inspections/due</c> answers from the periods of each account's
/// inspection schedule (<c>InspectionDuePeriod</c>) and must give what the walk over every account gave before it —
/// kept here as the oracle (<see cref="Oracle"/>) — for every account in the database, on dates before, between and
/// after the inspections, holiday windows included, with and without a district.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InspectionsDueTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_INSP_1_the_read_model_answers_what_the_walk_over_every_account_answers_on_every_date()
    {
        var random = new Random(20261204);
        var district = $"安检区{Guid.NewGuid():N}"[..10];
        for (var i = 0; i < 24; i++)
        {
            var publicService = i % 4 == 0;
            var account = await new Journey(app).Active(publicService
                ? new
                {
                    holder = new { kind = "organisation", name = "市第一小学" },
                    address = new { district = i % 2 == 0 ? district : "西湖区", community = "c", building = "1" },
                    category = "publicService", meterType = "readMeter", paymentMethod = "counter",
                    channel = "counter", nature = "individual", priority = "waiting", occurredAt = Journey.Day(9, 1, 9),
                }
                : Journey.Application(district: i % 2 == 0 ? district : "西湖区"));
            // Every other public-service account passes an inspection in National Day's window (it opens on 1 September):
            // it owes no inspection before the holiday then.
            if (i % 8 == 0)
                await account.Post(StaffRoles.Technician, "/inspections", new { outcome = "passed", occurredAt = Journey.Day(9, 11, 8) }, 201);
            // Inspections between September and November: passed, not home (does not count), with a hazard.
            var day = 10;
            var month = 9;
            for (var visits = random.Next(0, 4); visits > 0; visits--)
            {
                day += random.Next(1, 25);
                if (day > 28) (month, day) = (month + 1, day - 27);
                if (month > 11) break;
                var outcome = random.Next(3) switch { 0 => "notHome", 1 => "hazardsFound", _ => "passed" };
                await account.Post(StaffRoles.Technician, "/inspections", new
                {
                    outcome, occurredAt = Journey.Day(month, day, 10 + visits),
                    hazards = outcome == "hazardsFound" ? new[] { new { code = "agedHose", severity = "minor" } } : null,
                }, 201);
            }
            if (i % 7 == 3) await account.Post(StaffRoles.Agent, "/close", new { reason = "holderRequest", occurredAt = Journey.Day(11, 25) });
        }
        await app.WaitForProjections();

        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var policy = app.Host.Services.GetRequiredService<ServicePolicy>();
        var calendar = app.Host.Services.GetRequiredService<GasLedger.Api.Calendar.Calendars>().Current;
        await using var session = store.QuerySession();
        var accounts = await session.Query<Account>().Where(a => a.GasOnAt != null).ToListAsync();
        Assert.True(await Compare("as built live") > 500, "too few due inspections compared");
        // The holiday inspections found both ways (a walk by number, a search of the few that owe them).
        var choice = GasLedger.Api.Inspections.GetInspectionsDueEndpoint.WalkByNumber;
        try
        {
            GasLedger.Api.Inspections.GetInspectionsDueEndpoint.WalkByNumber = (_, _, _) => true;
            await Compare("holidays by a walk");
            GasLedger.Api.Inspections.GetInspectionsDueEndpoint.WalkByNumber = (_, _, _) => false;
            await Compare("holidays by a search");
        }
        finally
        {
            GasLedger.Api.Inspections.GetInspectionsDueEndpoint.WalkByNumber = choice;
        }

        // A rebuild from zero writes the periods again, and their running sums follow.
        await GasLedger.Projections.Rebuild.ProjectionRebuild.Run(store, policy, new Progress<string>(_ => { }));
        await Compare("after the rebuild by account");

        async Task<int> Compare(string how)
        {
        var compared = 0;
        foreach (var asOf in new[] { "2026-09-01", "2026-09-20", "2026-12-04", "2027-03-10", "2027-04-20", "2027-09-01", "2027-09-25", "2027-12-20", "2028-01-10", "2028-06-01" })
        foreach (var within in new[] { 0, 30, 366 })
        foreach (var only in new string?[] { null, district })
        {
            var date = DateOnly.Parse(asOf);
            var expected = Oracle(accounts.Where(a => only is null || a.Address.District == only), date, within, calendar, policy);
            var answered = new List<JsonNode>();
            JsonNode page;
            var number = 1;
            do
            {
                page = await app.Get($"/api/inspections/due?asOf={asOf}&withinDays={within}&pageSize=500&page={number++}" +
                                     (only is null ? "" : $"&district={Uri.EscapeDataString(only)}"), StaffRoles.Analyst);
                answered.AddRange(page["items"]!.AsArray().Select(n => n!));
            } while (answered.Count < page["total"]!.GetValue<long>() && page["items"]!.AsArray().Count > 0);

            var what = $"{how}: asOf {asOf}, within {within}{(only is null ? "" : ", one district")}";
            var rows = answered.Select(n => new Row(n["accountId"]!.GetValue<Guid>(), n["nextDue"]!.GetValue<string>(),
                n["lastInspected"]?.GetValue<string>(), n["due"]!.GetValue<string>(), n["daysOverdue"]!.GetValue<int>(),
                n["reason"]!.GetValue<string>())).ToList();
            Assert.True(expected.SequenceEqual(rows) && expected.Count == page["total"]!.GetValue<long>(),
                $"{what}: {page["total"]} answered where the walk finds {expected.Count}; only answered: " +
                string.Join("; ", rows.Except(expected).Take(4)) + "; only found by the walk: " + string.Join("; ", expected.Except(rows).Take(4)));
            Assert.Equal(expected.Count(e => e.Due == "overdue"), page["overdue"]!.GetValue<int>());

            // A small page further in: its rows are the walk's at that place (ties of a due date across the page's
            // edge included), and its counts the same.
            var small = await app.Get($"/api/inspections/due?asOf={asOf}&withinDays={within}&pageSize=7&page=2" +
                                      (only is null ? "" : $"&district={Uri.EscapeDataString(only)}"), StaffRoles.Analyst);
            Assert.Equal(expected.Skip(7).Take(7).Select(r => r.AccountId + r.Reason),
                small["items"]!.AsArray().Select(n => n!["accountId"]!.GetValue<Guid>() + n["reason"]!.GetValue<string>()));
            Assert.Equal(expected.Count, small["total"]!.GetValue<long>());
            Assert.Equal(expected.Count(e => e.Due == "overdue"), small["overdue"]!.GetValue<int>());
            compared += expected.Count;
        }
        return compared;
        }
    }

    private sealed record Row(Guid AccountId, string NextDue, string? LastInspected, string Due, int DaysOverdue, string Reason);

    /// <summary>The inspections due as the endpoint computed them before its read model: a walk over every account.</summary>
    private static List<Row> Oracle(IEnumerable<Account> accounts, DateOnly date, int within, GasLedger.Domain.Calendar.WorkingCalendar calendar,
        ServicePolicy policy)
    {
        var due = new List<(Row Row, string Number)>();
        foreach (var account in accounts)
        {
            var last = account.InspectedAt.Select(policy.LocalDate).Where(d => d <= date).Cast<DateOnly?>().DefaultIfEmpty(null).Max();
            void Add(DateOnly next, string reason)
            {
                var overdue = date.DayNumber - next.DayNumber;
                due.Add((new Row(account.Id, next.ToString("yyyy-MM-dd"), last?.ToString("yyyy-MM-dd"), overdue > 0 ? "overdue" : "due",
                    Math.Max(0, overdue), reason), account.Number));
            }
            if (Classifier.NextInspectionDue(account, date, policy) is { } next && next <= date.AddDays(within)) Add(next, "periodic");
            foreach (var holiday in HolidayInspections.Due(account, date, within, calendar, policy))
                Add(holiday.DueBy, holiday.Holiday switch
                {
                    InspectionHoliday.SpringFestival => "beforeSpringFestival",
                    InspectionHoliday.LabourDay => "beforeLabourDay",
                    _ => "beforeNationalDay",
                });
        }
        return due.OrderBy(d => d.Row.NextDue, StringComparer.Ordinal).ThenBy(d => d.Number, StringComparer.Ordinal).Select(d => d.Row).ToList();
    }
}
