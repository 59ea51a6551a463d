using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace GasLedger.Faults;

/// <summary>What became of one command, after its retries.</summary>
public enum Outcome { Acknowledged, Refused, GaveUp }

/// <summary>
/// A steady load of commands through the load balancer, as a counter system would send them: each a meter reading
/// with its own <c>Idempotency-Key</c> and <c>X-Correlation-Id</c> (the events keep it), retried with the same key after
/// a 503 (after its <c>Retry-After</c>), a 502/504 from the balancer, or a dropped connection, until it is answered or
/// <see cref="GiveUpAfter"/> has passed. Open loop: one command every 1/rate s whatever the answers.
/// </summary>
public sealed class Load(string baseUrl, string key, Guid[] accounts, string run)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    public ConcurrentDictionary<string, Outcome> Commands { get; } = new();
    /// <summary>503 answers that did not say when to retry (the API's and the balancer's own must).</summary>
    public int WithoutRetryAfter => _withoutRetryAfter;
    private int _withoutRetryAfter;

    /// <summary>Answers by status code, every try counted (0: no answer: the connection failed).</summary>
    public ConcurrentDictionary<int, int> Answers { get; } = new();
    /// <summary>Seconds since the load began at which a try that was acknowledged began, and ended.</summary>
    public ConcurrentBag<(double Tried, double Acknowledged)> Acknowledgements { get; } = new();
    private readonly Stopwatch _clock = new();
    public double Now => _clock.Elapsed.TotalSeconds;
    /// <summary>When the last command was sent: no acknowledgement is expected long after it.</summary>
    public double SentUntil { get; private set; } = double.MaxValue;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(3), MaxConnectionsPerServer = 256,
    }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Sends <paramref name="rate"/> commands a second for <paramref name="seconds"/> (or until <paramref name="stop"/>),
    /// then waits for every retry.
    /// </summary>
    public async Task Run(double rate, double seconds, int offset, CancellationToken stop = default)
    {
        _clock.Start();
        var running = new List<Task>();
        var count = (int)(rate * seconds);
        var start = Now;
        for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
        {
            var wait = start + i / rate - Now;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait));
            var n = offset + i;
            running.Add(Task.Run(() => Send(n)));
        }
        SentUntil = Now;
        await Task.WhenAll(running);
    }

    private async Task Send(int n)
    {
        var id = $"{run}-{n:D7}";
        var account = accounts[n % accounts.Length];
        var sent = Now;
        var deadline = sent + GiveUpAfter.TotalSeconds;
        var body = new { kind = "meterReading", volumeM3 = 20 + n % 30, periodEnd = DateTime.UtcNow.ToString("yyyy-MM-dd") };
        while (true)
        {
            int status;
            TimeSpan? retryAfter = null;
            var tried = Now;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account}/usage") { Content = JsonContent.Create(body) };
                request.Headers.Add("X-Api-Key", key);
                request.Headers.Add("Idempotency-Key", id);
                request.Headers.Add("X-Correlation-Id", id);
                using var response = await _http.SendAsync(request);
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter?.Delta;
                if (status == 503 && retryAfter is null) Interlocked.Increment(ref _withoutRetryAfter);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }
            Answers.AddOrUpdate(status, 1, (_, c) => c + 1);
            if (status is >= 200 and < 300)
            {
                Commands[id] = Outcome.Acknowledged;
                Acknowledgements.Add((tried, Now));
                return;
            }
            if (status is not (0 or (int)HttpStatusCode.BadGateway or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.GatewayTimeout))
            {
                Commands[id] = Outcome.Refused; // a 4xx (nothing written) or a 500 (counted apart, and a defect)
                return;
            }
            if (Now > deadline)
            {
                Commands[id] = Outcome.GaveUp;
                return;
            }
            await Task.Delay(retryAfter is { } after && after < TimeSpan.FromSeconds(5) ? after : TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>When the first command tried at or after <paramref name="from"/> was acknowledged (NaN: none was).</summary>
    public double FirstAcknowledgedAfter(double from) =>
        Acknowledgements.Where(a => a.Tried >= from).Select(a => a.Acknowledged).DefaultIfEmpty(double.NaN).Min();

    /// <summary>
    /// The longest time within <paramref name="window"/> s after <paramref name="from"/> (the fault) in which no command
    /// was acknowledged: under 200 commands a second a healthy cluster acknowledges one every few milliseconds, so this is
    /// how long the fault stopped the writes.
    /// </summary>
    public double LongestGapAfter(double from, double window)
    {
        window = Math.Min(window, SentUntil - from); // the quiet after the load's end is no gap
        var times = Acknowledgements.Select(a => a.Acknowledged).Where(t => t >= from && t <= from + window).Order().ToList();
        var gap = 0.0;
        var last = from;
        foreach (var t in times)
        {
            gap = Math.Max(gap, t - last);
            last = t;
        }
        return Math.Max(gap, from + window - last);
    }
}
