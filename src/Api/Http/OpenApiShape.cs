using System.Reflection;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GasLedger.Api.Http;

/// <summary>
/// What the OpenAPI document says beyond what the endpoints declare, so that it describes what the server does:
/// <list type="bullet">
/// <item>no inferred <c>200</c> of an empty <c>IResult</c> beside a route's real success code (a generated client takes
/// the lowest success code, and would lose the answer's type);</item>
/// <item>the problem answers a read can give (400 on bad query values, 404 for an id that names nothing);</item>
/// <item>the two security schemes (API key, bearer token) on every route, and the roles the role matrix grants it;</item>
/// <item>the headers: <c>Idempotency-Key</c> on commands, <c>Idempotent-Replayed</c> on their answers,
/// <c>X-Correlation-Id</c> on every request;</item>
/// <item>a server relative to where the document is served from, never the address of the instance that served it.</item>
/// </list>
/// </summary>
public static class OpenApiShape
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public static OpenApiOptions Shape(this OpenApiOptions options) =>
        options.AddSchemaTransformer(ArrayItems).AddOperationTransformer(QueryTextSchemas.Describe).AddDocumentTransformer((document, _, _) =>
    {
        document.Info.Title = "GasLedger";
        document.Info.Version = "1.0"; // docs/versioning.md
        document.Info.Contact = new OpenApiContact { Name = "The GasLedger team (this repository's maintainers)" };
        document.Info.Description = "Customer lifecycle of a city gas utility. Every route needs an X-Api-Key header or a " +
            "bearer token (where configured); the roles each route admits are in its description.";
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.Header,
                Description = "A staff member's API key: the key maps to a staff id and roles.",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "A bearer token of the configured issuer, with the staff id and roles as claims.",
            },
        };
        foreach (var (path, item) in document.Paths)
        foreach (var (method, operation) in item.Operations ?? [])
            Describe(document, path, method.Method, operation);
        document.Components.Schemas?.Remove("IResult");
        // An enumeration's component is its values; where a property may be null the property says so (oneOf null and
        // the component). The generator writes null into the component of the first nullable use as well, which made
        // null match both branches of those oneOfs.
        foreach (var schema in document.Components.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
            if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null))
            {
                schema.Enum = [.. values.Where(v => v is not null)];
                if (schema.Type is { } type) schema.Type = type & ~JsonSchemaType.Null;
            }
        // One validation problem type: the slices declare MVC's ValidationProblemDetails or ASP.NET's
        // HttpValidationProblemDetails for the same answer (title, status, detail, errors).
        if (document.Components.Schemas?.Remove("ValidationProblemDetails") == true)
            foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
            foreach (var content in (operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values.AsEnumerable() ?? []))
                if (content.Schema is OpenApiSchemaReference { Reference.Id: "ValidationProblemDetails" })
                    content.Schema = new OpenApiSchemaReference("HttpValidationProblemDetails", document);
        return Task.CompletedTask;
    }).AddDocumentTransformer(LedgerPaths);

    /// <summary>
    /// <c>GET /api/ledgers/{ledger}</c> as the ten paths the name can take, each with its own rows and filters — what the
    /// route answers for that name — so that a client reads a ledger's rows typed and passes its filters by name.
    /// </summary>
    private static async Task LedgerPaths(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        const string template = "/api/ledgers/{ledger}";
        if (document.Paths.GetValueOrDefault(template)?.Operations?.GetValueOrDefault(HttpMethod.Get) is not OpenApiOperation get) return;
        document.Paths.Remove(template);
        document.Components?.Schemas?.Remove("PagedOfObject"); // the template's rows, which each path now names
        foreach (var ledger in Ledgers.Ledgers.ByName.Values.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            var rows = $"PagedOf{ledger.Row.Name}";
            var page = await context.GetOrCreateSchemaAsync(typeof(Paged<>).MakeGenericType(ledger.Row), null, ct);
            var row = await context.GetOrCreateSchemaAsync(ledger.Row, null, ct);
            // The row's enumerations as the components the rest of the document uses, not copies of their own.
            foreach (var property in ledger.Row.GetProperties())
                if ((Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) is { IsEnum: true } values
                    && row.Properties?.ContainsKey(WireNames.Of(property.Name)) == true)
                {
                    var reference = Component(document, values);
                    row.Properties[WireNames.Of(property.Name)] = values == property.PropertyType ? reference
                        : new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference] };
                }
            document.AddComponent(ledger.Row.Name, row);
            if (page.Properties is { } properties && properties.TryGetValue("items", out var list) && list is OpenApiSchema items) items.Items = new OpenApiSchemaReference(ledger.Row.Name, document);
            document.AddComponent(rows, page);
            var responses = new OpenApiResponses();
            foreach (var (code, response) in get.Responses ?? [])
                responses[code] = code != "200" ? response : new OpenApiResponse
                {
                    Description = $"A page of the {ledger.Name} ledger's rows, or with Accept: text/csv every matching row.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(rows, document) },
                        [Ledgers.Ledger.CsvContentType] = response.Content![Ledgers.Ledger.CsvContentType],
                    },
                };
            var (mainDate, staff) = ledger.Columns;
            var operation = new OpenApiOperation
            {
                OperationId = $"GetLedger{char.ToUpperInvariant(ledger.Name[0])}{ledger.Name[1..]}",
                Summary = $"{ledger.Title}: one page, or CSV.",
                Description = $"The {ledger.Name} ledger's rows whose `{mainDate}` falls in the period (`from`, `to`: dates, " +
                    $"inclusive, company time zone), sorted by it then by id; `staff` filters `{staff}`. " +
                    (ledger.Filters.Count > 0 ? $"Its own filters: {string.Join(", ", ledger.Filters.Select(f => $"`{f.Name}`"))}. " : "") +
                    get.Description?[(get.Description.IndexOf("Roles: ", StringComparison.Ordinal) is var at and >= 0 ? at : get.Description.Length)..],
                Tags = get.Tags, Security = get.Security, Responses = responses,
                Parameters =
                [
                    .. (get.Parameters ?? []).Where(p => p.In != ParameterLocation.Path),
                    .. ledger.Filters.Select(f => (IOpenApiParameter)new OpenApiParameter
                    {
                        Name = f.Name, In = ParameterLocation.Query, Required = false,
                        Description = f.Takes == typeof(bool) ? "true or false." : "One of the values.",
                        Schema = f.Takes == typeof(bool) ? new OpenApiSchema { Type = JsonSchemaType.Boolean } : Component(document, f.Takes),
                    }),
                ],
            };
            document.Paths[$"/api/ledgers/{ledger.Name}"] = new OpenApiPathItem { Operations = new() { [HttpMethod.Get] = operation } };
        }
    }

    private static void Describe(OpenApiDocument document, string path, string method, OpenApiOperation operation)
    {
        operation.Responses ??= new OpenApiResponses();
        var responses = operation.Responses;
        // The inferred answer of an endpoint that returns IResult, where the route declares its real one.
        foreach (var code in responses.Where(r => IsIResult(r.Value)).Select(r => r.Key).ToArray())
            if (responses.Keys.Any(k => k != code && k.StartsWith('2'))) responses.Remove(code);

        if (method == "GET" && operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true && !responses.ContainsKey("400"))
            responses["400"] = Problem(document, "A query value is not one this route takes; `errors` names it.", "HttpValidationProblemDetails");
        foreach (var (code, response) in responses)
        {
            if (response is OpenApiResponse concrete && ProblemWords.TryGetValue(code, out var words)) concrete.Description = words;
            // A problem is written as application/problem+json (RFC 9457), whatever media type the slice declared.
            if (code[0] is '4' or '5' && response.Content is { } content && content.Remove("application/json", out var json))
                content.TryAdd("application/problem+json", json);
        }
        foreach (var code in (string[])["429", "503"])
            if (responses.TryGetValue(code, out var later) && later is OpenApiResponse retry)
                (retry.Headers ??= new Dictionary<string, IOpenApiHeader>())["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying (with the same Idempotency-Key for a command).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
        ];
        // Wolverine fills the summary and description with the operation id: no words a reader needs.
        if (operation.Description == operation.OperationId) operation.Description = null;
        if (operation.Summary == operation.OperationId) operation.Summary = null;
        if (RouteAccess.For(method, path) is { } grant)
            operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : "") + $"Roles: {string.Join(", ", grant.Roles)}.";

        operation.Parameters ??= [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.Schema is null or OpenApiSchema { Type: null }))
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
        // An answer in CSV is text, whatever the JSON answer's schema.
        foreach (var response in responses.Values)
            if (response.Content?.TryGetValue("text/csv", out var csv) == true)
                csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV in UTF-8 with a byte-order mark." };
        operation.Parameters.Add(Header("X-Correlation-Id", "Ties the events this request writes to the caller's own trace; default the request's trace id.", 200));
        if (method == "POST")
        {
            operation.Parameters.Add(Header(Idempotency.Header,
                "A key of the client's: a repeat with the same key and body answers as the first time and writes nothing more.", 255));
            foreach (var (code, response) in responses.Where(r => r.Key.StartsWith('2')))
                if (response is OpenApiResponse concrete)
                    (concrete.Headers ??= new Dictionary<string, IOpenApiHeader>())["Idempotent-Replayed"] = new OpenApiHeader
                    {
                        Description = "Present (true) when this answer is the kept answer of an earlier request with the same Idempotency-Key.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
                    };
        }
    }

    /// <summary>
    /// An array of plain values (roles, dates, names) that the schema generator left without <c>items</c>: its items'
    /// schema from the element type (OpenAPI requires one; a generated client would type the elements as anything).
    /// </summary>
    private static Task ArrayItems(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var clr = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        // Money and volumes are decimals on the server: a JSON number, read without binary rounding.
        if (clr == typeof(decimal)) schema.Format = "decimal";
        // Strings, dates and times are read by JsonInput's own converters, which leave the generator no type to write;
        // enumerations are written by name. Each gets its JSON type (and null where the property may be absent).
        if (schema.Type is null && schema.AnyOf is null && schema.OneOf is null && schema.AllOf is null
            && (clr == typeof(string) || clr == typeof(DateOnly) || clr == typeof(DateTimeOffset) || clr == typeof(TimeOnly) || clr.IsEnum))
        {
            schema.Type = JsonSchemaType.String;
            if (MayBeNull(context)) schema.Type |= JsonSchemaType.Null;
            schema.Format ??= Plain(clr).Format;
        }
        // A positional record's constructor parameters are listed as required; a nullable one may be left out
        // unless it is marked [Required] (the handler then refuses its absence with a 400 naming it).
        if (schema.Required is { Count: > 0 } required)
            foreach (var property in context.JsonTypeInfo.Properties)
                if (required.Contains(property.Name) && MayBeNull(property)
                    && property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), true) != true)
                    required.Remove(property.Name);
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Array) && schema.Items is null && context.JsonTypeInfo.ElementType is { } element)
            schema.Items = Plain(Nullable.GetUnderlyingType(element) ?? element);
        if (schema.AdditionalProperties is OpenApiSchema { Items: null } values && values.Type is { } valueType
            && valueType.HasFlag(JsonSchemaType.Array) && context.JsonTypeInfo.Type.IsAssignableTo(typeof(IDictionary<string, string[]>)))
            values.Items = Plain(typeof(string));
        return Task.CompletedTask;
    }

    /// <summary>A reference to the component of an enumeration, made if the document has none yet.</summary>
    internal static OpenApiSchemaReference Component(OpenApiDocument document, Type enumeration)
    {
        document.AddComponent(enumeration.Name, Plain(enumeration));
        return new OpenApiSchemaReference(enumeration.Name, document);
    }

    /// <summary>What each problem answer means here, in place of the status code's name.</summary>
    private static readonly Dictionary<string, string> ProblemWords = new()
    {
        ["401"] = "No credentials, or an API key or token that is not (or no longer) valid.",
        ["403"] = "The caller's roles may not use this route (the role matrix).",
        ["404"] = "An id in the path names nothing.",
        ["409"] = "The command does not fit the account's state, or carries a stale version; `detail` says which. Nothing was written.",
        ["413"] = "The request body is over the size limit. Nothing was written.",
        ["422"] = "The Idempotency-Key was used before with another body. Nothing was written.",
        ["429"] = "Over the rate limit of the caller's key; retry after the Retry-After seconds.",
        ["500"] = "An unexpected fault; `detail` says whether a command may have been applied (retry it with the same Idempotency-Key).",
        ["503"] = "The database cannot be reached; retry after the Retry-After seconds (a command with the same Idempotency-Key).",
    };

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>A nullable value type, or a property of a reference type its declaration allows to be null.</summary>
    private static bool MayBeNull(OpenApiSchemaTransformerContext context) =>
        context.JsonPropertyInfo is { } property ? MayBeNull(property)
            : Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is not null || !context.JsonTypeInfo.Type.IsValueType;

    private static bool MayBeNull(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null) return true;
        if (property.PropertyType.IsValueType) return false;
        lock (Nullability)
            return property.AttributeProvider switch
            {
                PropertyInfo member => Nullability.Create(member).ReadState != NullabilityState.NotNull,
                FieldInfo field => Nullability.Create(field).ReadState != NullabilityState.NotNull,
                _ => true,
            };
    }

    private static OpenApiSchema Plain(Type type) =>
        type == typeof(string) ? new() { Type = JsonSchemaType.String }
        : type == typeof(DateOnly) ? new() { Type = JsonSchemaType.String, Format = "date" }
        : type == typeof(DateTimeOffset) ? new() { Type = JsonSchemaType.String, Format = "date-time" }
        : type == typeof(TimeOnly) ? new() { Type = JsonSchemaType.String, Format = "time" }
        : type == typeof(Guid) ? new() { Type = JsonSchemaType.String, Format = "uuid" }
        : type == typeof(int) ? new() { Type = JsonSchemaType.Integer, Format = "int32" }
        : type == typeof(long) ? new() { Type = JsonSchemaType.Integer, Format = "int64" }
        : type.IsEnum ? new() { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames(type).Select(n => System.Text.Json.Nodes.JsonValue.Create(WireNames.Of(n))!)] }
        : new() { Type = JsonSchemaType.Object };

    private static bool IsIResult(IOpenApiResponse response) =>
        response.Content?.Values.Any(c => c.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true;

    private static OpenApiResponse Problem(OpenApiDocument document, string description, string schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
    };

    private static OpenApiParameter Header(string name, string description, int maxLength) => new()
    {
        Name = name, In = ParameterLocation.Header, Required = false, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };
}
