using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using GasLedger.Api.Security;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// One GasLedger host for the whole test assembly (Wolverine compiles its handlers at start: seconds), on the real
/// PostgreSQL of <c>GASLEDGER_TEST_DB</c>, with one API key per role. The schema is dropped before the host starts (so
/// the host makes it anew and the async daemon starts from an empty log); tests make their own accounts and compare
/// counts, never totals.
/// </summary>
public sealed class GasLedgerApp : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>Everything the host logged.</summary>
    public CapturedLog Log { get; } = new();

    public static readonly byte[] MasterKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    public const string MasterKeyId = "test-1";

    public static string KeyOf(string role) => $"test-key-{role}";

    public static string StaffOf(string role) => $"T-{role}";

    /// <summary>Bearer tokens as a second way in (GasLedger:Jwt): a symmetric key, issuer and audience for the tests.</summary>
    public const string JwtSigningKey = "test-signing-key-of-at-least-32-bytes-for-hs256";
    public const string JwtIssuer = "https://idp.test.gasledger";
    public const string JwtAudience = "gasledger-api";

    public async Task InitializeAsync()
    {
        var db = Environment.GetEnvironmentVariable("GASLEDGER_TEST_DB")
            ?? throw new InvalidOperationException("Set GASLEDGER_TEST_DB to a PostgreSQL database the tests may wipe (./test.sh does).");
        Environment.SetEnvironmentVariable("GASLEDGER_DB", db);
        for (var i = 0; i < StaffRoles.All.Length; i++)
        {
            var role = StaffRoles.All[i];
            Environment.SetEnvironmentVariable($"GasLedger__ApiKeys__{i}__Hash", ApiKeyOptions.Hash(KeyOf(role)));
            Environment.SetEnvironmentVariable($"GasLedger__ApiKeys__{i}__StaffId", StaffOf(role));
            Environment.SetEnvironmentVariable($"GasLedger__ApiKeys__{i}__Roles__0", role);
        }
        Environment.SetEnvironmentVariable("GasLedger__Jwt__SigningKey", JwtSigningKey);
        Environment.SetEnvironmentVariable("GasLedger__Jwt__Issuer", JwtIssuer);
        Environment.SetEnvironmentVariable("GasLedger__Jwt__Audience", JwtAudience);
        // Party records (R-ACC-4): a master key of this run, which the tests know.
        Environment.SetEnvironmentVariable("GasLedger__MasterKey", Convert.ToBase64String(MasterKey));
        Environment.SetEnvironmentVariable("GasLedger__MasterKeyId", MasterKeyId);
        // The host logs at Information into Log (the privacy tests search it); only warnings and errors reach the console.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Information");
        // A fresh schema, dropped before the host starts: the async daemon then starts on an empty event store (data reset
        // under a running daemon leaves its shards past sequence numbers the new events reuse, and those are never projected).
        await using (var fresh = NpgsqlDataSource.Create(db))
        await using (var drop = fresh.CreateCommand($"drop schema if exists {GasLedger.Api.Hosting.Storage.Schema} cascade"))
            await drop.ExecuteNonQueryAsync();
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(web => web.ConfigureLogging(l =>
        {
            l.ClearProviders();
            l.AddProvider(Log);
        }));
        Contract = await Contract.Of(Host.Services);
    }

    /// <summary>The OpenAPI document, against which <see cref="Post"/> and <see cref="Get"/> check every answer.</summary>
    public Contract Contract { get; private set; } = null!;

    private async Task<string> Checked(string method, string url, IScenarioResult result)
    {
        var text = await result.ReadAsTextAsync();
        var response = result.Context.Response;
        if (Contract.Violation(method, url, response.StatusCode, response.ContentType, text) is { } violation)
            Assert.Fail($"The answer disagrees with the OpenAPI document. {violation}");
        return text;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Waits until the async projections have caught up with every event written so far.</summary>
    public Task WaitForProjections() =>
        Host.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    public NpgsqlDataSource Database => Host.Services.GetRequiredService<NpgsqlDataSource>();

    public async Task<long> EventCount(Guid? stream = null)
    {
        await using var cmd = Database.CreateCommand(
            stream is null ? "select count(*) from gasledger.mt_events" : "select count(*) from gasledger.mt_events where stream_id = $1");
        if (stream is not null) cmd.Parameters.AddWithValue(stream.Value);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>POSTs a body (an object, or raw text sent as JSON) as a role, checks the status, returns the answer.</summary>
    public async Task<JsonNode?> Post(string role, string url, object? body, int expect, string? idempotencyKey = null)
    {
        var result = await Host.Scenario(s =>
        {
            if (body is string raw) s.Post.RawJson(raw).ToUrl(url);
            else s.Post.Json(body ?? new { }).ToUrl(url);
            if (role != "") s.WithRequestHeader("X-Api-Key", KeyOf(role));
            if (idempotencyKey is not null) s.WithRequestHeader("Idempotency-Key", idempotencyKey);
            s.StatusCodeShouldBe(expect);
        });
        var text = await Checked("POST", url, result);
        return string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>GETs as a role (default: an auditor, who may read every read route), checks the status, returns the answer.</summary>
    public async Task<JsonNode> Get(string url, string role = StaffRoles.Auditor, int expect = 200)
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            if (role != "") s.WithRequestHeader("X-Api-Key", KeyOf(role));
            s.StatusCodeShouldBe(expect);
        });
        return JsonNode.Parse(await Checked("GET", url, result))!;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<GasLedgerApp>
{
    public const string Name = "GasLedger API on PostgreSQL";
}
