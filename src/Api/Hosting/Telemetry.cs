using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GasLedger.Api.Hosting;

/// <summary>
/// What an operator's Prometheus and tracing see, by OpenTelemetry. Metrics at <c>GET /metrics</c> (Prometheus text):
/// every request's duration by route, method and status (<c>http_server_request_duration_seconds</c>: commands per
/// second and their latency by route, failed requests by status), Wolverine's and Npgsql's own meters, and this
/// host's <c>gasledger_projection_lag</c> (events, per async projection) and <c>gasledger_seal_lag</c>, read
/// from the database every <see cref="LagEvery"/> by <see cref="LagGauge"/>. Traces: each request's span carries the
/// correlation id its events are stored with (<c>gasledger.correlation_id</c>), with Wolverine's and Npgsql's spans
/// under it; exported by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "GasLedger";
    public static readonly TimeSpan LagEvery = TimeSpan.FromSeconds(5);

    public static void AddTelemetry(this WebApplicationBuilder builder, NodeOptions node)
    {
        builder.Services.AddSingleton<LagGauge>().AddHostedService(s => s.GetRequiredService<LagGauge>());
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gasledger", serviceInstanceId: node.Name))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter(MeterName).AddMeter("Wolverine*").AddMeter("Npgsql")
                .AddPrometheusExporter());
        otel.WithTracing(t =>
        {
            t.AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, request) =>
                    activity.SetTag("gasledger.correlation_id", request.Headers["X-Correlation-Id"].FirstOrDefault() ?? request.HttpContext.TraceIdentifier))
                .AddSource("Wolverine").AddNpgsql();
            if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) t.AddOtlpExporter();
        });
    }

    public static void MapTelemetry(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
}

/// <summary>
/// The async projections' and the sealing's lag in events behind the log's high-water mark, read every
/// <see cref="Telemetry.LagEvery"/> (one small query of Marten's progression table) and published as gauges.
/// </summary>
public sealed class LagGauge(NpgsqlDataSource db, ILogger<LagGauge> log) : BackgroundService
{
    private volatile IReadOnlyDictionary<string, long> _lags = new Dictionary<string, long>();
    private readonly Meter _meter = new(Telemetry.MeterName);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        _meter.CreateObservableGauge("gasledger.projection.lag", () => _lags.Where(l => l.Key != Seals)
            .Select(l => new Measurement<long>(l.Value, new KeyValuePair<string, object?>("projection", l.Key))), "{events}",
            "Events the async projection has still to follow");
        _meter.CreateObservableGauge("gasledger.seal.lag", () => _lags.TryGetValue(Seals, out var lag) ? lag : 0, "{events}",
            "Events not yet sealed into the hash chain");
        using var timer = new PeriodicTimer(Telemetry.LagEvery);
        do
        {
            try
            {
                _lags = await Read(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogDebug("Projection lag not read: {Error}", DatabaseErrors.Describe(e));
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    private const string Seals = "EventSeals:All";

    private async Task<IReadOnlyDictionary<string, long>> Read(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select p.name, greatest(0, h.last_seq_id - p.last_seq_id) from {Storage.Schema}.mt_event_progression p " +
                                               $"cross join (select last_seq_id from {Storage.Schema}.mt_event_progression where name = 'HighWaterMark') h " +
                                               "where p.name not like 'HighWater%'"); // Marten's own rows (the mark, its fences), not projections
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var lags = new Dictionary<string, long>();
        while (await reader.ReadAsync(ct)) lags[reader.GetString(0)] = reader.GetInt64(1);
        return lags;
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}
