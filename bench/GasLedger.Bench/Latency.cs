using System.Diagnostics;

namespace GasLedger.Bench;

/// <summary>Latencies of one measured run, and what they add up to.</summary>
public sealed record LatencyFigures(int Requests, int Failures, double Seconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencyFigures Of(IReadOnlyCollection<double> milliseconds, int failures, double seconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new LatencyFigures(sorted.Length, failures, seconds, seconds > 0 ? sorted.Length / seconds : 0, P(0.50), P(0.95), P(0.99), sorted.Length == 0 ? 0 : sorted[^1]);
    }
}

/// <summary>Drives an operation at a fixed rate (open loop) or as fast as N workers can (closed loop).</summary>
public static class Load
{
    /// <summary>
    /// Starts one operation every 1/<paramref name="rate"/> s for <paramref name="seconds"/>, at most
    /// <paramref name="clients"/> in flight; latency is measured from the intended start, so a stall is not hidden
    /// (no coordinated omission).
    /// </summary>
    public static async Task<LatencyFigures> OpenLoop(Func<int, Task<bool>> operation, double rate, int clients, double seconds)
    {
        var gate = new SemaphoreSlim(clients);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var count = (int)(rate * seconds);
        var running = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var intended = i / rate;
            var wait = intended - clock.Elapsed.TotalSeconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait));
            await gate.WaitAsync();
            var n = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    if (!await operation(n)) Interlocked.Increment(ref failures);
                    else latencies.Add((clock.Elapsed.TotalSeconds - intended) * 1000);
                }
                catch { Interlocked.Increment(ref failures); }
                finally { gate.Release(); }
            }));
        }
        await Task.WhenAll(running);
        return LatencyFigures.Of(latencies, failures, clock.Elapsed.TotalSeconds);
    }

    /// <summary><paramref name="clients"/> workers, each starting its next operation when the last ends.</summary>
    public static async Task<LatencyFigures> ClosedLoop(Func<int, Task<bool>> operation, int clients, double seconds, TimeSpan think = default)
    {
        var pauses = new Random(20261205);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var started = clock.Elapsed.TotalMilliseconds;
                try
                {
                    if (await operation(Interlocked.Increment(ref next))) latencies.Add(clock.Elapsed.TotalMilliseconds - started);
                    else Interlocked.Increment(ref failures);
                }
                catch { Interlocked.Increment(ref failures); }
                // A person's pause before the next: half to one and a half times the think time.
                if (think > TimeSpan.Zero)
                {
                    double factor;
                    lock (pauses) factor = 0.5 + pauses.NextDouble();
                    await Task.Delay(think * factor);
                }
            }
        })));
        return LatencyFigures.Of(latencies, failures, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Reads of the same rows, <paramref name="times"/> times, one after the other, taking turns at going first (turn
    /// <c>i</c> starts with read <c>i mod n</c>): none is always the one that finds the rows already in memory.
    /// </summary>
    public static async Task<LatencyFigures[]> Rotated(int times, params Func<int, Task<bool>>[] reads)
    {
        var latencies = reads.Select(_ => new List<double>(times)).ToArray();
        var failures = new int[reads.Length];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < times; i++)
            for (var k = 0; k < reads.Length; k++)
            {
                var r = (i + k) % reads.Length;
                var started = clock.Elapsed.TotalMilliseconds;
                if (await reads[r](i)) latencies[r].Add(clock.Elapsed.TotalMilliseconds - started);
                else failures[r]++;
            }
        var seconds = clock.Elapsed.TotalSeconds;
        return latencies.Select((l, r) => LatencyFigures.Of(l, failures[r], seconds)).ToArray();
    }

    /// <summary>One operation after another, <paramref name="times"/> times: for reads, where latency is the point.</summary>
    public static async Task<LatencyFigures> Sequential(Func<int, Task<bool>> operation, int times)
    {
        var latencies = new List<double>(times);
        var failures = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < times; i++)
        {
            var started = clock.Elapsed.TotalMilliseconds;
            if (await operation(i)) latencies.Add(clock.Elapsed.TotalMilliseconds - started);
            else failures++;
        }
        return LatencyFigures.Of(latencies, failures, clock.Elapsed.TotalSeconds);
    }
}
