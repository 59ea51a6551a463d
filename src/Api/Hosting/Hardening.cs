using System.Globalization;
using System.Threading.RateLimiting;
using GasLedger.Api.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GasLedger.Api.Hosting;

/// <summary>
/// The <c>GasLedger:RateLimit</c> configuration section: requests per second per staff member (a token bucket of
/// <see cref="Burst"/> tokens refilled with <see cref="PermitsPerSecond"/> each second). 0 turns it off. Read on every
/// request, so a change of configuration takes effect without a restart.
/// </summary>
public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>The most requests at once after a quiet spell; default (0) twice <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    public int BucketSize => Burst > 0 ? Burst : 2 * PermitsPerSecond;
}

/// <summary>
/// What every answer carries and every request is held to, whatever the route: a body size limit (413), a rate limit per
/// staff member (429 with <c>Retry-After</c>), and security headers. Errors are problem details like every other.
/// </summary>
public static class Hardening
{
    /// <summary>Default largest request body: commands are small JSON documents.</summary>
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    /// <summary>For a JSON API: nothing may be loaded, framed or submitted from an answer.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The OpenAPI UI (Scalar) is a page with its own inline scripts and styles, served from this host; it reads the OpenAPI
    /// document from here too. Still never framed.
    /// </summary>
    public const string UiContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline' https:; " +
        "img-src 'self' data: https:; font-src 'self' data: https:; connect-src 'self'; worker-src 'self' blob:; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'none'";

    public static WebApplicationBuilder AddHardening(this WebApplicationBuilder builder)
    {
        var rejections = new ServerRejections();
        builder.Services.AddSingleton(rejections);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.ConfigureEndpointDefaults(listen => listen.Use(rejections.Middleware));
        });
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection("GasLedger:RateLimit"));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
                if (limit.PermitsPerSecond <= 0 || !http.Request.Path.StartsWithSegments("/api"))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                // Per staff member once authenticated; before that (no or unknown key) per client address. The limits are
                // part of the partition, so a change of configuration starts fresh buckets.
                var who = http.User.StaffId() is { } staff ? "staff:" + staff : "address:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter($"{who}|{limit.PermitsPerSecond}|{limit.BucketSize}",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limit.BucketSize,
                        TokensPerPeriod = limit.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            o.OnRejected = async (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                        detail: $"This staff member's request rate is over the limit. Retry after {seconds} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    /// <summary>
    /// Security headers on every answer, errors included; <c>Cache-Control: no-store</c> on every /api answer. The web
    /// server's own rejections get them from <see cref="ServerRejections"/>.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            var path = http.Request.Path;
            var api = path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health");
            headers.ContentSecurityPolicy = path.StartsWithSegments("/openapi/ui") ? UiContentSecurityPolicy
                : api ? ApiContentSecurityPolicy : Workbench.Workbench.ContentSecurityPolicy;
            // The API's answers and the workbench's pages are one staff member's: never kept by a cache. Its scripts and
            // styles (a file name with an extension) may be.
            if (api || !Path.HasExtension(path.Value)) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>
    /// Request bodies of at most <c>GasLedger:MaxRequestBodyBytes</c> (default 64 KiB): a larger <c>Content-Length</c> is
    /// refused at once with 413; a body without one (chunked) is cut off at the limit — by Kestrel's own limit, or where
    /// the server has none (the test server) by <see cref="CappedBody"/> — and the read fails with 413 (<see cref="ErrorAnswers"/>).
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app,
        IConfiguration config) => app.Use(async (http, next) =>
    {
        var max = config.GetValue("GasLedger:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        if (max > 0)
        {
            if (http.Request.ContentLength > max)
            {
                await TooLarge(max).ExecuteAsync(http);
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = max;
            else if (http.Request.ContentLength is null)
                http.Request.Body = new CappedBody(http.Request.Body, max);
        }
        await next(http);
    });

    public static IResult TooLarge(long max) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.", detail: $"A request body may be at most {max} bytes. Nothing was written.");
}

/// <summary>A request body that fails with 413 once more than its limit has been read.</summary>
public sealed class CappedBody(Stream inner, long max) : Stream
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        Count(await inner.ReadAsync(buffer, ct));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    private int Count(int read)
    {
        _read += read;
        if (_read > max)
            throw new BadHttpRequestException($"The request body is over {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
