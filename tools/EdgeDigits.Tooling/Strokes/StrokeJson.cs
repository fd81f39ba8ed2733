using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// Reads one JSON object holding a drawing's strokes (a stroke file's <see cref="StrokeDocument"/> or a simulator
/// request), so that the same fault gets the same <see cref="StrokeJsonException"/> wherever it comes from. First a
/// <see cref="Utf8JsonReader"/> scan: strict syntax (no comments, no trailing commas, depth under <see cref="MaxDepth"/>,
/// one value), every string valid text (invalid UTF-8 or a lone surrogate escape fails even in a skipped property),
/// each mapped property once, at most <see cref="StrokeFileLimits.MaxStrokes"/> strokes and
/// <see cref="StrokeFileLimits.MaxPoints"/> points: the limits hold before anything is materialized, and the scan is
/// linear in the bytes (at most <see cref="StrokeFileLimits.MaxLineBytes"/>). Then <see cref="JsonSerializer"/> with
/// source-generated metadata (a value of the wrong type is reported with what its path expects and what was found),
/// then the caller's <see cref="StrokeValidator"/> pass. Every problem's path is looked up in the text for its line.
/// </summary>
public static partial class StrokeJson
{
    /// <summary>Deepest nesting accepted: a drawing needs 4 (object, strokes, stroke, point); skipped properties may nest more.</summary>
    public const int MaxDepth = 16;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// "UTF-16 (LE)", "UTF-16 (BE)", "UTF-32 (LE)" or "UTF-32 (BE)" when JSON text is in one of those encodings, else null.
    /// Told by its byte order mark or, without one, by where the NUL bytes of its first characters fall (RFC 4627 §3:
    /// JSON text starts with two ASCII characters; no NUL byte can stand in UTF-8 JSON outside a string, nor inside one).
    /// </summary>
    public static string? WideEncoding(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith(new byte[] { 0xFF, 0xFE, 0, 0 }) || (b.Length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0))
        {
            return "UTF-32 (LE)";
        }

        if (b.StartsWith(new byte[] { 0, 0, 0xFE, 0xFF }) || (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0))
        {
            return "UTF-32 (BE)";
        }

        if (b.StartsWith(new byte[] { 0xFF, 0xFE }) || (b.Length >= 2 && b[0] != 0 && b[1] == 0))
        {
            return "UTF-16 (LE)";
        }

        if (b.StartsWith(new byte[] { 0xFE, 0xFF }) || (b.Length >= 2 && b[0] == 0 && b[1] != 0))
        {
            return "UTF-16 (BE)";
        }

