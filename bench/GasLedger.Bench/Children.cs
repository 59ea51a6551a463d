using System.Diagnostics;
using System.Text.Json;

namespace GasLedger.Bench;

/// <summary>The API's own command line run as a child process (<c>city import|seal|rebuild</c>), its FIGURES read back.</summary>
public static class Children
{
    public static string ApiDll => Path.Combine(AppContext.BaseDirectory, "GasLedger.Api.dll");

    /// <summary>Where the benchmark database's development keys live: the API key per role and the master key of the
    /// party records, the same for the import that encrypts the parties and the API that reads them, in this run and in
    /// a run resumed with <c>--from</c> (<c>GASLEDGER_BENCH_KEYS</c>, which ./bench.sh sets beside its cluster).</summary>
    public static readonly string KeysDirectory = Environment.GetEnvironmentVariable("GASLEDGER_BENCH_KEYS") is { Length: > 0 } keys
        ? Directory.CreateDirectory(keys).FullName
        : Directory.CreateTempSubdirectory("gasledger-bench-keys").FullName;

    public static async Task<(JsonElement Figures, double PeakMemoryMb, double WallSeconds)> City(string connection, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiDll);
        start.ArgumentList.Add("city");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GASLEDGER_DB"] = connection;
        start.Environment["GasLedger__DevKeysDirectory"] = KeysDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        JsonElement? figures = null;
        double peak = 0;
        var tail = new Queue<string>();
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
            tail.Enqueue(line);
            if (tail.Count > 30) tail.Dequeue();
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || figures is null)
            throw new InvalidOperationException($"city {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{string.Join('\n', tail)}");
        return (figures.Value, peak, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The API on <paramref name="url"/>, with development keys written to <paramref name="keysDirectory"/>.</summary>
    public static Process Api(string connection, string url)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["GASLEDGER_DB"] = connection;
        start.Environment["GasLedger__DevKeysDirectory"] = KeysDirectory;
        start.Environment["GasLedger__RateLimit__PermitsPerSecond"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
