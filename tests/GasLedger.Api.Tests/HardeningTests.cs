using System.Net;
using System.Text;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>Body size limit, rate limit per staff member, security headers, and error bodies that tell nothing of the inside.</summary>
[Collection(ApiCollection.Name)]
public sealed class HardeningTests(GasLedgerApp app)
{
    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? role, HttpContent? content = null,
        (string, string)? header = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (role is not null) request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
        if (header is { } h) request.Headers.Add(h.Item1, h.Item2);
        return await app.Host.Server.CreateClient().SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"status\":{status}", body);
        foreach (var inside in new[] { "   at ", "Exception", "Npgsql", "gasledger.", "select ", "insert ", "SQL", "relation" })
            Assert.DoesNotContain(inside, body);
    }

    [Fact]
    public async Task A_command_body_over_64_KiB_is_413_with_a_problem_and_nothing_is_written()
    {
        var before = await app.EventCount();
        var big = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { remarks = new string('x', 70 * 1024) }));
        using var response = await Send(HttpMethod.Post, "/api/accounts", StaffRoles.Agent,
            new ByteArrayContent(big) { Headers = { ContentType = new("application/json") } });
        await AssertProblem(response, 413);
        Assert.Equal(before, await app.EventCount());

        // Sent chunked, without a length: cut off at the limit, the same 413.
        using var chunked = await Send(HttpMethod.Post, "/api/accounts", StaffRoles.Agent,
            new UnsizedContent(big) { Headers = { ContentType = new("application/json") } });
        Assert.Null(chunked.RequestMessage?.Content?.Headers.ContentLength);
        await AssertProblem(chunked, 413);
        Assert.Equal(before, await app.EventCount());

        // Just under the limit is read (and refused for what it says, not for its size).
        var fits = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { remarks = new string('x', 60 * 1024) }));
        using var under = await Send(HttpMethod.Post, "/api/accounts", StaffRoles.Agent,
            new ByteArrayContent(fits) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(400, (int)under.StatusCode);
        Assert.Equal(Hardening.DefaultMaxRequestBodyBytes, 64 * 1024);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_api_answers_are_not_stored()
    {
        var answers = new (string Url, string? Role, HttpStatusCode Status)[]
        {
            ("/api/calendar/working-days?from=2026-02-13", StaffRoles.Analyst, HttpStatusCode.OK),
            ("/api/sla?state=nonsense", StaffRoles.Analyst, HttpStatusCode.BadRequest),
            ($"/api/accounts/{Guid.NewGuid()}", StaffRoles.Agent, HttpStatusCode.NotFound),
            ("/api/sla", null, HttpStatusCode.Unauthorized),
            ("/api/audit/events", StaffRoles.Agent, HttpStatusCode.Forbidden),
            ("/health", null, HttpStatusCode.OK),
            ("/openapi/v1.json", null, HttpStatusCode.OK),
        };
        foreach (var (url, role, status) in answers)
        {
            using var response = await Send(HttpMethod.Get, url, role);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Equal(Hardening.ApiContentSecurityPolicy, Header(response, "Content-Security-Policy"));
            if (url.StartsWith("/api")) Assert.Equal("no-store", Header(response, "Cache-Control"));
        }

        // The OpenAPI UI still loads: a page whose own scripts and styles its policy allows, never framed.
        using var ui = await Send(HttpMethod.Get, "/openapi/ui/", null);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("<script", await ui.Content.ReadAsStringAsync());
        var policy = Header(ui, "Content-Security-Policy");
        Assert.Contains("script-src 'self' 'unsafe-inline'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("DENY", Header(ui, "X-Frame-Options"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    [Fact]
    public async Task Over_the_rate_limit_a_staff_member_gets_429_with_retry_after_and_others_are_not_held_back()
    {
        var config = (IConfigurationRoot)app.Host.Services.GetRequiredService<IConfiguration>();
        Environment.SetEnvironmentVariable("GasLedger__RateLimit__PermitsPerSecond", "2");
        Environment.SetEnvironmentVariable("GasLedger__RateLimit__Burst", "3");
        config.Reload();
        try
        {
            var statuses = new List<int>();
            HttpResponseMessage? limited = null;
            for (var i = 0; i < 8; i++)
            {
                var response = await Send(HttpMethod.Get, "/api/calendar/working-days?from=2026-02-13", StaffRoles.CallbackStaff);
                statuses.Add((int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
            }
            Assert.Equal([200, 200, 200], statuses.Take(3));
            Assert.NotNull(limited);
            Assert.True(int.Parse(Header(limited!, "Retry-After")!) >= 1);
            await AssertProblem(limited!, 429);

            // Another staff member has a bucket of their own.
            using var other = await Send(HttpMethod.Get, "/api/calendar/working-days?from=2026-02-13", StaffRoles.Technician);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GasLedger__RateLimit__PermitsPerSecond", null);
            Environment.SetEnvironmentVariable("GasLedger__RateLimit__Burst", null);
            config.Reload();
        }
        // Back to the default (1000 per second): no 429 for a burst of 50.
        var burst = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Send(HttpMethod.Get, "/api/calendar/working-days?from=2026-02-13", StaffRoles.CallbackStaff)));
        Assert.All(burst, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_failure_inside_answers_500_without_stack_trace_or_sql()
    {
        // Force a database error on a real path: the idempotency table is away for a moment.
        await using (var away = app.Database.CreateCommand("alter table gasledger.idempotent_request rename to idempotent_request_away"))
            await away.ExecuteNonQueryAsync();
        try
        {
            using var response = await Send(HttpMethod.Post, "/api/accounts", StaffRoles.Agent,
                System.Net.Http.Json.JsonContent.Create(Journey.Application()), ("Idempotency-Key", Guid.NewGuid().ToString()));
            await AssertProblem(response, 500);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        }
        finally
        {
            await using var back = app.Database.CreateCommand("alter table gasledger.idempotent_request_away rename to idempotent_request");
            await back.ExecuteNonQueryAsync();
        }

        // Unreadable JSON: 400, and the parser's message (with its position and types) is not echoed.
        using var malformed = await Send(HttpMethod.Post, "/api/accounts", StaffRoles.Agent,
            new StringContent("{\"holder\": {\"name\": 12", Encoding.UTF8, "application/json"));
        await AssertProblem(malformed, 400);
    }
}

/// <summary>A body sent without a length (chunked).</summary>
internal sealed class UnsizedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
