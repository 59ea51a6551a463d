using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GasLedger.Api.Workbench;

/// <summary>
/// What every workbench page shares: an endpoint's answer taken apart (its value, or the problem it answered with, in
/// the API's own words), and a chart's data as the <c>data-chart</c> attribute <c>workbench.js</c> draws.
/// </summary>
public abstract class WorkbenchModel : PageModel
{
    /// <summary>The problems the endpoints answered this page with (a filter that does not parse, a name that is unknown).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The value an endpoint answered with, or null after noting its problem.</summary>
    protected T? Value<T>(IResult result) where T : class
    {
        switch (result)
        {
            case IValueHttpResult { Value: T value }:
                return value;
            case ProblemHttpResult problem:
                Problems.Add(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? $"{problem.StatusCode}");
                if (problem.ProblemDetails.Extensions.TryGetValue("errors", out var errors) && errors is not null)
                    Problems.Add(JsonSerializer.Serialize(errors));
                return null;
            case IStatusCodeHttpResult status:
                Problems.Add($"HTTP {status.StatusCode}");
                return null;
            default:
                Problems.Add(result.GetType().Name);
                return null;
        }
    }

    /// <summary>A filter as the endpoints take it: null when left empty, trimmed otherwise.</summary>
    protected static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The filters of the query string kept, one changed (links of a page keep its other filters).</summary>
    public string With(string name, string? value)
    {
        var query = Request.Query.Where(q => q.Key != name && q.Key != "page").Select(q => (q.Key, Value: (string?)q.Value.ToString()));
        if (!string.IsNullOrEmpty(value)) query = query.Append((name, value));
        var text = string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value ?? "")}"));
        return Request.Path + (text.Length > 0 ? "?" + text : "");
    }

    /// <summary>A chart's data for <c>data-chart</c>: its kind, the categories along its axis, and named series of figures.</summary>
    public static string Chart(string kind, IEnumerable<string> categories, params (string Name, IEnumerable<decimal?> Data)[] series) =>
        JsonSerializer.Serialize(new
        {
            kind,
            categories = categories.ToArray(),
            series = series.Select(s => new { name = s.Name, data = s.Data.ToArray() }).ToArray(),
        });
}