        return null;
    }

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };

    /// <summary>Scans, deserializes and validates one object.</summary>
    /// <typeparam name="T">The DTO.</typeparam>
    /// <typeparam name="TResult">What <paramref name="validate"/> makes of it.</typeparam>
    /// <param name="json">UTF-8 JSON text of one object; a leading UTF-8 byte order mark is skipped (RFC 8259 §8.1).</param>
    /// <param name="shape">The object's shape.</param>
    /// <param name="limits">Limits: bytes, strokes and points here, the others in <paramref name="validate"/>.</param>
    /// <param name="validate">Checks the DTO, throwing <see cref="StrokeJsonException"/> (a <see cref="StrokeValidator"/> method).</param>
    /// <returns>The validated result.</returns>
    /// <exception cref="StrokeJsonException">Malformed, over a limit or invalid; <see cref="StrokeJsonException.Line"/> is the line in <paramref name="json"/>.</exception>
    public static TResult Read<T, TResult>(ReadOnlySpan<byte> json, StrokeJsonShape<T> shape, StrokeFileLimits limits, Func<T, TResult> validate)
    {
        if (json.Length > limits.MaxLineBytes)
        {
            throw new StrokeJsonException("", $"drawing is {json.Length} bytes, more than the limit of {limits.MaxLineBytes} bytes");
        }

        if (WideEncoding(json) is { } encoding)
        {
            throw new StrokeJsonException("", $"the text is {encoding}; stroke JSON must be UTF-8");
        }

        if (json.StartsWith(Utf8ByteOrderMark))
        {
            json = json[Utf8ByteOrderMark.Length..];
        }

        Scan(json, shape, limits);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(json, shape.Type);
        }
        catch (JsonException e)
        {
            // After the scan, only a value of the wrong type is left; its path says what was expected.
            string path = (e.Path ?? "$").TrimStart('$', '.');
            string expected = path.StartsWith("strokes", StringComparison.Ordinal) ? StrokeValidator.Expected[Math.Min(path.Count(c => c == '['), 3)]
                : shape.Properties.GetValueOrDefault(path, "expected a JSON object " + shape.Outline);
            throw Locate(json, path, expected, describe: true);
        }

        try
        {
            return validate(value ?? throw new StrokeJsonException("", "expected a JSON object " + shape.Outline + ", found null"));
        }
        catch (StrokeJsonException e)
        {
            throw Locate(json, e.JsonPath, e.Problem, describe: false);
        }
    }

    private static void Scan<T>(ReadOnlySpan<byte> json, StrokeJsonShape<T> shape, StrokeFileLimits limits)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var seen = new HashSet<string>();
        string property = "";
        bool inStrokes = false;
        int strokes = 0, points = 0, pointInStroke = 0;
        try
        {
            while (reader.Read())
            {
                int depth = reader.CurrentDepth;
                bool value = reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject or JsonTokenType.PropertyName);
                if (depth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = Text(ref reader, json, "");
                    bool known = shape.Properties.ContainsKey(property);
                    if ((known && !seen.Add(property)) || (!known && shape.RefuseUnknown))
                    {
                        throw At(json, ref reader, UserText.Escape(property), known ? "appears twice"
                            : "unknown property; expected " + string.Join(" or ", shape.Properties.Keys.Select(k => "\"" + k + "\"")));
                    }
                }
                else if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
                {
                    Text(ref reader, json, UserText.Escape(property));
                }

                inStrokes = depth == 1 ? property == "strokes" && reader.TokenType == JsonTokenType.StartArray : inStrokes;
                if (inStrokes && value && depth == 2)
                {
                    if (strokes == limits.MaxStrokes)
                    {
                        throw At(json, ref reader, $"strokes[{strokes}]", $"more than {limits.MaxStrokes} strokes (limit)");
                    }

                    strokes++;
                    pointInStroke = 0;
                }
                else if (inStrokes && value && depth == 3)
                {
                    if (points == limits.MaxPoints)
                    {
                        throw At(json, ref reader, $"strokes[{strokes - 1}][{pointInStroke}]", $"more than {limits.MaxPoints} points in one drawing (limit)");
                    }

                    points++;
                    pointInStroke++;
                }
            }
        }
        catch (JsonException e)
        {
            // The reader's message ends with its own position (" Path: ... | LineNumber: ..."), replaced by ours.
            string message = PositionSuffix().Replace(e.Message, "").TrimEnd('.', ' ');
            throw new StrokeJsonException("", $"invalid JSON: {UserText.Escape(message, 200)} (at byte {e.BytePositionInLine + 1} of the line)", (int)(e.LineNumber ?? 0));
        }
    }

    /// <summary>The current string or property name; invalid UTF-8 or a lone surrogate escape is a problem at <paramref name="path"/>.</summary>
    private static string Text(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader validates the structure, not the text of strings: decoding is where bad text shows.
            throw At(json, ref reader, path, "a JSON string holds invalid UTF-8 or a lone UTF-16 surrogate (\\uD800-\\uDFFF)");
        }
    }

    private static StrokeJsonException At(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, string path, string problem) =>
        new(path, problem, json[..(int)reader.TokenStartIndex].Count((byte)'\n'));

    /// <summary>The problem at <paramref name="path"/> with the line of the value there and, if <paramref name="describe"/>, what it is.</summary>
    private static StrokeJsonException Locate(ReadOnlySpan<byte> json, string path, string problem, bool describe)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (!Enter(ref reader, segment))
            {
                return new StrokeJsonException(path, problem);
            }
        }

        return At(json, ref reader, path, describe ? problem + ", found " + Describe(ref reader) : problem);
    }

    /// <summary>Moves from an object or array to its member named, or element numbered, by <paramref name="segment"/>; false when there is none.</summary>
    private static bool Enter(ref Utf8JsonReader reader, Match segment)
    {
        bool byName = !segment.Groups[1].Success;
        int index = byName ? -1 : int.Parse(segment.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        bool entered = reader.TokenType == (byName ? JsonTokenType.StartObject : JsonTokenType.StartArray);
        for (int i = 0; entered && reader.Read() && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray); i++, reader.Skip())
        {
            // A property name is followed by its value: step onto it, then stop there or skip it.
            bool found = byName ? reader.ValueTextEquals(segment.Value) : i == index;
            if ((byName && !reader.Read()) || found)
            {
                return found;
            }
        }

        return false;
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"string \"{UserText.Escape(reader.GetString())}\"",
        JsonTokenType.Number => "number " + UserText.Escape(Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex(@" (Path|LineNumber): .*$")]
    private static partial Regex PositionSuffix();

    [GeneratedRegex(@"\[(\d+)\]|[A-Za-z_]\w*")]
    private static partial Regex PathSegment();
}
