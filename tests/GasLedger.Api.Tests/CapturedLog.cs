using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GasLedger.Api.Tests;

/// <summary>
/// The host's log, captured (every line at the host's configured levels) so that a test can search it; warnings and
/// errors also go to the console, as before.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}";
            // The structured values too, in case a formatter leaves one out.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                line += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            log._lines.Enqueue(line);
            if (logLevel >= LogLevel.Warning) Console.Error.WriteLine(line);
        }
    }
}
