using System.Text;
using System.Text.Json;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>One drawing read from a stroke file, or the error that prevented reading it.</summary>
/// <param name="Source">File and line, e.g. <c>digits.jsonl:12</c>.</param>
/// <param name="Sample">The drawing, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">What is wrong, starting with the file and line; null on success.</param>
public sealed record StrokeFileEntry(string Source, StrokeSample? Sample, string? Error);

/// <summary>
/// Reads stroke files: a <c>.json</c> file holding one drawing object, or a <c>.jsonl</c> file holding one per line
/// (blank lines are skipped). The object is exactly
/// <c>{"canvas": {"width": W, "height": H}, "strokes": [[[x, y], [x, y], ...], ...], "label": "7"}</c>:
/// x to the right and y down in canvas pixels, numbers may have fractions, <c>label</c> is optional (a string of
/// digits, or null), an optional string <c>"id"</c> is kept as <see cref="StrokeSample.Id"/>, other properties are ignored. A malformed object yields an entry whose error names the file,
/// the line and the JSON path; the other lines are still read.
/// </summary>
public static class StrokeFileReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    /// <summary>Reads every drawing of a <c>.json</c> or <c>.jsonl</c> file (decided by the extension; anything else is read as <c>.jsonl</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Limits; <see cref="StrokeFileLimits.Default"/> when null.</param>
    /// <returns>One entry per drawing or per error, in file order.</returns>
    public static List<StrokeFileEntry> Read(string path, StrokeFileLimits? limits = null)
    {
        limits ??= StrokeFileLimits.Default;
        var entries = new List<StrokeFileEntry>();
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, limits.MaxFileBytes);
        }
        catch (InputFileException e) when (e.Problem.StartsWith("file is", StringComparison.Ordinal))
        {
            entries.Add(Fail(path, 0, e.Problem));
            return entries;
        }
        catch (InputFileException e)
        {
            entries.Add(Fail(path, 0, "cannot read: " + e.Problem));
            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries.Add(Fail(path, 0, "cannot read: " + UserText.Escape(e.Message, 200)));
            return entries;
        }

        int offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            entries.Add(ParseEntry(path, 1, bytes.AsMemory(offset), limits, path));
            return entries;
        }

        int line = 1;
        int start = offset;
        for (int i = offset; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n')
            {
                continue;
            }

            int end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
            ReadOnlyMemory<byte> text = bytes.AsMemory(start, end - start);
            if (!IsBlank(text.Span))
            {
                entries.Add(ParseEntry(path, line, text, limits, $"{path}:{line}"));
            }

            line++;
            start = i + 1;
        }

        return entries;
    }

    /// <summary>Parses one drawing object held in <paramref name="json"/>.</summary>
    /// <param name="path">File name for messages.</param>
    /// <param name="firstLine">1-based line of the object's first byte in the file.</param>
    /// <param name="json">The UTF-8 JSON text of one object.</param>
    /// <param name="limits">Limits.</param>
    /// <param name="source">Source recorded in the sample.</param>
    /// <returns>The drawing.</returns>
    /// <exception cref="StrokeFileException">The object is malformed or exceeds a limit.</exception>
    public static StrokeSample Parse(string path, int firstLine, ReadOnlyMemory<byte> json, StrokeFileLimits limits, string source)
    {
        if (json.Length > limits.MaxLineBytes)
        {
            throw new StrokeFileException(path, firstLine, $"drawing is {json.Length} bytes, more than the limit of {limits.MaxLineBytes} bytes");
        }

        var parser = new Parser(path, firstLine, json, limits);
        try
        {
            return parser.ParseSample(source);
        }
        catch (JsonException e)
        {
            int line = firstLine + (int)(e.LineNumber ?? 0);
            throw new StrokeFileException(path, line, "invalid JSON: " + UserText.Escape(TrimJsonMessage(e.Message), 200));
        }
    }

    private static StrokeFileEntry ParseEntry(string path, int line, ReadOnlyMemory<byte> json, StrokeFileLimits limits, string source)
    {
        try
        {
            return new StrokeFileEntry(source, Parse(path, line, json, limits, source), null);
        }
        catch (StrokeFileException e)
        {
            return new StrokeFileEntry(source, null, e.Message);
        }
    }

    private static StrokeFileEntry Fail(string path, int line, string message) =>
        new(line > 0 ? $"{path}:{line}" : path, null, new StrokeFileException(path, line, message).Message);

    private static bool IsBlank(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r')
            {
                return false;
            }
        }

        return true;
    }

    private static string TrimJsonMessage(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    /// <summary>Streaming recursive-descent parser over <see cref="Utf8JsonReader"/>, so errors carry exact lines.</summary>
    private ref struct Parser
    {
        private readonly string _path;
        private readonly int _firstLine;
        private readonly ReadOnlySpan<byte> _json;
        private readonly StrokeFileLimits _limits;
        private Utf8JsonReader _reader;

        public Parser(string path, int firstLine, ReadOnlyMemory<byte> json, StrokeFileLimits limits)
        {
            _path = path;
            _firstLine = firstLine;
            _json = json.Span;
            _limits = limits;
            _reader = new Utf8JsonReader(json.Span, ReaderOptions);
        }

        public StrokeSample ParseSample(string source)
        {
            Next("a drawing object");
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("", "expected a JSON object {\"canvas\": ..., \"strokes\": ...}, found " + Describe());
            }

            double? width = null, height = null;
            List<StrokePoint[]>? strokes = null;
            string? label = null;
            string? id = null;
            bool hasLabel = false;
            while (true)
            {
                Next("a property or '}'");
                if (_reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                string name = Text("a property name");
                switch (name)
                {
                    case "canvas":
                        if (width != null)
                        {
                            throw Error("canvas", "appears twice");
                        }

                        (width, height) = ParseCanvas();
                        break;
                    case "strokes":
                        if (strokes != null)
                        {
                            throw Error("strokes", "appears twice");
                        }

                        strokes = ParseStrokes();
                        break;
                    case "label":
                        if (hasLabel)
                        {
                            throw Error("label", "appears twice");
                        }

                        hasLabel = true;
                        label = ParseLabel();
                        break;
                    case "id":
                        Next("a value");
                        if (_reader.TokenType == JsonTokenType.String)
                        {
                            id = Text("id");
                        }
                        else
                        {
                            SkipValue("id");
                        }

                        break;
                    default:
                        Next("a value");
                        SkipValue(name);
                        break;
                }
            }

            if (_reader.Read())
            {
                throw Error("", "unexpected content after the drawing object: " + Describe());
            }

            if (width == null)
            {
                throw Error("", "missing \"canvas\": {\"width\": W, \"height\": H}");
            }

            if (strokes == null)
            {
                throw Error("", "missing \"strokes\": [[[x, y], ...], ...]");
            }

            return new StrokeSample(source, width.Value, height!.Value, strokes, label, id);
        }

        private (double Width, double Height) ParseCanvas()
        {
            Next("the canvas object");
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("canvas", "expected {\"width\": W, \"height\": H}, found " + Describe());
            }

            double? width = null, height = null;
            while (true)
            {
                Next("a canvas property or '}'");
                if (_reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                string name = Text("a property name");
                if (name is "width" or "height")
                {
                    Next("a number");
                    double value = Number("canvas." + name);
                    if (!(value > 0) || value > _limits.MaxCanvasSide)
                    {
                        throw Error("canvas." + name, $"must be a positive number of pixels up to {_limits.MaxCanvasSide}, was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                    }

                    if (name == "width")
                    {
                        width = value;
                    }
                    else
                    {
                        height = value;
                    }
                }
                else
                {
                    Next("a value");
                    SkipValue("canvas." + name);
                }
            }

            if (width == null || height == null)
            {
                throw Error("canvas", "needs both \"width\" and \"height\"");
            }

            return (width.Value, height.Value);
        }

        private List<StrokePoint[]> ParseStrokes()
        {
            Next("the strokes array");
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error("strokes", "expected an array of strokes [[[x, y], ...], ...], found " + Describe());
            }

            var strokes = new List<StrokePoint[]>();
            var points = new List<StrokePoint>();
            int total = 0;
            while (true)
            {
                Next("a stroke or ']'");
                if (_reader.TokenType == JsonTokenType.EndArray)
                {
                    return strokes;
                }

                string strokePath = $"strokes[{strokes.Count}]";
                if (strokes.Count == _limits.MaxStrokes)
                {
                    throw Error(strokePath, $"more than {_limits.MaxStrokes} strokes (limit)");
                }

                if (_reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Error(strokePath, "expected a stroke: an array of [x, y] points, found " + Describe());
                }

                points.Clear();
                while (true)
                {
                    Next("a point or ']'");
                    if (_reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    string pointPath = $"{strokePath}[{points.Count}]";
                    if (total == _limits.MaxPoints)
                    {
                        throw Error(pointPath, $"more than {_limits.MaxPoints} points in one drawing (limit)");
                    }

                    if (_reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Error(pointPath, "expected a point [x, y], found " + Describe());
                    }

                    Next("x");
                    double x = Number(pointPath + "[0]");
                    Next("y");
                    if (_reader.TokenType == JsonTokenType.EndArray)
                    {
                        throw Error(pointPath, "expected a point [x, y], found only one number");
                    }

                    double y = Number(pointPath + "[1]");
                    Next("']'");
                    if (_reader.TokenType != JsonTokenType.EndArray)
                    {
                        throw Error(pointPath, "expected a point [x, y], found more than two values");
                    }

                    points.Add(new StrokePoint(x, y));
                    total++;
                }

                strokes.Add(points.ToArray());
            }
        }

        private string? ParseLabel()
        {
            Next("the label");
            if (_reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Error("label", "must be a string of digits such as \"42\", found " + Describe());
            }

            string label = Text("label");
            if (label.Length == 0 || label.Any(c => c < '0' || c > '9'))
            {
                throw Error("label", $"must be a non-empty string of digits 0-9, was \"{UserText.Escape(label)}\"");
            }

            return label;
        }

        private double Number(string jsonPath)
        {
            if (_reader.TokenType != JsonTokenType.Number)
            {
                throw Error(jsonPath, "expected a number, found " + Describe());
            }

            if (!_reader.TryGetDouble(out double value) || !double.IsFinite(value))
            {
                throw Error(jsonPath, "number is out of range");
            }

            return value;
        }

        /// <summary>The current string or property name; invalid UTF-8 or a lone surrogate escape fails this drawing only.</summary>
        private string Text(string jsonPath)
        {
            try
            {
                return _reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // Utf8JsonReader validates the structure, not the text of strings: decoding is where bad text shows.
                throw Error(jsonPath, "a JSON string holds invalid UTF-8 or a lone UTF-16 surrogate (\\uD800-\\uDFFF)");
            }
        }

        /// <summary>Skips the current value like <see cref="Utf8JsonReader.Skip"/>, checking that every string in it is valid text.</summary>
        private void SkipValue(string jsonPath)
        {
            int depth = _reader.CurrentDepth;
            do
            {
                if (_reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    Text(jsonPath);
                }

                if (_reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) && _reader.CurrentDepth == depth)
                {
                    return;
                }

                Next("the rest of a value");
            }
            while (_reader.CurrentDepth > depth || _reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray));
        }

        private void Next(string expected)
        {
            if (!_reader.Read())
            {
                throw new StrokeFileException(_path, CurrentLine(), "unexpected end of input, expected " + expected);
            }
        }

        private string Describe() => _reader.TokenType switch
        {
            JsonTokenType.String => $"string \"{UserText.Escape(Text("a string"))}\"",
            JsonTokenType.Number => "number " + UserText.Escape(Encoding.UTF8.GetString(_reader.ValueSpan)),
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.EndArray => "']'",
            JsonTokenType.EndObject => "'}'",
            JsonTokenType.True or JsonTokenType.False => _reader.GetBoolean() ? "true" : "false",
            JsonTokenType.Null => "null",
            _ => _reader.TokenType.ToString(),
        };

        private int CurrentLine()
        {
            int end = (int)Math.Min(_reader.TokenStartIndex, _json.Length);
            int line = _firstLine;
            for (int i = 0; i < end; i++)
            {
                if (_json[i] == (byte)'\n')
                {
                    line++;
                }
            }

            return line;
        }

        private StrokeFileException Error(string jsonPath, string message) =>
            new(_path, CurrentLine(), jsonPath.Length > 0 ? jsonPath + ": " + message : message);
    }
}
