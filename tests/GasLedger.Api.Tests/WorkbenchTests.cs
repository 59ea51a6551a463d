using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using GasLedger.Api.Security;
using GasLedger.City;
using Microsoft.Playwright;

namespace GasLedger.Api.Tests;

/// <summary>
/// The workbench (issue 21) in a real browser: Debian's <c>chromium</c> driven by Playwright, against the built API as a
/// process of its own on the demo city (<c>city demo</c>, as <c>./run.sh --demo</c> loads it).
/// </summary>
public sealed class WorkbenchFixture : IAsyncLifetime
{
    public const int Accounts = 400;
    public ApiProcess Api { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Debian's chromium (Playwright's own download cannot reach its host here): <c>./test.sh</c> installs it.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("GASLEDGER_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"No browser at {Chromium}: ./test.sh installs Debian's chromium (apt-get install chromium fonts-noto-cjk).");
        Api = await ApiProcess.StartDemo("gasledger_web_test", Accounts);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Api.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) with a page whose console errors are kept.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> Open(bool english = false)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = $"http://127.0.0.1:{Api.Port}", Locale = english ? "en-US" : "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };
        return (context, page, errors);
    }

    /// <summary>Signs in with the key of <paramref name="role"/> and waits for the overview.</summary>
    public static async Task SignIn(IPage page, string role)
    {
        await page.GotoAsync("/sign-in");
        await page.FillAsync("#key", GasLedgerApp.KeyOf(role));
        await page.ClickAsync("form.sign-in button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in"));
    }
}

[CollectionDefinition(Name)]
public sealed class WorkbenchCollection : ICollectionFixture<WorkbenchFixture>
{
    public const string Name = "Workbench";
}

