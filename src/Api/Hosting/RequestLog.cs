using System.Diagnostics;

namespace GasLedger.Api.Hosting;

/// <summary>
/// The request log, without query strings (R-INT-2): ASP.NET Core's own request lines (<c>Request starting … GET
/// /api/accounts?phone=13800138000</c>) would put a searched phone, name or ID number in the server log, so they are
/// turned off (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c> at Warning) and this middleware logs each request as
/// method, path, status and time. Paths hold ids, never personal values.
/// </summary>
public static class RequestLog
{
    public const string Category = "GasLedger.Requests";

    public static WebApplicationBuilder AddRequestLog(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    public static WebApplication UseRequestLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                if (log.IsEnabled(LogLevel.Information))
                    log.LogInformation("{Method} {Path} {Status} in {Milliseconds:F0} ms", http.Request.Method, http.Request.Path.Value,
                        http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        return app;
    }
}
