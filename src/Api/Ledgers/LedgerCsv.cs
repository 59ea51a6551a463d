using System.Text.Json;
using System.Text;
using GasLedger.Api.Hosting;
using Marten;
using Microsoft.Net.Http.Headers;

namespace GasLedger.Api.Ledgers;

/// <summary>
/// A ledger as CSV (RFC 4180): a header line of the JSON names of the row's columns, then every matching row, each
/// value as the JSON answer writes it (enumerations by their camelCase names, times ISO 8601 with offset). UTF-8 with
/// a byte order mark, so that Excel reads the Chinese right; lines end with CRLF; a value holding a comma, a quote or
/// a line break is quoted, its quotes doubled. Rows are streamed from the database to the response as they are read:
/// a ledger of any size is never held in memory. A text value that a spreadsheet would take for a formula (it starts
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is prefixed with <c>'</c> (CSV injection).
/// Each row is masked as the JSON answer masks it (R-INT-2).
/// </summary>
public sealed class LedgerCsv<TRow>(IQuerySession session, IQueryable<TRow> rows, string fileName, Func<TRow, TRow> mask) : IResult
    where TRow : notnull
{
    public async Task ExecuteAsync(HttpContext http)
    {
        await using var _ = session;
        await Csv.Write(http, rows.ToAsyncEnumerable(http.RequestAborted), fileName, mask);
    }
}

/// <summary>
/// The CSV both the ledgers and the statistics write: the JSON answers' names and values, RFC 4180 quoting, CRLF, and a
/// leading <c>'</c> on text a spreadsheet would take for a formula.
/// </summary>
internal static class Csv
{
    /// <summary>The wire format of the JSON answers, with its type metadata resolved so the columns can be listed.</summary>
    internal static readonly JsonSerializerOptions Json = ReadOnly(new JsonSerializerOptions(GasLedgerHost.JsonOptions));

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static StringBuilder Line(StringBuilder line, IEnumerable<string> values)
    {
        line.Clear();
        var first = true;
        foreach (var value in values)
        {
            if (!first) line.Append(',');
            first = false;
            if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) line.Append(value);
            else line.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
        }
        return line.Append("\r\n");
    }

    internal static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => Text(value.GetString()!),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    internal static string Text(string text) => text.Length > 0 && "=+-@\t\r".Contains(text[0]) ? "'" + text : text;

    /// <summary>
    /// Writes <paramref name="rows"/> as a CSV download, each masked by <paramref name="mask"/> when given, as they come:
    /// a ledger's straight from the database, never held in memory.
    /// </summary>
    public static async Task Write<TRow>(HttpContext http, IAsyncEnumerable<TRow> rows, string fileName, Func<TRow, TRow>? mask = null)
        where TRow : notnull
    {
        var columns = Json.GetTypeInfo(typeof(TRow)).Properties.Select(p => p.Name).ToArray();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = Ledger.CsvContentType + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16,
            leaveOpen: true);
        await writer.WriteAsync('\uFEFF');
        var line = new StringBuilder();
        await writer.WriteAsync(Line(line, columns));
        await foreach (var row in rows.WithCancellation(http.RequestAborted))
        {
            var json = JsonSerializer.SerializeToElement(mask is null ? row : mask(row), Json);
            await writer.WriteAsync(Line(line, columns.Select(c => json.TryGetProperty(c, out var value) ? Value(value) : "")));
        }
        await writer.FlushAsync(http.RequestAborted);
    }

    /// <summary>Whether the client's <c>Accept</c> ranks <c>text/csv</c> before JSON.</summary>
    public static bool Wanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept
            .Where(a => a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value)
            .FirstOrDefault(t => string.Equals(t, Ledger.CsvContentType, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, "application/json", StringComparison.OrdinalIgnoreCase)) is { } chosen
        && string.Equals(chosen, Ledger.CsvContentType, StringComparison.OrdinalIgnoreCase);
}
