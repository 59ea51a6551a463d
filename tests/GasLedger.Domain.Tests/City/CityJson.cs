using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GasLedger.City;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>Generated accounts as text, field for field: what the determinism and personal-data tests compare and search.</summary>
public static class CityJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>An event's data with its runtime type, as the event store would keep it.</summary>
    public static string Event(CityEvent e) => JsonSerializer.Serialize(e.Data, e.Data.GetType(), Options);

    public static string Account(CityAccount account)
    {
        var text = new StringBuilder();
        text.Append(account.Index).Append(' ').Append(account.AccountId).Append(' ').Append(account.Number).Append('\n');
        foreach (var party in account.Parties) text.Append(JsonSerializer.Serialize(party, Options)).Append('\n');
        foreach (var e in account.Events)
            text.Append(e.Id).Append(' ').Append(e.Data.GetType().Name).Append(' ').Append(e.RecordedBy).Append(' ').Append(e.CausationId)
                .Append(' ').Append(Event(e)).Append('\n');
        return text.ToString();
    }
}
