using GasLedger.Api.Hosting;
using JasperFx.CommandLine;
using Marten;
using Npgsql;

namespace GasLedger.Api.Export;

public sealed class ExportInput : NetCoreInput
{
    [Description("parquet")]
    public string Format { get; set; } = "";

    [Description("The directory the files are written into (made if missing; files of the same names replaced)")]
    public string ToFlag { get; set; } = "";

    [Description("Only the events whose business day is on or after this date (yyyy-MM-dd); the read models whole")]
    public string FromFlag { get; set; } = "";

    [Description("Only the events whose business day is on or before this date (yyyy-MM-dd)")]
    public string UntilFlag { get; set; } = "";
}

/// <summary>
/// <c>export parquet --to DIR [--from DATE] [--until DATE]</c>: the events and the analytic read models as Apache
/// Parquet files for analysts' own tools (<see cref="ParquetExport"/>), with its progress and a summary. The period's
/// end is <c>--until</c>, since <c>--to</c> names the directory.
/// </summary>
[Description("Export the events and the analytic read models as Apache Parquet files for analysts' tools (DuckDB, pandas, Spark)")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public ExportCommand()
    {
        Usage("Export as Parquet into a directory").Arguments(x => x.Format);
    }

    public override async Task<bool> Execute(ExportInput input)
    {
        if (input.Format != "parquet")
        {
            Console.Error.WriteLine($"Unknown format '{input.Format}': parquet.");
            return false;
        }
        if (input.ToFlag.Length == 0)
        {
            Console.Error.WriteLine("Give the directory to write into: export parquet --to DIR.");
            return false;
        }
        DateOnly? Date(string text, string flag)
        {
            if (text.Length == 0) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var date)) return date;
            throw new ArgumentException($"--{flag} must be a date yyyy-MM-dd, not '{text}'.");
        }
        DateOnly? from, until;
        try
        {
            (from, until) = (Date(input.FromFlag, "from"), Date(input.UntilFlag, "until"));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }

        using var host = input.BuildHost();
        var figures = await ParquetExport.Run(host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<NpgsqlDataSource>(),
            host.Services.GetRequiredService<ServicePolicy>(), input.ToFlag, from, until, new ProgressLines<string>(Console.Out, m => m),
            CancellationToken.None);
        foreach (var file in figures.Files)
            Console.WriteLine($"  {file.File,-32} {file.Rows,14:N0} rows {file.Bytes / 1024.0 / 1024.0,10:N1} MB");
        Console.WriteLine($"exported {figures.Rows:N0} rows in {figures.Files.Count} files ({figures.Bytes / 1024.0 / 1024.0:N1} MB) to " +
                          $"{Path.GetFullPath(input.ToFlag)} in {figures.Seconds:N1} s");
        return true;
    }
}
