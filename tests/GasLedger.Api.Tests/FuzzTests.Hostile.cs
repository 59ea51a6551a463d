using System.Text;
using System.Text.Json.Nodes;

namespace GasLedger.Api.Tests;

public sealed partial class FuzzTests
{
    /// <summary>
    /// The generator's vocabulary: hostile strings (each carrying a fresh marker <c>ZQK123456</c> the log is searched
    /// for), numbers, dates, ids, and whole bodies that are not the JSON object a command takes.
    /// </summary>
    private sealed class Hostile(Random random, HashSet<string> markers)
    {
        private static readonly string[] Bidi = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
        private static readonly string[] Invisible = ["\u200B", "\u200C", "\u2060", "\uFEFF", "\u00AD", "\u180E", "\u034F\u200B"];

        private static readonly string[] Numbers =
        [
            "0", "-1", "-0.01", "1e308", "-1e308", "1e-320", "1E+400", "79228162514264337593543950336", "-79228162514264337593543950336",
            "9223372036854775808", "2147483648", "-2147483649", "100000000000", "0.000000000000000000000000001",
            "3.14159265358979323846264338327950288419716939937510", "123456789012345678901234567890.5",
        ];

        private static readonly string[] Dates =
        [
            "0001-01-01", "9999-12-31", "1989-12-31", "2101-01-01", "2026-02-30", "2026-13-01", "26-11-20", "2026-11-20T25:00:00Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "2026-11-20T10:00:00+99:00", "1970-01-01T00:00:00Z", "yesterday", "-1",
            "2026-W99", "2026-13", "2026-00",
        ];

        private static readonly string[] Ids =
        [
            "00000000-0000-0000-0000-000000000000", "not-a-guid", "ffffffff-ffff-ffff-ffff-ffffffffffff", "{00000000-0000-0000-0000-000000000000}",
            "0190a2b4", "",
        ];

        private static readonly string[] Words = ["martian", "RESIDENTIAL", "Residential", "1", "0", "null", "true", "undefined", "NaN", "Infinity"];

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        public string Text(int length) => NewMarker() + new string('x', Math.Max(0, length - 9));

        private string NewMarker()
        {
            var marker = $"ZQK{random.Next(1_000_000):D6}";
            markers.Add(marker);
            return marker;
        }

        /// <summary>A string no field should take as it is, or an edge a field must handle (empty, blank, huge).</summary>
        public string String()
        {
            var m = NewMarker();
            return random.Next(22) switch
            {
                0 or 18 or 19 => m + "\u0000" + m,
                1 or 20 => m + (char)random.Next(1, 32) + m,
                2 or 21 => m + (char)(0x7F + random.Next(0x21)) + m,
                3 => m + Pick(Bidi) + m,
                4 => m + Pick(Invisible) + m,
                5 => m + "\uD800",
                6 => "\uDFFF" + m,
                7 => m + "\uFFFE",
                8 => m + "\u2028" + m,
                9 => m + new string('长', 5_000),
                10 => "",
                11 => "   \t ",
                12 => m + "'; drop table gasledger.mt_events; --",
                13 => m + "../../../../etc/passwd",
                14 => m + "<script>alert(1)</script>",
                15 => m + "\\u0000%00",
                16 => m + "\n" + m + "\r\n" + m,
                _ => m + "👨‍👩‍👧" + m,
            };
        }

        /// <summary>A value to put where a field was: another type, null, a hostile string, an extreme number or date, an id.</summary>
        public JsonNode? Value() => random.Next(16) switch
        {
            0 => null,
            1 or 2 => JsonNode.Parse(Pick(Numbers)),
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => new JsonObject { ["nested"] = new JsonObject { [NewMarker()] = String() } },
            5 => new JsonArray(JsonValue.Create(String()), null, JsonNode.Parse(Pick(Numbers))),
            6 => JsonValue.Create(Pick(Dates)),
            7 => JsonValue.Create(Pick(Ids)),
            8 => JsonValue.Create(Pick(Words)),
            _ => JsonValue.Create(String()),
        };

