using GasLedger.Api.Hosting;
using GasLedger.Domain.Audit;
using JasperFx.CommandLine;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace GasLedger.Api.Audit;

public sealed class AuditInput : NetCoreInput
{
    [Description("verify | export | check-export | rebuild")]
    public string Action { get; set; } = "";

    [Description("The export file: written by export, read by check-export")]
    public string File { get; set; } = "";

    [Description("export: only this account's events in full (the others as digests)")]
    public string AccountFlag { get; set; } = "";

    [Description("check-export: the published checkpoint (the last seal, 64 hex digits); default: the file's last line")]
    public string CheckpointFlag { get; set; } = "";
}

/// <summary>
/// The auditor's command line, a command of the host's own (JasperFx) command line beside <c>run</c>, <c>projections</c>
/// and the others: <c>audit verify</c>, <c>audit export FILE [--account ID]</c>, <c>audit check-export FILE
/// [--checkpoint SEAL]</c> (no database), <c>audit rebuild</c> (every projection from zero in the live schema; run it
/// with the API stopped). Each shows its progress and ends with a summary; the exit code is 0 only when it passed.
/// </summary>
[Description("The auditor's tools: verify the seals and projections, export the sealed log, check an export offline, " +
    "rebuild the projections")]
public sealed class AuditCommand : JasperFxAsyncCommand<AuditInput>
{
    public AuditCommand()
    {
        Usage("Verify every seal and every projection").Arguments(x => x.Action);
        Usage("Export to a file, or check an export offline").Arguments(x => x.Action, x => x.File);
    }

    public override async Task<bool> Execute(AuditInput input)
    {
        var progress = new ProgressLines<string>(Console.Out, m => m);
        switch (input.Action)
        {
            case "check-export":
                return CheckExport(input.File, input.CheckpointFlag is { Length: > 0 } c ? c : null, Console.Out);
            case "verify":
            case "export":
            case "rebuild":
                using (var host = input.BuildHost())
                {
                    return input.Action switch
                    {
                        "verify" => Print(await Verification.Run(host.Services, daemonRunning: false, progress, CancellationToken.None)),
                        "export" => await Export(host.Services.GetRequiredService<NpgsqlDataSource>(), input.File,
                            input.AccountFlag is { Length: > 0 } a ? Guid.Parse(a) : null, Console.Out),
                        _ => await Rebuild(host.Services.GetRequiredService<IDocumentStore>(),
                            host.Services.GetRequiredService<ServicePolicy>(), progress),
                    };
                }
            default:
                Console.Error.WriteLine($"Unknown action '{input.Action}': verify, export FILE, check-export FILE, or rebuild.");
                return false;
        }
    }

    private static bool Print(VerifyAnswer a)
    {
        Console.WriteLine();
        Console.WriteLine($"events checked:        {a.EventsChecked}{(a.EventsNotYetSealed > 0 ? $" ({a.EventsNotYetSealed} more not sealed yet: start the API to seal them)" : "")}");
        Console.WriteLine(a.SealsValid
            ? "seals:                 valid"
            : $"seals:                 BROKEN, first at sequence {a.FirstBrokenSequence}: {a.FirstBrokenReason} ({a.BrokenSeals} in all)");
        if (a.Checkpoint is { } c) Console.WriteLine($"checkpoint:            sequence {c.Sequence} seal {c.Seal}");
        if (a.Gaps is { } gaps)
            Console.WriteLine($"sequence gaps:         {a.SequenceGaps} ({string.Join(", ", a.GapRanges.Select(g => g.First == g.Last ? $"{g.First}" : $"{g.First}–{g.Last}"))}" +
                              $"{(a.SequenceGaps > a.GapRanges.Sum(g => g.Last - g.First + 1) ? ", …" : "")}): {gaps}");
        Console.WriteLine(
            $"projections compared:  {a.ProjectionsCompared} ({string.Join(", ", a.Projections)}), {a.DocumentsCompared} documents");
        Console.WriteLine($"mismatches:            {a.MismatchCount}");
        foreach (var m in a.Mismatches) Console.WriteLine($"  {m.Projection} {m.Document} {m.Id}: {m.Difference}");
        Console.WriteLine(a.Passed ? "VERIFIED" : "NOT VERIFIED");
        return a.Passed;
    }

    public static async Task<bool> Export(NpgsqlDataSource db, string file, Guid? account, TextWriter output)
    {
        await using var stream = System.IO.File.Create(file);
        var summary = await AuditExport.Write(db, stream, account, new ProgressLines<long>(output, n => $"{n} events written"),
            CancellationToken.None);
        output.WriteLine($"exported {summary.Events} events{(account is null ? "" : $" of account {account} and {summary.OtherEvents} digests of other events")} to {file}");
        output.WriteLine(summary.Checkpoint is { } c
            ? $"checkpoint: sequence {c.Sequence} seal {c.Seal}"
            : "checkpoint: none (nothing sealed yet)");
        return true;
    }

    /// <summary>The offline check: the file and a checkpoint, no database.</summary>
    public static bool CheckExport(string file, string? checkpoint, TextWriter output)
    {
        using var reader = new StreamReader(file);
        var report = ExportCheck.Check(reader, checkpoint);
        output.WriteLine(
            $"{report.Lines} lines read, {report.EventsChecked} events checked against checkpoint {report.Checkpoint ?? "(none)"}"
            + (checkpoint is null ? " (taken from the file's last line)" : ""));
        output.WriteLine(report.Valid
            ? "EXPORT VERIFIED: every seal follows and the last one is the checkpoint"
            : $"EXPORT BROKEN{(report.FirstBrokenSequence is { } s ? $" at sequence {s}" : "")} (line {report.FirstBrokenLine}): {report.Reason}");
        return report.Valid;
    }

    private static async Task<bool> Rebuild(IDocumentStore store, ServicePolicy policy, IProgress<string> progress)
    {
        var rebuilt = await Projections.Rebuild.ProjectionRebuild.Run(store, policy, progress);
        Console.WriteLine($"rebuilt every projection from {rebuilt.Events:N0} events in {rebuilt.Seconds:N1} s");
        return true;
    }
}
