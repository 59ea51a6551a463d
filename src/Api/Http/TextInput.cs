using System.Buffers;
using System.Globalization;
using System.Text;

namespace GasLedger.Api.Http;

/// <summary>
/// What text the API takes, in a body or a query string. A one-line field (a name, a district, a staff id, a code, a
/// filter) holds no control characters, no invisible or direction-changing format characters (bidirectional overrides,
/// zero-width spaces: they make two ids look alike or a line read backwards), no line or paragraph separators, and at
/// most <see cref="MaxLineLength"/> characters. A free-text field (<see cref="Domain.Accounts.FreeTextAttribute"/>)
/// may also hold tabs, line breaks and the zero-width joiner of emoji, up to <see cref="MaxFreeTextLength"/>
/// characters. Neither holds a broken UTF-16 character or a Unicode noncharacter. PostgreSQL cannot store a NUL in
/// text or JSON at all.
/// </summary>
public static class TextInput
{
    public const int MaxLineLength = 200;
    public const int MaxFreeTextLength = 4000;

    /// <summary>Why <paramref name="text"/> is refused, as the end of a field error ("may not hold …"), or null.</summary>
    public static string? Refusal(ReadOnlySpan<char> text, bool freeText = false)
    {
        var max = freeText ? MaxFreeTextLength : MaxLineLength;
        if (text.Length > max) return $"may be at most {max} characters.";
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var used) != OperationStatus.Done)
                return "holds a broken character (an unpaired UTF-16 surrogate).";
            text = text[used..];
            var code = rune.Value;
            if (freeText && code is '\t' or '\n' or '\r' or 0x200D) continue;
            if ((code & 0xFFFE) == 0xFFFE || code is >= 0xFDD0 and <= 0xFDEF)
                return $"may not hold a Unicode noncharacter (U+{code:X4}).";
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                    return $"may not hold control characters (U+{code:X4}){(freeText ? "" : "; it is one line of text")}.";
                case UnicodeCategory.Format:
                    return $"may not hold invisible or direction-changing characters (U+{code:X4}).";
                case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return $"may not hold line or paragraph separators (U+{code:X4}).";
            }
        }
        return null;
    }
}
