using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace GasLedger.Api.Http;

/// <summary>
/// The dates a request may name: business records of a gas company fall in <see cref="FirstYear"/>–<see cref="LastYear"/>.
/// A date outside is a typing error, and beyond it the arithmetic of time zones and periods overflows.
/// </summary>
public static class BusinessDates
{
    public const int FirstYear = 1990;
    public const int LastYear = 2100;

    public const string Range = "years 1990 to 2100";

    public static bool Holds(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>A date as requests write it, <c>yyyy-MM-dd</c> and nothing else (the range is <see cref="Holds"/>'s to check).</summary>
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>
/// The rules of <see cref="TextInput"/> and <see cref="BusinessDates"/> applied where request bodies are read: every
/// string (one line, or free text where the property says so), every date and time. A value that breaks one fails the
/// read with a <see cref="JsonException"/> whose message is the field error; <see cref="InputBoundary"/> answers it
/// as a 400 naming the field.
/// </summary>
public static class JsonInput
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(Line);
        options.Converters.Add(new DateConverter());
        options.Converters.Add(new TimeConverter());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(MarkFreeText);
    }

    private static readonly TextConverter Line = new(freeText: false);
    private static readonly TextConverter FreeText = new(freeText: true);

    private static void MarkFreeText(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
            if (property.PropertyType == typeof(string) && property.AttributeProvider?.IsDefined(typeof(FreeTextAttribute), true) == true)
                property.CustomConverter = FreeText;
    }

    private sealed class TextConverter(bool freeText) : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException(); // the serializer's own message: the wrong type
            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new JsonException("holds a broken character (an unpaired UTF-16 surrogate).");
            }
            return TextInput.Refusal(text, freeText) is { } refusal ? throw new JsonException(refusal) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class DateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            if (!BusinessDates.TryParse(reader.GetString(), out var date))
                throw new JsonException("must be a date yyyy-MM-dd (2026-11-20).");
            return BusinessDates.Holds(date.Year) ? date : throw new JsonException($"must be a date in {BusinessDates.Range}.");
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private sealed class TimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            if (!reader.TryGetDateTimeOffset(out var time))
                throw new JsonException("must be a time in ISO 8601 with its offset (2026-11-20T10:00:00+08:00).");
            return BusinessDates.Holds(time.Year) ? time : throw new JsonException($"must be a time in {BusinessDates.Range}.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}