[Collection(WorkbenchCollection.Name)]
public sealed class WorkbenchTests(WorkbenchFixture web)
{
    /// <summary>The screenshots the README shows, taken on the demo city (docs/screenshots).</summary>
    private static readonly string ScreenshotDirectory = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GasLedger.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GasLedger.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task A_page_without_a_session_redirects_to_sign_in_and_a_wrong_key_signs_no_one_in()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        foreach (var path in new[] { "/", "/time-limits", "/ledgers/complaints", "/accounts" })
        {
            await page.GotoAsync(path);
            Assert.Contains("/sign-in", page.Url);
            Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), page.Url, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Empty(errors);
        await page.FillAsync("#key", "gl_not-a-key");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form.sign-in button[type=submit]"),
            r => r.Url.Contains("/sign-in") && r.Request.Method == "POST");
        Assert.Equal(401, refused.Status);
        Assert.Contains("/sign-in", page.Url);
        Assert.NotNull(await page.QuerySelectorAsync("p.error[role=alert]"));
        Assert.Empty((await context.CookiesAsync()).Where(c => c.Name == "gl_session"));
        // The browser notes the page's own 401 in its console; nothing else.
        Assert.All(errors, e => Assert.Contains("401", e));
    }

    [Fact]
    public async Task Signing_in_gives_an_HttpOnly_strict_session_that_signing_out_ends()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await WorkbenchFixture.SignIn(page, StaffRoles.Analyst);
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "gl_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);

        await page.ClickAsync("header form[action='/sign-out'] button");
        await page.WaitForURLAsync(url => url.Contains("/sign-in"));
        Assert.Empty((await context.CookiesAsync()).Where(c => c.Name == "gl_session"));
        await page.GotoAsync("/");
        Assert.Contains("/sign-in", page.Url);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_overview_draws_every_chart_from_the_demo_city_and_takes_screenshots()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await page.SetViewportSizeAsync(1400, 1000);
        await WorkbenchFixture.SignIn(page, StaffRoles.Admin);
        await page.GotoAsync("/");
        await AssertChartsDrawn(page, atLeast: 3);
        // Accounts by stage hold the demo city's accounts.
        var stages = await page.Locator("#stages ~ table td.num").AllInnerTextsAsync();
        Assert.Equal(WorkbenchFixture.Accounts, stages.Sum(s => int.Parse(s.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)));
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "overview.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_filter_changes_the_rows_and_the_url_and_the_ledger_downloads_as_csv()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await WorkbenchFixture.SignIn(page, StaffRoles.Admin);

        await page.GotoAsync("/time-limits");
        var all = await Count(page);
        await page.EvaluateAsync("() => window.sameDocument = true"); // htmx swaps the rows in: the page is not reloaded
        await page.SelectOptionAsync("select[name=state]", "breached");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("state=breached"));
        var breached = await Count(page);
        Assert.True(breached > 0 && breached < all, $"{breached} breached of {all}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        foreach (var row in await page.Locator("table.rows tbody tr").AllAsync())
            Assert.Equal("bad", await row.GetAttributeAsync("class"));

        await page.GotoAsync("/ledgers/complaints");
        var complaints = await Count(page);
        Assert.True(complaints > 0);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.download"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("complaints", download.SuggestedFilename);
        // The same file the API gives for Accept: text/csv.
        using var request = web.Api.Request(HttpMethod.Get, "/api/ledgers/complaints", StaffRoles.Admin);
        request.Headers.Accept.ParseAdd("text/csv");
        using var api = await web.Api.Client.SendAsync(request);
        Assert.Equal(await api.Content.ReadAsStringAsync(), csv);
        Assert.True(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > complaints, "a header line, then every row");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_as_of_control_shows_the_account_as_it_stood()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await WorkbenchFixture.SignIn(page, StaffRoles.Analyst);
        await page.GotoAsync("/accounts?district=" + Uri.EscapeDataString(CityMap.Districts[0]));
        await page.ClickAsync("table.rows tbody tr:first-child a");
        await page.WaitForSelectorAsync("#history");
        var now = await page.InnerTextAsync("#account-state");
        var events = await page.Locator("#history li").CountAsync();
        Assert.True(events > 3);
        var applied = (await page.InnerTextAsync("#account-header")).Split('\n')
            .SkipWhile(l => !l.Contains("报装")).Skip(1).First()[..10];

        await page.FillAsync("input[name=asOf]", applied);
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("asOf=" + applied));
        Assert.NotEqual(now, await page.InnerTextAsync("#account-state"));
        Assert.True(await page.Locator("#history li").CountAsync() < events);
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "account.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_page_loads_for_every_role_it_is_open_to_without_a_serious_accessibility_violation()
    {
        foreach (var role in new[] { StaffRoles.Admin, StaffRoles.Analyst, StaffRoles.Agent, StaffRoles.Technician, StaffRoles.CallbackStaff })
        {
            var (context, page, errors) = await web.Open();
            await using var _ = context;
            await WorkbenchFixture.SignIn(page, role);
            var links = await page.Locator("header nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            Assert.Contains("/", links);
            foreach (var link in links)
            {
                var response = await page.GotoAsync(link);
                Assert.True(response!.Status == 200,
                    $"{role} {link}: {response.Status}\n{string.Join("\n", web.Api.Output.SkipWhile(l => !l.Contains("Unhandled error")).Take(12))}");
                await AssertChartsDrawn(page, atLeast: 0);
                // No page ships more than 1 MB of script, and none of it inline.
                var sources = await page.EvaluateAsync<string[]>("() => Array.from(document.scripts).map(s => s.src)");
                Assert.DoesNotContain("", sources);
                long script = 0;
                foreach (var source in sources) script += (await web.Api.Client.GetByteArrayAsync(source)).Length;
                Assert.InRange(script, 1, 1_048_576);
                var axe = await page.RunAxe();
                var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToArray();
                Assert.True(serious.Length == 0, $"{role} {link}: {string.Join("; ", serious)}");
            }
            Assert.True(errors.Count == 0, $"{role}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public async Task An_analyst_sees_no_audit_page_and_no_personal_data_in_clear()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await WorkbenchFixture.SignIn(page, StaffRoles.Analyst);
        var links = await page.Locator("header nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.DoesNotContain("/audit", links);
        var audit = await page.GotoAsync("/audit");
        Assert.Equal(403, audit!.Status);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(errors.All(e => e.Contains("403")), string.Join("\n", errors)); // the browser notes the page's own 403; nothing else
        errors.Clear();

        // The demo city's holders, from its generator: none of their names, phones or ID numbers in any page's HTML.
        var parties = new CityGenerator(new CityOptions { Accounts = WorkbenchFixture.Accounts }, Domain.ServicePolicy.Default).Accounts()
            .SelectMany(a => a.Parties).ToArray();
        var secrets = parties.SelectMany(p => new[] { p.Phone, p.IdNumber, p.Name is { Length: >= 3 } name ? name : null })
            .Where(s => !string.IsNullOrEmpty(s)).Distinct().ToArray();
        await page.GotoAsync("/accounts?district=" + Uri.EscapeDataString(CityMap.Districts[1]));
        var html = new List<string> { await page.ContentAsync() };
        await page.ClickAsync("table.rows tbody tr:first-child a");
        html.Add(await page.ContentAsync());
        foreach (var link in links)
        {
            await page.GotoAsync(link);
            html.Add(await page.ContentAsync());
        }
        foreach (var text in html)
            Assert.DoesNotContain(secrets, s => text.Contains(s!, StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task R_INT_2_an_agent_sees_a_holder_in_clear_only_on_asking_each_time_logged_and_an_analyst_never()
    {
        async Task<long> Logged(string role)
        {
            using var request = web.Api.Request(HttpMethod.Get, $"/api/audit/access-log?staffId={GasLedgerApp.StaffOf(role)}", StaffRoles.Auditor);
            using var answer = await web.Api.Client.SendAsync(request);
            return System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["total"]!.GetValue<long>();
        }
        var city = new CityGenerator(new CityOptions { Accounts = WorkbenchFixture.Accounts }, Domain.ServicePolicy.Default).Accounts().ToArray();

        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await WorkbenchFixture.SignIn(page, StaffRoles.Agent);
        await page.GotoAsync("/accounts?district=" + Uri.EscapeDataString(CityMap.Districts[2]));
        await page.ClickAsync("table.rows tbody tr:first-child a");
        await page.WaitForSelectorAsync("#holder");
        var number = (await page.TitleAsync()).Split(' ')[0];
        var holder = city.Single(a => a.Number == number).Parties[^1];
        Assert.DoesNotContain(holder.Name!, await page.ContentAsync());
        var before = await Logged(StaffRoles.Agent);

        await page.ClickAsync("#unmask");
        await page.WaitForURLAsync(new Regex("unmasked=true"));
        Assert.Contains(holder.Name!, await page.InnerTextAsync("#holder"));
        Assert.Contains(holder.Phone!, await page.InnerTextAsync("#holder"));
        Assert.Equal(before + 1, await Logged(StaffRoles.Agent));
        Assert.Empty(errors);

        var (analystContext, analyst, _) = await web.Open();
        await using var __ = analystContext;
        await WorkbenchFixture.SignIn(analyst, StaffRoles.Analyst);
        var url = new Uri(page.Url).PathAndQuery;
        Assert.Equal(403, (await analyst.GotoAsync(url))!.Status);
        Assert.Null(await analyst.QuerySelectorAsync("#unmask"));
        Assert.Equal(0, await Logged(StaffRoles.Analyst));
    }

    [Fact]
    public async Task An_auditor_sees_the_checkpoint_and_runs_the_verification_with_its_progress_to_a_pass()
    {
        var (context, page, errors) = await web.Open();
        await using var _ = context;
        await WorkbenchFixture.SignIn(page, StaffRoles.Auditor);
        await page.GotoAsync("/audit");
        Assert.Matches(@"#\d+ [0-9a-f]{64}", await page.InnerTextAsync("#checkpoint"));
        await page.ClickAsync("form[action*='handler=Verify'] button");
        await page.WaitForSelectorAsync("#verdict", new() { Timeout = 120_000 });
        Assert.Contains("通过", await page.InnerTextAsync("#verdict"));
        Assert.True(await page.Locator("#progress li").CountAsync() > 1, "the progress lines");
        Assert.Empty(errors);
    }

    private static async Task<int> Count(IPage page) =>
        int.Parse((await page.InnerTextAsync("p.count")).Where(char.IsDigit).ToArray(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every chart of the page has rendered, onto a canvas with pixels painted.</summary>
    private static async Task AssertChartsDrawn(IPage page, int atLeast)
    {
        // The overview's panels come each on its own request after the page: all of them in first.
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-loading]')");
        var charts = page.Locator(".chart[data-chart]");
        var count = await charts.CountAsync();
        Assert.True(count >= atLeast, $"{page.Url}: {count} charts");
        for (var i = 0; i < count; i++)
        {
            await page.WaitForSelectorAsync($".chart[data-chart] >> nth={i} >> xpath=self::*[@data-drawn='true']");
            var painted = await charts.Nth(i).EvaluateAsync<int>("""
                el => { const c = el.querySelector('canvas'); if (!c) return 0;
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                  for (let k = 3; k < d.length; k += 4) if (d[k] > 0) n++; return n; }
                """);
            Assert.True(painted > 500, $"{page.Url}: chart {i} painted {painted} pixels");
        }
    }
}
