using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GasLedger.Api.Tests;

/// <summary>
/// Makes an answer comparable across runs for snapshot files: ids become <c>id-1</c>, <c>id-2</c> … in order of first
/// appearance, and what the database assigns (recorded time, global sequence, account and complaint serials,
/// correlation ids) is replaced by its shape. Business data and business times stay as they are.
/// </summary>
public static partial class Normalised
{
    public static Newtonsoft.Json.Linq.JToken Of(JsonNode node)
    {
        var ids = new Dictionary<string, string>();
        long? firstSequence = null;
        var copy = JsonNode.Parse(node.ToJsonString())!;
        Walk(copy, ids, ref firstSequence);
        // Dates stay the strings the API wrote (Newtonsoft would otherwise re-zone them).
        return Newtonsoft.Json.JsonConvert.DeserializeObject<Newtonsoft.Json.Linq.JToken>(copy.ToJsonString(),
            new Newtonsoft.Json.JsonSerializerSettings { DateParseHandling = Newtonsoft.Json.DateParseHandling.None })!;
    }

    private static void Walk(JsonNode node, Dictionary<string, string> ids, ref long? firstSequence)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToArray())
                {
                    if (value is null) continue;
                    switch (key)
                    {
                        case "recordedAt": obj[key] = "<recorded at>"; continue;
                        case "correlationId": obj[key] = "<correlation id>"; continue;
                        case "number" or "accountNumber": obj[key] = AccountNumber().Replace(value.ToString(), "33<serial>"); continue;
                        case "complaintNumber": obj[key] = ComplaintNumber().Replace(value.ToString(), "$1<serial>"); continue;
                        case "sequence":
                            var sequence = value.GetValue<long>();
                            firstSequence ??= sequence;
                            obj[key] = $"first+{sequence - firstSequence}";
                            continue;
                        case "cardToken": obj[key] = "<card token>"; continue;
                    }
                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out _))
                        obj[key] = Id(s, ids);
                    else Walk(value, ids, ref firstSequence);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out _)) array[i] = Id(s, ids);
                    else if (array[i] is { } child) Walk(child, ids, ref firstSequence);
                }
                break;
        }
    }

    private static string Id(string guid, Dictionary<string, string> ids)
    {
        if (!ids.TryGetValue(guid, out var id)) ids[guid] = id = $"id-{ids.Count + 1}";
        return id;
    }

    [GeneratedRegex(@"^33\d{8}$")]
    private static partial Regex AccountNumber();

    [GeneratedRegex(@"^(TS-\d{6}-)\d{4}$")]
    private static partial Regex ComplaintNumber();
}
