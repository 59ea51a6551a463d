using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using GasLedger.Api.Security;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

namespace GasLedger.Api.Hosting;

/// <summary>
/// Readiness: a host that has just started answers its first requests of each kind in hundreds of milliseconds (code
/// compiled and jitted on first use, Marten's document storage built, the first connections opened) where a warm one
/// takes a few. So before <c>/health</c> says ready, the host sends itself one round of requests over loopback: every
/// GET route, and every command route with an empty body and unknown ids (refused, so nothing is written). Wolverine
/// compiles every endpoint at start (<c>RouteWarmup.Eager</c>). The requests carry a key made for this process that
/// exists only in its memory, is taken only from loopback, and stops working once the host is ready.
/// </summary>
public sealed class Warmup(IServer server, EndpointDataSource endpoints, IHostApplicationLifetime lifetime, ILogger<Warmup> log)
    : BackgroundService
{
    private readonly string _key = "warmup_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private volatile bool _ready;

    /// <summary>Whether the host is warm: <c>/health</c> answers 200 from then on.</summary>
    public bool Ready => _ready;

    /// <summary>The warm-up's own credentials: every role, from loopback, until the host is ready.</summary>
    public System.Security.Claims.ClaimsPrincipal? Authenticate(HttpContext http, string key) =>
        !_ready && key.Length == _key.Length
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(key), System.Text.Encoding.ASCII.GetBytes(_key))
        && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
            ? StaffRoles.Principal("system:warmup", StaffRoles.All, ApiKeyAuthentication.SchemeName)
            : null;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            if (!await Started(ct)) return;
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null)
            {
                _ready = true; // no listening address (an in-memory test server): nothing to warm over loopback
                return;
            }
            var clock = Stopwatch.StartNew();
            var loopback = address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1");
            using var client = new HttpClient { BaseAddress = new Uri(loopback), Timeout = TimeSpan.FromSeconds(30) };
            var requests = Requests().ToArray();
            for (var round = 0; round < 2; round++)
                foreach (var (method, url) in requests)
                {
                    using var request = new HttpRequestMessage(method, url);
                    request.Headers.Add(ApiKeyAuthentication.Header, _key);
                    if (method == HttpMethod.Post) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                    try
                    {
                        using var _ = await client.SendAsync(request, ct);
                    }
                    catch (HttpRequestException) { }
                }
            log.LogInformation("Warmed up with {Requests} requests in {Seconds:F1} s.", 2 * requests.Length, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            log.LogWarning("Warm-up stopped early: {Error}", DatabaseErrors.Describe(e));
        }
        finally
        {
            _ready = true;
        }
    }

    private Task<bool> Started(CancellationToken ct)
    {
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult(true));
        ct.Register(() => started.TrySetResult(false));
        return started.Task;
    }

    /// <summary>One request per GET and POST route, with unknown ids: reads that find nothing, commands refused.</summary>
    private IEnumerable<(HttpMethod, string)> Requests()
    {
        var year = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HttpChain>() is not { } chain) continue;
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            foreach (var parameter in endpoint.RoutePattern.Parameters)
                path = path.Replace("{" + parameter.Name + "}", parameter.Name switch
                {
                    "ledger" => "applications",
                    "year" => year,
                    _ => Guid.NewGuid().ToString(),
                });
            foreach (var method in chain.HttpMethods)
                // Every GET, and every POST but the verification (a full replay); no PUT or DELETE (they would change the calendar).
                if (method == "GET") yield return (HttpMethod.Get, path);
                else if (method == "POST" && path != "/api/audit/verify") yield return (HttpMethod.Post, path);
        }
    }
}
