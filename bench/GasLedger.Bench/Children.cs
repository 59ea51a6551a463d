using System.Diagnostics;
using System.Text.Json;

namespace GasLedger.Bench;

/// <summary>The API's own command line run as a child process (<c>city import|seal|rebuild</c>), its FIGURES read back.</summary>
public static class Children
{
    public static string ApiDll => Path.Combine(AppContext.BaseDirectory, "GasLedger.Api.dll");

    public static async Task<(JsonElement Figures, double PeakMemoryMb, double WallSeconds)> City(string connection, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiDll);
        start.ArgumentList.Add("city");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GASLEDGER_DB"] = connection;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        JsonElement? figures = null;
        double peak = 0;
        var stderr = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("FIGURES ", StringComparison.Ordinal))
            {
                var doc = JsonDocument.Parse(line[8..]).RootElement;
                figures = doc.GetProperty("figures").Clone();
                peak = doc.GetProperty("peakMemoryMb").GetDouble();
            }
            else if (line.StartsWith('[')) Console.WriteLine("    " + line);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || figures is null)
            throw new InvalidOperationException($"city {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return (figures.Value, peak, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The API on <paramref name="url"/>, with development keys written to <paramref name="keysDirectory"/>.</summary>
    public static Process Api(string connection, string url, string keysDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["GASLEDGER_DB"] = connection;
        start.Environment["GasLedger__DevKeysDirectory"] = keysDirectory;
        start.Environment["GasLedger__RateLimit__PermitsPerSecond"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
