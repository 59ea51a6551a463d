using System.Collections.Concurrent;
using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GasLedger.Api.Http;

/// <summary>
/// The one place every request's input is checked before an endpoint, the idempotency record or the database sees it
/// (after its credentials): each query value is one line of plain text (<see cref="TextInput"/>); the nil id in a route
/// is a 404 (no account, complaint or repair has it); a JSON body is an object, and reads into the endpoint's request
/// type under the rules of <see cref="JsonInput"/> — a value that does not is a 400 naming its field, in the same
/// <c>errors</c> form as every other field error, with nothing of .NET in it. A body whose framing is broken is a 400
/// too. Nothing refused here writes anything or draws any number.
/// </summary>
public sealed class InputBoundary(RequestDelegate next, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;
    private readonly ConcurrentDictionary<Endpoint, Input> _inputs = new();

    /// <summary>What an endpoint reads: its body (type, and whether it may be left out) and its typed query values.</summary>
    private sealed record Input(Type? Body, bool Optional, IReadOnlyDictionary<string, Type> Query);

    public async Task InvokeAsync(HttpContext http)
    {
        var input = http.GetEndpoint() is { } endpoint ? InputOf(endpoint) : null;
        if (QueryErrors(http.Request.Query, input?.Query) is { } errors)
        {
            await Problems.Invalid(errors).ExecuteAsync(http);
            return;
        }
        foreach (var (name, value) in http.Request.RouteValues)
            if (value is string text && Guid.TryParse(text, out var id) && id == Guid.Empty)
            {
                await Problems.NotFound($"No {Noun(name)} {id}: the nil id names nothing.").ExecuteAsync(http);
                return;
            }
        if (input is { Body: { } body } && IsJson(http.Request))
        {
            var (bytes, problem) = await Read(http);
            if (problem is null && bytes.Length == 0 && !input.Optional)
                problem = Field("body", "is required: a JSON object.");
            if (problem is null && bytes.Length > 0)
                problem = Check(bytes, body);
            if (problem is not null)
            {
                await Problems.Invalid(problem).ExecuteAsync(http);
                return;
            }
            http.Request.Body = new MemoryStream(bytes, writable: false);
        }
        await next(http);
    }

    /// <summary>
    /// The field errors of a query string: every name and value one line of plain text, and a value of a typed parameter
    /// (<paramref name="typed"/>: a number, a yes-or-no, an id) of its type.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]>? QueryErrors(IQueryCollection query,
        IReadOnlyDictionary<string, Type>? typed = null)
    {
        var errors = new FieldErrors();
        foreach (var (name, values) in query)
        {
            if (TextInput.Refusal(name) is { } badName)
            {
                errors.Add("query", $"a parameter name {badName}");
                continue;
            }
            foreach (var value in values)
                if (value is not null && TextInput.Refusal(value) is { } refusal)
                    errors.Add(name, refusal);
                else if (!string.IsNullOrWhiteSpace(value) && typed?.GetValueOrDefault(name) is { } type && !Parses(value, type))
                    errors.Add(name, Takes(type));
        }
        return errors.Any ? errors.ToDictionary() : null;
    }

    /// <summary>Whether a query value reads as <paramref name="type"/> (as strictly as the endpoint's own binding reads it).</summary>
    private static bool Parses(string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var integer = System.Globalization.NumberStyles.Integer;
        if (type == typeof(int)) return int.TryParse(value, integer, invariant, out _);
        if (type == typeof(long)) return long.TryParse(value, integer, invariant, out _);
        if (type == typeof(bool)) return bool.TryParse(value, out _);
        if (type == typeof(Guid)) return Guid.TryParse(value, out _);
        if (type == typeof(decimal)) return decimal.TryParse(value, System.Globalization.NumberStyles.Number, invariant, out _);
        if (type.IsEnum) return Enum.TryParse(type, value, ignoreCase: true, out _) && !int.TryParse(value, out _);
        return true;
    }

    private static string Noun(string routeValue) =>
        routeValue.EndsWith("Id", StringComparison.Ordinal) && routeValue.Length > 2 ? routeValue[..^2] : "item";

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && (type.Contains("json", StringComparison.OrdinalIgnoreCase) || type.Contains("*/*"));

    private Input InputOf(Endpoint endpoint) => _inputs.GetOrAdd(endpoint, e =>
    {
        var parameters = e.Metadata.GetMetadata<HttpChain>()?.Method.Method.GetParameters() ?? [];
        var routeValues = (e as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet() ?? [];
        var query = parameters.Where(p => p.Name is { } name && !routeValues.Contains(name) && Typed(p.ParameterType))
            .ToDictionary(p => p.Name!, p => p.ParameterType, StringComparer.OrdinalIgnoreCase);
        if (e.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type }) return new Input(null, false, query);
        var parameter = parameters.FirstOrDefault(p => p.ParameterType == type);
        var optional = parameter is not null && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable;
        return new Input(type, optional, query);
    });

    /// <summary>A query parameter bound to a type other than text.</summary>
    private static bool Typed(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) || type == typeof(bool) || type == typeof(Guid) || type == typeof(decimal)
            || type.IsEnum;
    }

    /// <summary>The whole body (within the size limit, which fails with 413 as before), or a 400 if its framing is broken.</summary>
    private static async Task<(byte[] Bytes, IReadOnlyDictionary<string, string[]>? Problem)> Read(HttpContext http)
    {
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            return (buffer.ToArray(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            return ([], Field("body", "could not be read: its framing (chunked encoding or length) is broken."));
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            return ([], Field("body", "could not be read: its framing (chunked encoding or length) is broken."));
        }
    }

    /// <summary>The field errors of a body read as <paramref name="type"/>, or null when it reads.</summary>
    private IReadOnlyDictionary<string, string[]>? Check(byte[] bytes, Type type)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Field("body", "must be a JSON object.");
            JsonSerializer.Deserialize(bytes, type, _options);
            return null;
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? "body"
                : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
            return Field(field, Message(e, type));
        }
    }

    private static IReadOnlyDictionary<string, string[]> Field(string field, string message) =>
        new Dictionary<string, string[]> { [field] = [message] };

    /// <summary>
    /// A field error a person can read: the rule's own words where a rule refused the value (<see cref="JsonInput"/>),
    /// else what the field takes, from its type — never the serializer's message, which names .NET types.
    /// </summary>
    private string Message(JsonException e, Type root)
    {
        if (e.InnerException is JsonException) return "is not well-formed JSON here.";
        if (!e.Message.Contains("LineNumber:", StringComparison.Ordinal)) return e.Message;
        return FieldType(root, e.Path) is { } type ? Takes(type) : "has a value of the wrong type.";
    }

    /// <summary>The type of the field at a JSON path (<c>$.hazards[0].code</c>) of <paramref name="root"/>.</summary>
    private Type? FieldType(Type root, string? path)
    {
        if (path is null || !path.StartsWith('$')) return null;
        var type = root;
        foreach (var step in Steps(path[1..]))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (step is null)
            {
                type = ElementType(type);
                if (type is null) return null;
                continue;
            }
            var property = _options.GetTypeInfo(type).Properties
                .FirstOrDefault(p => string.Equals(p.Name, step, StringComparison.OrdinalIgnoreCase));
            if (property is null) return null;
            type = property.PropertyType;
        }
        return type;
    }

    /// <summary>The steps of a path: property names, and null for an index.</summary>
    private static IEnumerable<string?> Steps(string path)
    {
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                yield return path[(i + 1)..end];
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0) yield break;
                var inside = path[(i + 1)..end];
                yield return inside.StartsWith('\'') ? inside.Trim('\'') : null;
                i = end + 1;
            }
            else yield break;
        }
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];

    private static string Takes(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return $"must be one of {string.Join(", ", Enum.GetNames(type).Select(WireNames.Of))}.";
        if (type == typeof(bool)) return "must be true or false.";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return "must be a whole number (within range).";
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return "must be a number (within range).";
        if (type == typeof(Guid)) return "must be an id (a UUID such as 0190a2b4-…).";
        if (type == typeof(DateOnly)) return "must be a date yyyy-MM-dd (2026-11-20).";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return "must be a time in ISO 8601 with its offset (2026-11-20T10:00:00+08:00).";
        if (type == typeof(string)) return "must be text (a JSON string).";
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)) return "must be a list (a JSON array).";
        return "must be a JSON object.";
    }
}
