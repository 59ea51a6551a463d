using System.Net;
using System.Net.Http.Json;
using System.Text;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>One API process on a real Kestrel for the tests of what only a real web server shows.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ApiProcess Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiProcess.Start("gasledger_server_test");

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "GasLedger API process on a real Kestrel";
}

/// <summary>
/// The web server's own behaviour (issue 23): its rejections carry the security headers, a broken chunked body is a
/// 400 that names nothing of .NET, HEAD answers wherever GET does.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServerTests(ServerFixture server)
{
    private ApiProcess Api => server.Api;

    private static readonly string[] SecurityHeaders =
    [
        "X-Content-Type-Options: nosniff", "X-Frame-Options: DENY", "Referrer-Policy: no-referrer",
        $"Content-Security-Policy: {Hardening.ApiContentSecurityPolicy}",
    ];

    [Theory]
    [InlineData("broken header line", "GET /api/status HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400)]
    [InlineData("request line too long", "GET /{long} HTTP/1.1\r\nHost: x\r\n\r\n", 414)]
    [InlineData("headers too large", "GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: {long}{long}{long}{long}{long}\r\n\r\n", 431)]
    [InlineData("unknown HTTP version", "GET /api/status HTTP/9.9\r\nHost: x\r\n\r\n", 505)]
    [InlineData("a NUL in the path", "GET /api/accounts/%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    public async Task The_web_servers_own_rejections_carry_the_security_headers(string what, string request, int status)
    {
        var answer = await Api.Raw(Encoding.ASCII.GetBytes(request.Replace("{long}", new string('a', 10_000))));
        Assert.True(answer.StartsWith($"HTTP/1.1 {status} "), $"{what}: {answer}");
        var head = answer[..answer.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.All(SecurityHeaders, h => Assert.Contains(h, head));
    }

    [Fact]
    public async Task An_answer_of_the_application_then_a_rejection_on_one_connection_each_carry_the_headers_once()
    {
        var request = $"GET /api/calendar/working-days?from=2026-02-13 HTTP/1.1\r\nHost: x\r\nX-Api-Key: {GasLedgerApp.KeyOf(StaffRoles.Analyst)}\r\n\r\n" +
                      "GET /api/status HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n";
        var answer = await Api.Raw(Encoding.ASCII.GetBytes(request));
        var second = answer.IndexOf("HTTP/1.1 400 ", StringComparison.Ordinal);
        Assert.True(answer.StartsWith("HTTP/1.1 200 ") && second > 0, answer);
        foreach (var part in new[] { answer[..second], answer[second..] })
            Assert.All(SecurityHeaders, h => Assert.Single(part.Split("\r\n"), line => line == h));
        Assert.Contains("\"workingDays\"", answer[..second]);
    }

    [Fact]
    public async Task Issue_23_5_a_chunked_body_with_an_overflowing_chunk_size_is_400_naming_nothing_of_dotnet()
    {
        var account = await Apply();
        var answer = await Api.Raw(Encoding.ASCII.GetBytes(
            $"POST /api/accounts/{account}/complaints HTTP/1.1\r\nHost: x\r\nX-Api-Key: {GasLedgerApp.KeyOf(StaffRoles.Agent)}\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nab\r\n0\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Contains("\"body\"", answer);
        Assert.DoesNotContain("exceptionType", answer);
        Assert.DoesNotContain("System.", answer);
        Assert.DoesNotContain("GasLedger.", answer);
        Assert.DoesNotContain(Api.Output, l => l.Contains("fail:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issue_23_6_HEAD_answers_wherever_GET_does_with_the_same_status_and_no_body()
    {
        var account = await Apply();
        foreach (var (url, role) in new[]
                 {
                     ($"/api/accounts/{account}", StaffRoles.Agent), ($"/api/accounts/{account}/history", StaffRoles.Agent),
                     ("/api/ledgers/applications", StaffRoles.Analyst), ("/api/calendar/working-days", StaffRoles.Analyst),
                     ($"/api/accounts/{Guid.NewGuid()}", StaffRoles.Agent),
                 })
        {
            using var get = await Api.Client.SendAsync(Api.Request(HttpMethod.Get, url, role));
            using var head = await Api.Client.SendAsync(Api.Request(HttpMethod.Head, url, role));
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal("nosniff", head.Headers.GetValues("X-Content-Type-Options").Single());
        }
        using var anonymous = await Api.Client.SendAsync(Api.Request(HttpMethod.Head, $"/api/accounts/{account}", null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Issue_25_5_health_says_ready_only_once_the_host_has_warmed_up()
    {
        // ApiProcess.Launch returned on the first 200 of /health: the warm-up had finished by then.
        Assert.Contains(Api.Output, l => l.Contains("Warmed up with", StringComparison.Ordinal));
        using var health = await Api.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The warm-up's own key is not one a client can find or use: a key of its form is unknown.
        using var guess = await Api.Client.SendAsync(Api.Request(HttpMethod.Get, "/api/status", null).WithKey("warmup_" + new string('0', 48)));
        Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
    }

    private async Task<Guid> Apply()
    {
        using var answer = await Api.Client.SendAsync(Api.Request(HttpMethod.Post, "/api/accounts", StaffRoles.Agent,
            JsonContent.Create(Journey.Application())));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accountId"]!.GetValue<Guid>();
    }
}

internal static class RequestKeys
{
    public static HttpRequestMessage WithKey(this HttpRequestMessage request, string key)
    {
        request.Headers.Add("X-Api-Key", key);
        return request;
    }
}
