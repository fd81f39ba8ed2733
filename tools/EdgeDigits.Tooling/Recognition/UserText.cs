using System.Text;

namespace EdgeDigits.Tooling;

/// <summary>
/// Makes text that came from the user (file content, file names, exception messages quoting them) safe to print on a
/// terminal: control characters, ANSI escapes, lone surrogates and other invisible format characters are shown as
/// <c>\xNN</c> / <c>\uNNNN</c> escapes, and long text is cut with an ellipsis.
/// </summary>
public static class UserText
{
    /// <summary>How many characters of user content an error line quotes by default.</summary>
    public const int DefaultMaxChars = 80;

    /// <summary>Longest exception message an error line of the tool or the simulator prints, in characters (then cut with "…").</summary>
    public const int MaxMessageChars = 400;

    /// <summary>Escapes and truncates <paramref name="text"/>.</summary>
    /// <param name="text">Untrusted text; null gives an empty string.</param>
    /// <param name="maxChars">Most characters of <paramref name="text"/> kept (before escaping); longer text ends with "…".</param>
    /// <returns>Printable text holding no control or format character.</returns>
    public static string Escape(string? text, int maxChars = DefaultMaxChars)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        int kept = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (kept == maxChars)
            {
                sb.Append('…');
                break;
            }

            char c = text[i];
            kept++;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }

            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
            {
                sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\x1b' => "\\e", _ => $"\\x{(int)c:X2}" });
            }
            else if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                         or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                         or System.Globalization.UnicodeCategory.OtherNotAssigned)
            {
                sb.Append($"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
