using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace GasLedger.Api.Tests;

/// <summary>
/// The host's OpenAPI document held against the answers the server really gives (issue 18): every answer the HTTP
/// helpers of <see cref="GasLedgerApp"/> receive — so every lifecycle, read and error test — must have a status code
/// its route declares, and a JSON body that validates against the schema declared for that code and media type
/// (JSON Schema 2020-12, as OpenAPI 3.1 defines its schemas; formats checked).
/// </summary>
public sealed class Contract
{
    private readonly (string Method, string[] Segments, JsonNode Operation)[] _routes;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    private Contract(JsonNode document)
    {
        _routes = [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(operation => (operation.Key.ToUpperInvariant(), path.Key.Split('/'), operation.Value!)))];
        // Components as the $defs of one schema document: "#/components/schemas/X" becomes "#/$defs/X".
        _definitions = JsonNode.Parse(document["components"]!["schemas"]!.ToJsonString()
            .Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
    }

    public static async Task<Contract> Of(IServiceProvider services)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        using var text = new MemoryStream();
        await document.SerializeAsJsonAsync(text, OpenApiSpecVersion.OpenApi3_1);
        return new Contract(JsonNode.Parse(text.ToArray())!);
    }

    /// <summary>What is wrong with this answer against the document, or null when it is what the document says.</summary>
    public string? Violation(string method, string url, int status, string? contentType, string body)
    {
        var path = url.Split('?')[0];
        if (path.StartsWith("/openapi/", StringComparison.Ordinal)) return null; // the document itself
        var segments = path.Split('/');
        var verb = method == "HEAD" ? "GET" : method;
        var route = _routes
            .Where(r => r.Method == verb && r.Segments.Length == segments.Length
                && r.Segments.Zip(segments).All(s => s.First == s.Second || s.First.StartsWith('{')))
            .OrderBy(r => r.Segments.Count(s => s.StartsWith('{'))) // a literal path before a template
            .Select(r => r.Operation).FirstOrDefault();
        // A path the document does not list is one the server has nothing at: 404 is the only answer that agrees.
        if (route is null) return status == 404 ? null : $"{method} {path} → {status}: the document has no such route";
        var what = $"{method} {path} → {status}";
        var responses = route["responses"]!.AsObject();
        if (responses[status.ToString()] is not { } response)
            return $"{what}: the document declares only {string.Join(", ", responses.Select(r => r.Key))}";
        if (method == "HEAD" || string.IsNullOrEmpty(body)) return null;
        var media = contentType?.Split(';')[0].Trim();
        if (media is null || !media.EndsWith("json", StringComparison.Ordinal)) return null;
        if (response["content"]?[media]?["schema"] is not { } declared)
            return $"{what}: answered {media}, for which the document declares no schema";

        var schema = _schemas.GetOrAdd($"{verb} {string.Join('/', route["operationId"])} {status} {media} {declared.ToJsonString()}", _ =>
            JsonSchema.FromText(new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = _definitions.DeepClone(),
                ["allOf"] = new JsonArray(JsonNode.Parse(declared.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))),
            }.ToJsonString(), baseUri: new Uri($"urn:gasledger:contract:{Guid.NewGuid():N}")));
        using var answer = JsonDocument.Parse(body);
        var result = schema.Evaluate(answer.RootElement, Options);
        if (result.IsValid) return null;
        var errors = Failures(result).Distinct().Take(6).ToList();
        if (errors.Count == 0) errors.Add(string.Join(" | ", Invalid(result)));
        return $"{what}: the answer does not match its declared schema: {string.Join("; ", errors)}\n{body[..Math.Min(600, body.Length)]}";
    }

    private static IEnumerable<string> Invalid(EvaluationResults r) => r.IsValid ? [] : new[] { $"{r.EvaluationPath}@{r.InstanceLocation}:{string.Join(",", r.Errors?.Values.AsEnumerable() ?? [])}" }.Concat(r.Details.SelectMany(Invalid));

    /// <summary>The errors of the failing nodes whose every ancestor failed too (not a branch a passing oneOf let go).</summary>
    private static IEnumerable<string> Failures(EvaluationResults result) => result.IsValid ? [] :
        (result.Errors ?? new Dictionary<string, string>()).Select(e => $"{result.InstanceLocation} ({result.EvaluationPath}): {e.Value}")
            .Concat(result.Details.SelectMany(Failures));
}
