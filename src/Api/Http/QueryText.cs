using GasLedger.Domain.Accounts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GasLedger.Api.Http;

/// <summary>What a query value bound as text takes: the endpoint reads it with <see cref="ReadInput"/>.</summary>
public enum QueryText
{
    /// <summary><c>yyyy-MM-dd</c>, a company-local date.</summary>
    Date,

    /// <summary>A date, or a time in ISO 8601 with its offset.</summary>
    DateOrTime,

    /// <summary><c>yyyy-MM</c>.</summary>
    Month,

    /// <summary>An ISO week, <c>2026-W48</c>.</summary>
    IsoWeek,

    /// <summary>A whole number.</summary>
    WholeNumber,
}

/// <summary>Declares what a query parameter bound as text takes, for the OpenAPI document (<see cref="QueryTextSchemas"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class TakesAttribute(QueryText text) : Attribute
{
    public QueryText Text => text;
}

/// <summary>Declares that a query parameter bound as text takes one of an enumeration's values (camelCase).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type enumeration) : Attribute
{
    public Type Enumeration => enumeration;
}

/// <summary>The schemas of query parameters declared with <see cref="TakesAttribute"/> or <see cref="OneOfAttribute"/>.</summary>
public static class QueryTextSchemas
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var chain = context.Description.ActionDescriptor.EndpointMetadata.OfType<Wolverine.Http.HttpChain>().FirstOrDefault();
        if (chain is null || operation.Parameters is null) return Task.CompletedTask;
        foreach (var parameter in chain.Method.Method.GetParameters())
        {
            var target = operation.Parameters.OfType<OpenApiParameter>()
                .FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == parameter.Name);
            if (target is null) continue;
            if (parameter.GetCustomAttributes(typeof(TakesAttribute), false) is [TakesAttribute takes]) target.Schema = Of(takes.Text);
            if (parameter.GetCustomAttributes(typeof(OneOfAttribute), false) is [OneOfAttribute oneOf])
            {
                var values = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    // As the wire format writes them ("residential", "A").
                    Enum = [.. Enum.GetValues(oneOf.Enumeration).Cast<object>()
                        .Select(v => System.Text.Json.JsonSerializer.SerializeToNode(v, oneOf.Enumeration, Hosting.GasLedgerHost.JsonOptions)!)],
                };
                // The enumeration's component where the document has one (the answers' own type), so that a client
                // passes the same type it reads.
                context.Document?.AddComponent(oneOf.Enumeration.Name, values);
                target.Schema = context.Document is { } document ? new OpenApiSchemaReference(oneOf.Enumeration.Name, document) : values;
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Of(QueryText text) => text switch
    {
        QueryText.Date => new() { Type = JsonSchemaType.String, Format = "date" },
        QueryText.DateOrTime => new()
        {
            Type = JsonSchemaType.String, Description = "A date (yyyy-MM-dd, the end of that day in company time) or an ISO 8601 time with offset.",
        },
        QueryText.Month => new() { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}-[0-9]{2}$" },
        QueryText.IsoWeek => new() { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}-W[0-9]{2}$" },
        _ => new() { Type = JsonSchemaType.Integer, Format = "int32" },
    };
}
