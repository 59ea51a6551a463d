using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GasLedger.Api.Audit;
using GasLedger.Api.Hosting;
using GasLedger.City;
using GasLedger.Projections.Rebuild;
using JasperFx.CommandLine;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace GasLedger.Api.City;

public sealed class CityInput : NetCoreInput
{
    [Description("import | seal | rebuild | all (import, seal, rebuild) | demo (all, once, to yesterday)")]
    public string Action { get; set; } = "all";

    [Description("How many accounts (default 5000)")]
    public int AccountsFlag { get; set; } = 5_000;

    [Description("The generator's seed (default 20261123)")]
    public int SeedFlag { get; set; } = new CityOptions().Seed;

    [Description("The last day of the history, yyyy-MM-dd (default 2026-11-01)")]
    public string EndFlag { get; set; } = "";

    [Description("Years of history (default 5)")]
    public int YearsFlag { get; set; } = 5;

    [Description("Accounts per chunk: one COPY and one progress record each (default 2000)")]
    public int ChunkFlag { get; set; } = CityImport.DefaultChunk;

    [Description("import: connections writing chunks side by side (default 1: on two cores the generator and serialiser already take one)")]
    public int WritersFlag { get; set; } = 1;

    [Description("rebuild: only these projections (comma-separated names)")]
    public string OnlyFlag { get; set; } = "";

    [Description("rebuild: how many projections to rebuild at once (default 3)")]
    public int ParallelFlag { get; set; } = 3;

    public CityOptions Options => new()
    {
        Seed = SeedFlag, Accounts = AccountsFlag, Years = YearsFlag,
        End = EndFlag is { Length: > 0 } e ? DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture) : new CityOptions().End,
    };
}

/// <summary>
/// 模拟城市 — <c>city all --accounts N</c>: generates a city, bulk-imports it, seals its events and rebuilds every
/// projection; <c>city import|seal|rebuild</c> run one step (an interrupted import resumes where it stopped). Each step
/// shows its progress and ends with a line <c>FIGURES {json}</c>: what it did, how fast, and the process's peak memory.
/// <c>city demo</c> loads a small city once, for <c>./run.sh --demo</c>. Run it with the API stopped.
/// </summary>
[Description("The synthetic city: generate and bulk-import it, seal it, rebuild the projections")]
public sealed class CityCommand : JasperFxAsyncCommand<CityInput>
{
    public CityCommand() => Usage("Generate, import, seal and rebuild").Arguments(x => x.Action);

    public override async Task<bool> Execute(CityInput input)
    {
        IProgress<string> progress = new ProgressLines<string>(Console.Out, m => m);
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var db = host.Services.GetRequiredService<NpgsqlDataSource>();
        var policy = host.Services.GetRequiredService<ServicePolicy>();
        var options = input.Options;
        if (input.Action == "demo")
        {
            // ./run.sh --demo: a small living city on first start, its history up to yesterday; nothing if the
            // database already holds one (or any other data); an interrupted first start carries on.
            switch (await CityImport.Recorded(db, CancellationToken.None))
            {
                case { Ready: true }:
                    return true;
                case { Options: var recorded }:
                    options = recorded;
                    break;
                case null when
                    await Scalar(db, $"select count(*) from pg_class where oid = to_regclass('{Hosting.Storage.Schema}.mt_events')") > 0
                    && await Scalar(db, $"select count(*) from (select 1 from {Hosting.Storage.Schema}.mt_events limit 1) e") > 0:
                    progress.Report("The database already holds events: no demo city.");
                    return true;
                case null:
                    options = options with { End = policy.LocalDate(DateTimeOffset.UtcNow).AddDays(-1) };
                    break;
            }
            progress.Report(
                $"Loading the demo city: {options.Accounts:N0} accounts, five years to {options.End:yyyy-MM-dd} (once; under a minute)…");
        }
        var steps = input.Action switch
        {
            "all" or "demo" => new[] { "import", "seal", "rebuild" },
            "import" or "seal" or "rebuild" => [input.Action],
            _ => [],
        };
        if (steps.Length == 0)
        {
            Console.Error.WriteLine($"Unknown action '{input.Action}': import, seal, rebuild, all or demo.");
            return false;
        }
        foreach (var step in steps)
        {
            object figures = step switch
            {
                "import" => await CityImport.Run(store, db, host.Services.GetRequiredService<GasLedger.Api.Parties.PartyVault>(), options,
                    policy, input.ChunkFlag, progress, CancellationToken.None, input.WritersFlag),
                "seal" => await SealAll(db, progress),
                _ => await ProjectionRebuild.Run(store, policy, progress, input.OnlyFlag, input.ParallelFlag),
            };
            Report(step, figures);
        }
        if (input.Action == "demo") await CityImport.MarkReady(db, CancellationToken.None);
        return true;
    }

    public sealed record SealFigures(long Events, double Seconds);

    /// <summary>
    /// Seals every event not yet sealed (what the sealing subscription would do behind a running API, in larger
    /// pages), then moves the subscription past them.
    /// </summary>
    private static async Task<SealFigures> SealAll(NpgsqlDataSource db, IProgress<string> progress)
    {
        var clock = Stopwatch.StartNew();
        var ceiling = await Scalar(db, $"select coalesce(max(seq_id), 0) from {Hosting.Storage.Schema}.mt_events");
        long sealedCount = 0;
        for (var tip = await Scalar(db, $"select coalesce(max(seq), 0) from {Hosting.Storage.Schema}.event_seal"); tip < ceiling;)
        {
            var next = Math.Min(ceiling, tip + 50_000);
            sealedCount += await EventSealing.SealUpTo(db, next, CancellationToken.None);
            tip = next;
            progress.Report($"sealed to sequence {tip:N0} of {ceiling:N0} ({sealedCount / clock.Elapsed.TotalSeconds:N0} events/s)");
        }
        await using (var cmd = db.CreateCommand(
            $"insert into {Hosting.Storage.Schema}.mt_event_progression (name, last_seq_id) values ($1, $2) " +
            "on conflict (name) do update set last_seq_id = greatest(mt_event_progression.last_seq_id, excluded.last_seq_id)"))
        {
            cmd.Parameters.AddWithValue($"{EventSealing.SubscriptionName}:All");
            cmd.Parameters.AddWithValue(ceiling);
            await cmd.ExecuteNonQueryAsync();
        }
        return new SealFigures(sealedCount, clock.Elapsed.TotalSeconds);
    }

    private static async Task<long> Scalar(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>The step's figures and the process's peak resident memory so far (VmHWM), as one JSON line.</summary>
    private static void Report(string step, object figures)
    {
        var line = JsonSerializer.Serialize(new { step, figures, peakMemoryMb = PeakMemoryMb() }, Hosting.GasLedgerHost.JsonOptions);
        Console.WriteLine($"FIGURES {line}");
    }

    /// <summary>Peak resident set of this process (Linux VmHWM), in MiB; the GC's view elsewhere.</summary>
    public static double PeakMemoryMb()
    {
        if (File.Exists("/proc/self/status"))
            foreach (var l in File.ReadLines("/proc/self/status"))
                if (l.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(l[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
