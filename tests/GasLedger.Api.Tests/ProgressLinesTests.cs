using GasLedger.Api.Hosting;

namespace GasLedger.Api.Tests;

/// <summary>A command's progress lines are written when reported, in order, before the command goes on.</summary>
public sealed class ProgressLinesTests
{
    [Fact]
    public void Each_report_is_a_line_written_at_once_and_in_order()
    {
        var output = new StringWriter();
        IProgress<long> progress = new ProgressLines<long>(output, n => $"{n} events written");
        for (var n = 1; n <= 1_000; n++) progress.Report(n);
        output.WriteLine("done"); // what the command writes next, straight after its last report

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1_001, lines.Length);
        Assert.Equal(Enumerable.Range(1, 1_000).Select(n => $"{n} events written"), lines[..^1].Select(l => l[(l.IndexOf("] ") + 2)..]));
        Assert.All(lines[..^1], l => Assert.Matches(@"^\[\d\d:\d\d:\d\d\] ", l));
        Assert.Equal("done", lines[^1]);
    }
}
