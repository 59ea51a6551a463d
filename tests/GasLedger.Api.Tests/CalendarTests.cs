using System.Text.Json.Nodes;
using GasLedger.Api.Calendar;
using GasLedger.Api.Security;
using GasLedger.Domain.Calendar;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// The working-day calendar over HTTP (R-CAL-1, R-CAL-3): the working days after a date, bad input, and an administrator
/// recording the official arrangement of 2027, which has no notice yet and is provisional until then. The tests that
/// touch 2027 leave it provisional again when they end, as the rest of the shared host expects.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CalendarTests(GasLedgerApp app)
{
    private static string[] Dates(JsonNode? list) => list!.AsArray().Select(d => d!.GetValue<string>()).ToArray();

    private static int[] Years(JsonNode? list) => list!.AsArray().Select(d => d!.GetValue<int>()).ToArray();

    private async Task<JsonNode?> Send(string method, string role, string url, object? body, int expect)
    {
        var result = await app.Host.Scenario(s =>
        {
            if (method == "PUT")
            {
                if (body is string raw) s.Put.RawJson(raw).ToUrl(url); else s.Put.Json(body!).ToUrl(url);
            }
            else s.Delete.Url(url);
            if (role != "") s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(role));
            s.StatusCodeShouldBe(expect);
        });
        var text = await result.ReadAsTextAsync();
        return string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>2027 as the built-in data leaves it: no arrangement stored, the calendar in force reloaded from the store.</summary>
    private async Task Given2027WithoutNotice()
    {
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Delete<YearArrangement>(2027);
            await session.SaveChangesAsync();
        }
        await app.Host.Services.GetRequiredService<Calendars>().Reload();
    }

    /// <summary>A made-up arrangement for 2027 (its notice is not out): New Year 1–4 January, Spring Festival 5–12 February, Saturday 20 February worked.</summary>
    private static readonly object Test2027 = new
    {
        holidays = new[] { "2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04", "2027-02-05", "2027-02-06", "2027-02-07",
            "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12" },
        adjustedWorkingDays = new[] { "2027-02-20" },
        source = "Test arrangement for 2027 (made up: the notice is not out)",
    };

    [Fact]
    public async Task R_CAL_3_the_three_working_days_after_2026_09_30_skip_national_day_and_count_saturday_10_october()
    {
        var answer = await app.Get("/api/calendar/working-days?from=2026-09-30&count=3");
        Assert.Equal("2026-09-30", answer["from"]!.GetValue<string>());
        Assert.Equal(3, answer["count"]!.GetValue<int>());
        Assert.Equal(["2026-10-08", "2026-10-09", "2026-10-10"], Dates(answer["workingDays"]));
        Assert.False(answer["provisional"]!.GetValue<bool>());
        Assert.Empty(Years(answer["provisionalYears"]));
    }

    [Fact]
    public async Task R_CAL_1_every_role_may_read_and_count_defaults_to_10_from_today()
    {
        foreach (var role in StaffRoles.All)
        {
            var answer = await app.Get("/api/calendar/working-days?from=2026-02-13", role);
            Assert.Equal(
                ["2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"],
                Dates(answer["workingDays"]));
        }
        var today = await app.Get("/api/calendar/working-days");
        var todayInShanghai = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        Assert.Equal(todayInShanghai.ToString("yyyy-MM-dd"), today["from"]!.GetValue<string>());
        Assert.Equal(10, today["workingDays"]!.AsArray().Count);
        await app.Get("/api/calendar/working-days?from=2026-09-30", role: "", expect: 401);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=30.09.2026", "from")]
    [InlineData("from=2026-09-30T10:00:00%2B08:00", "from")]
    [InlineData("from=2007-12-31", "from")]
    [InlineData("from=2098-01-01", "from")]
    [InlineData("from=2026-09-30&count=0", "count")]
    [InlineData("from=2026-09-30&count=367", "count")]
    [InlineData("from=2026-09-30&count=-1", "count")]
    [InlineData("from=2026-09-30&count=ten", "count")]
    [InlineData("from=2026-09-30&count=2.5", "count")]
    public async Task Bad_from_or_count_is_400_with_the_field_named(string query, string field)
    {
        var problem = await app.Get("/api/calendar/working-days?" + query, expect: 400);
        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task R_CAL_1_an_administrator_records_2027_and_answers_are_no_longer_provisional()
    {
        await Given2027WithoutNotice();
        try
        {
            // Before: 2027 is provisional — 1 January (Friday) off, then the weekend; no make-up for 1 January.
            var before = await app.Get("/api/calendar/working-days?from=2026-12-29&count=5");
            Assert.Equal(["2026-12-30", "2026-12-31", "2027-01-04", "2027-01-05", "2027-01-06"], Dates(before["workingDays"]));
            Assert.True(before["provisional"]!.GetValue<bool>());
            Assert.Equal([2027], Years(before["provisionalYears"]));
            var provisional = await app.Get("/api/calendar/years/2027");
            Assert.Equal("provisional", provisional["origin"]!.GetValue<string>());
            Assert.Equal(["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10"],
                Dates(provisional["holidays"]).Take(7));

            var put = await Send("PUT", StaffRoles.Admin, "/api/calendar/years/2027", Test2027, 200);
            Assert.Equal(2027, put!["year"]!.GetValue<int>());
            Assert.False(put["provisional"]!.GetValue<bool>());
            Assert.Equal("added", put["origin"]!.GetValue<string>());
            Assert.Equal(["2027-02-20"], Dates(put["adjustedWorkingDays"]));
            Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Admin), put["recordedBy"]!.GetValue<string>());

            var after = await app.Get("/api/calendar/working-days?from=2026-12-29&count=5");
            Assert.Equal(["2026-12-30", "2026-12-31", "2027-01-05", "2027-01-06", "2027-01-07"], Dates(after["workingDays"]));
            Assert.False(after["provisional"]!.GetValue<bool>());
            Assert.Empty(Years(after["provisionalYears"]));
            var spring = await app.Get("/api/calendar/working-days?from=2027-02-04&count=3");
            Assert.Equal(["2027-02-15", "2027-02-16", "2027-02-17"], Dates(spring["workingDays"]));
            var saturday = await app.Get("/api/calendar/working-days?from=2027-02-19&count=1");
            Assert.Equal(["2027-02-20"], Dates(saturday["workingDays"]));

            // Loaded again from the store (as at a restart), 2027 stays official.
            var reloaded = await app.Host.Services.GetRequiredService<Calendars>().Reload();
            Assert.False(reloaded.IsProvisional(2027));
            Assert.Equal(12, reloaded.ArrangementOf(2027).Holidays.Count);

            // Taken back: provisional again.
            var removed = await Send("DELETE", StaffRoles.Admin, "/api/calendar/years/2027", null, 200);
            Assert.Equal("provisional", removed!["origin"]!.GetValue<string>());
            var again = await app.Get("/api/calendar/working-days?from=2026-12-29&count=5");
            Assert.True(again["provisional"]!.GetValue<bool>());
            await Send("DELETE", StaffRoles.Admin, "/api/calendar/years/2027", null, 404);
        }
        finally
        {
            await Given2027WithoutNotice();
        }
    }

    [Fact]
    public async Task R_CAL_1_the_built_in_years_cite_their_notice()
    {
        var year = await app.Get("/api/calendar/years/2026");
        Assert.Equal("builtIn", year["origin"]!.GetValue<string>());
        Assert.False(year["provisional"]!.GetValue<bool>());
        Assert.Equal(248, year["workingDays"]!.GetValue<int>());
        Assert.Contains("国务院办公厅关于2026年部分节假日安排的通知", year["source"]!.GetValue<string>());
        Assert.Equal(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"], Dates(year["adjustedWorkingDays"]));
        await app.Get("/api/calendar/years/2100", expect: 400);
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/calendar/years/twenty");
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Analyst));
            s.StatusCodeShouldBe(404);
        });
    }

    [Theory]
    [InlineData(StaffRoles.Agent)]
    [InlineData(StaffRoles.CustomerManager)]
    [InlineData(StaffRoles.Analyst)]
    [InlineData(StaffRoles.Auditor)]
    public async Task Only_an_administrator_may_record_or_remove_a_year(string role)
    {
        await Given2027WithoutNotice();
        await Send("PUT", role, "/api/calendar/years/2027", Test2027, 403);
        await Send("DELETE", role, "/api/calendar/years/2027", null, 403);
        await Send("PUT", "", "/api/calendar/years/2027", Test2027, 401);
        Assert.True((await app.Get("/api/calendar/years/2027"))["provisional"]!.GetValue<bool>());
    }

    public static TheoryData<string, object, string[]> BadArrangements => new()
    {
        { "date outside the year", new { holidays = new[] { "2027-01-01", "2026-12-31" }, source = "s" }, ["holidays[1]"] },
        { "holiday and working day", new { holidays = new[] { "2027-02-06" }, adjustedWorkingDays = new[] { "2027-02-06" }, source = "s" }, ["adjustedWorkingDays[0]"] },
        { "adjusted working day on a weekday", new { holidays = new[] { "2027-01-01" }, adjustedWorkingDays = new[] { "2027-02-10" }, source = "s" }, ["adjustedWorkingDays[0]"] },
        { "listed twice", new { holidays = new[] { "2027-01-01", "2027-01-01" }, source = "s" }, ["holidays[1]"] },
        { "not a date", new { holidays = new[] { "2027-02-30", "1 May" }, adjustedWorkingDays = new[] { (string?)null }, source = "s" }, ["holidays[0]", "holidays[1]", "adjustedWorkingDays[0]"] },
        { "no holidays, no source", new { adjustedWorkingDays = Array.Empty<string>() }, ["holidays", "source"] },
        { "empty holidays", new { holidays = Array.Empty<string>(), source = "s" }, ["holidays"] },
    };

    [Theory]
    [MemberData(nameof(BadArrangements))]
    public async Task A_malformed_arrangement_is_400_and_nothing_is_stored(string why, object body, string[] fields)
    {
        await Given2027WithoutNotice();
        var problem = await Send("PUT", StaffRoles.Admin, "/api/calendar/years/2027", body, 400);
        Assert.True(fields.SequenceEqual(problem!["errors"]!.AsObject().Select(e => e.Key)), why);
        Assert.True((await app.Get("/api/calendar/years/2027"))["provisional"]!.GetValue<bool>(), why);
        await Send("DELETE", StaffRoles.Admin, "/api/calendar/years/2027", null, 404);
    }

    [Fact]
    public async Task A_year_the_calendar_does_not_know_or_an_unreadable_body_is_400()
    {
        var problem = await Send("PUT", StaffRoles.Admin, "/api/calendar/years/2100", Test2027, 400);
        Assert.Equal(["year"], problem!["errors"]!.AsObject().Select(e => e.Key));
        await Send("PUT", StaffRoles.Admin, "/api/calendar/years/2027", "{\"holidays\": \"2027-01-01\"}", 400);
        await Send("PUT", StaffRoles.Admin, "/api/calendar/years/2027", "{not json", 400);
        Assert.True((await app.Get("/api/calendar/years/2027"))["provisional"]!.GetValue<bool>());
    }
}
