namespace GasLedger.Api.Hosting;

/// <summary>
/// A command's progress, written as a timed line when it is reported, on the thread that reports it: in order, and done
/// before the command goes on. (<see cref="System.Progress{T}"/> posts each report to the thread pool: its lines could
/// come after the command's summary, and two at once broke a writer that is not thread-safe — the audit export's test
/// host crashed so.)
/// </summary>
public sealed class ProgressLines<T>(TextWriter output, Func<T, string> line) : IProgress<T>
{
    public void Report(T value) => output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line(value)}");
}
