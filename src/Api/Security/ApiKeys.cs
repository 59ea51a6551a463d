using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GasLedger.Api.Security;

/// <summary>One API key as configuration holds it: the SHA-256 of the key (hex), never the key itself.</summary>
public sealed record ApiKeyEntry
{
    public string Hash { get; init; } = "";
    public string StaffId { get; init; } = "";
    public string[] Roles { get; init; } = [];
}

/// <summary>The <c>GasLedger:ApiKeys</c> configuration section.</summary>
public sealed class ApiKeyOptions
{
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>
/// Authentication by the <c>X-Api-Key</c> header: the key's hash is looked up in configuration, then among the keys an
/// administrator issued (<see cref="StoredApiKeys"/>, not revoked), and mapped to a staff id and roles. No key or an
/// unknown or revoked key: 401. Stored keys are read on every request, with no cache, so a revocation holds from the
/// next request on.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<ApiKeyOptions> keys,
    StoredApiKeys stored, Hosting.Warmup warmup)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>The longest key looked at; anything longer is no key of ours (issued keys are 68 characters).</summary>
    private const int MaxKeyLength = 256;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.FirstOrDefault()))
            return AuthenticateResult.NoResult();
        var key = values.First()!;
        if (key.Length > MaxKeyLength) return AuthenticateResult.Fail("Unknown API key.");
        if (warmup.Authenticate(Context, key) is { } warming)
            return AuthenticateResult.Success(new AuthenticationTicket(warming, SchemeName));

        if (await Find(key, keys.CurrentValue, stored, Context.RequestAborted) is not { } entry)
            return AuthenticateResult.Fail("Unknown API key.");

        return AuthenticateResult.Success(
            new AuthenticationTicket(StaffRoles.Principal(entry.StaffId, entry.Roles, SchemeName), SchemeName));
    }

    /// <summary>
    /// The staff member and roles of a key: its hash in configuration first, then among the keys an administrator
    /// issued and has not revoked (the workbench's sign-in looks keys up the same way).
    /// </summary>
    public static Task<ApiKeyEntry?> Find(string key, ApiKeyOptions configured, StoredApiKeys stored, CancellationToken ct) =>
        FindHash(ApiKeyOptions.Hash(key), key.StartsWith(StoredApiKeys.Prefix, StringComparison.Ordinal), configured, stored, ct);

    /// <summary>A key by its hash (a workbench session keeps the hash, and whether the key was an issued one).</summary>
    public static async Task<ApiKeyEntry?> FindHash(string hash, bool issued, ApiKeyOptions configured, StoredApiKeys stored,
        CancellationToken ct)
    {
        var entry = configured.ApiKeys.FirstOrDefault(k =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Hash.ToLowerInvariant()), Encoding.ASCII.GetBytes(hash)));
        return entry ?? (issued ? await stored.Find(hash, ct) : null);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Header;
        await Results.Problem(statusCode: 401, title: "Unauthorized.",
            detail: $"Send a known API key in the {Header} header.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden.",
            detail: "Your role may not do this.").ExecuteAsync(Context);
    }
}

/// <summary>
/// Development keys for the embedded default: on first start one key per role, written in clear to
/// <c>dev-keys.json</c> for the developer, and hashed to <c>api-keys.json</c>, a configuration file the host loads.
/// </summary>
public static class DevKeys
{
    public const string KeysFile = "dev-keys.json";
    public const string ConfigFile = "api-keys.json";

    /// <summary>Makes the two files in <paramref name="directory"/> unless they exist; returns the configuration file.</summary>
    public static string Ensure(string directory)
    {
        Directory.CreateDirectory(directory);
        var keysPath = Path.Combine(directory, KeysFile);
        var configPath = Path.Combine(directory, ConfigFile);
        if (File.Exists(keysPath) && File.Exists(configPath)) return configPath;

        var keys = StaffRoles.All.ToDictionary(role => role, _ => "gl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        var entries = keys.Select(k => new ApiKeyEntry { Hash = ApiKeyOptions.Hash(k.Value), StaffId = "DEV-" + k.Key, Roles = [k.Key] });
        var indented = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        File.WriteAllText(configPath, JsonSerializer.Serialize(new { GasLedger = new { ApiKeys = entries } }, indented));
        File.WriteAllText(keysPath, JsonSerializer.Serialize(keys, indented));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return configPath;
    }
}