        /// <summary>Mutates <paramref name="body"/> in place: a field replaced, added or removed. Says what it did.</summary>
        public string Mutate(JsonNode body)
        {
            var fields = new List<(JsonNode Parent, object Key)>();
            Collect(body, fields);
            var roll = random.Next(100);
            if (roll < 12 || fields.Count == 0)
            {
                var objects = fields.Select(f => f.Parent).OfType<JsonObject>().Append(body.AsObject()).ToArray();
                var name = random.Next(3) == 0 ? NewMarker() + "\u0000" : NewMarker();
                Pick(objects)[name] = Value();
                return "added a field";
            }
            // Text fields are the likeliest way into the database and the log: chosen more often.
            var texts = fields.Where(f => f.Parent is JsonObject o && o[(string)f.Key] is JsonValue v && v.TryGetValue<string>(out _)).ToArray();
            var (parent, key) = texts.Length > 0 && random.Next(3) > 0 ? Pick(texts) : Pick(fields);
            if (roll < 22 && parent is JsonObject removable)
            {
                removable.Remove((string)key);
                return $"removed {key}";
            }
            var value = Value();
            if (parent is JsonObject obj) obj[(string)key] = value;
            else parent.AsArray()[(int)key] = value;
            var shown = value?.ToJsonString() ?? "null";
            return $"{key} = {(shown.Length > 60 ? shown[..60] + $"…({shown.Length})" : shown)}";
        }

        private static void Collect(JsonNode node, List<(JsonNode, object)> fields)
        {
            if (node is JsonObject obj)
                foreach (var (name, child) in obj.ToArray())
                {
                    fields.Add((obj, name));
                    if (child is not null) Collect(child, fields);
                }
            else if (node is JsonArray array)
                for (var i = 0; i < array.Count; i++)
                {
                    fields.Add((array, i));
                    if (array[i] is { } child) Collect(child, fields);
                }
        }

        /// <summary>A body that is not the object the command takes, or not JSON at all.</summary>
        public (byte[] Body, string What) WholeBody(string valid)
        {
            var m = NewMarker();
            var cut = random.Next(1, valid.Length);
            return random.Next(14) switch
            {
                0 => (Encoding.UTF8.GetBytes("null"), "null"),
                1 => (Encoding.UTF8.GetBytes("[" + valid + "]"), "an array"),
                2 => (Encoding.UTF8.GetBytes($"\"{m}\""), "a string"),
                3 => (Encoding.UTF8.GetBytes(Pick(Numbers)), "a number"),
                4 => ([], "empty"),
                5 => (Encoding.UTF8.GetBytes(valid[..cut]), $"cut at {cut}"),
                6 => (Encoding.UTF8.GetBytes(valid + $"{{\"{m}\":1}}"), "two objects"),
                7 => (Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300)), "nested 300 deep"),
                8 => ([.. Encoding.UTF8.GetBytes($"{{\"{m}\":\""), 0xFF, 0xFE, 0xC0, 0x80, .. "\"}"u8], "broken UTF-8"),
                9 => (Encoding.UTF8.GetBytes(valid.Insert(1, $"\"{m}\":\"{new string('x', 60_000)}\",")), "a 60 kB field"),
                10 => (Encoding.UTF8.GetBytes(valid.Insert(1, $"\"{m}\":\"{new string('x', 70_000)}\",")), "over the size limit"),
                11 => ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(valid)], "a byte-order mark"),
                12 => (Encoding.UTF8.GetBytes(valid.Replace("\"", "'")), "single quotes"),
                _ => (Encoding.UTF8.GetBytes("{" + string.Concat(Enumerable.Range(0, 2_000).Select(i => $"\"{m}{i}\":{i},")) + "\"x\":0}"), "2,000 fields"),
            };
        }

        /// <summary>
        /// A route value where an id (or a ledger, a year) goes. (A NUL in the path is refused by the web server itself before the
        /// application: <see cref="ServerTests"/>; the in-memory test server throws on it.)
        /// </summary>
        public string PathValue() => random.Next(9) switch
        {
            0 => Guid.Empty.ToString(),
            1 => "not-a-guid",
            2 => "%01%7F",
            3 => "..%2F..%2Fetc%2Fpasswd",
            4 => Guid.NewGuid().ToString(),
            5 => new string('9', 3_000),
            6 => "%E2%80%AE" + Guid.NewGuid(),
            7 => "-1",
            _ => "00000000-0000-0000-0000-00000000000g",
        };

        /// <summary>A query value: a hostile string, a number or date out of range, a word that is none of the values.</summary>
        public string QueryValue() => random.Next(6) switch
        {
            0 or 1 => String(),
            2 => Pick(Numbers),
            3 => Pick(Dates),
            4 => Pick(Words),
            _ => Pick(["0", "-1", "2147483647", "2147483648", "42949674", "4294968", "501", "1e9", "", " "]),
        };
    }
}
