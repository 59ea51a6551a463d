using System.Text.Json;
using GasLedger.Api.Ledgers;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>
/// 台账 — the ledgers with their filters (the API's own, by the same names in the query string), paged, and the CSV
/// download of every matching row.
/// </summary>
public sealed class LedgersModel(IDocumentStore store, ServicePolicy policy) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string Ledger { get; set; } = "applications";

    public Ledger? Current { get; private set; }
    public IReadOnlyList<JsonElement> Rows { get; private set; } = [];
    public IReadOnlyList<string> Columns { get; private set; } = [];
    public (int Page, int Size, long Total) Paging { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/ledgers/{ledger}")) return Forbid(Workbench.Scheme);
        if (!Ledgers.Ledgers.ByName.TryGetValue(Ledger, out var ledger)) return NotFound();
        Current = ledger;
        var answer = await ledger.Answer(store, Query(), csv: false, ct);
        if (answer is IValueHttpResult { Value: { } paged })
        {
            var json = JsonSerializer.SerializeToElement(paged, paged.GetType(), Workbench.JsonOptions);
            Rows = json.GetProperty("items").EnumerateArray().ToArray();
            Columns = Rows.Count > 0 ? Rows[0].EnumerateObject().Select(p => p.Name).ToArray() : [];
            Paging = (json.GetProperty("page").GetInt32(), json.GetProperty("pageSize").GetInt32(), json.GetProperty("total").GetInt64());
        }
        else Value<object>(answer);
        return Page();
    }

    /// <summary>Every matching row as CSV, as <c>GET /api/ledgers/{ledger}</c> with <c>Accept: text/csv</c> answers.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/ledgers/{ledger}")) return Forbid(Workbench.Scheme);
        if (!Ledgers.Ledgers.ByName.TryGetValue(Ledger, out var ledger)) return NotFound();
        await (await ledger.Answer(store, Query(), csv: true, ct)).ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    /// <summary>This page's filters, as a CSV download of every matching row.</summary>
    public string CsvUrl => With("handler", "csv");

    private LedgerQuery Query()
    {
        string? Q(string name) => Request.Query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;
        return LedgerQuery.Parse(Q("from"), Q("to"), Q("district"), Q("accountNumber"), Q("staff"), Q("page"), "50", Request.Query, policy);
    }

    /// <summary>A cell: text as it is, figures and times as they come, nested values as compact JSON.</summary>
    public static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Object or JsonValueKind.Array => JsonSerializer.Serialize(value),
        _ => value.GetRawText(),
    };
}
