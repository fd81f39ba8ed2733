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
/// digits, or null), an optional string <c>"id"</c> is kept as <see cref="StrokeSample.Id"/>, other properties are ignored
/// (<see cref="StrokeDocument"/>, read by <see cref="StrokeJson"/> and checked by <see cref="StrokeValidator"/>, as the
/// simulator's stroke requests are). A malformed object yields an entry whose error names the file, the line and the
/// JSON path; the other lines are still read. The file is UTF-8, with or without a byte order mark; a UTF-16 or UTF-32
/// file is one error saying so.
/// </summary>
public static class StrokeFileReader
{
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
            entries.Add(Fail(path, e.Problem));
            return entries;
        }
        catch (InputFileException e)
        {
            entries.Add(Fail(path, "cannot read: " + e.Problem));
            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries.Add(Fail(path, "cannot read: " + UserText.Escape(e.Message, 200)));
            return entries;
        }

        if (StrokeJson.WideEncoding(bytes) is { } encoding)
        {
            // Read as UTF-8, every line would fail on its NUL bytes or byte order mark: one error says why instead.
            entries.Add(Fail(path, $"the file is {encoding}; stroke files must be UTF-8"));
            return entries;
        }

        // A UTF-8 byte order mark is skipped by StrokeJson.Read, the one place that reads the text.
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            entries.Add(ParseEntry(path, 1, bytes, limits, path));
            return entries;
        }

        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n')
            {
                continue;
            }

            int end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
            ReadOnlyMemory<byte> text = bytes.AsMemory(start, end - start);
            if (text.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
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
    /// <exception cref="StrokeFileException">The object is malformed or exceeds a limit; the message is
    /// <c>file:line: </c> and the <see cref="StrokeJsonException"/> message.</exception>
    public static StrokeSample Parse(string path, int firstLine, ReadOnlyMemory<byte> json, StrokeFileLimits limits, string source)
    {
        try
        {
            return StrokeJson.Read(json.Span, StrokeDocument.Shape, limits, document => StrokeValidator.Validate(document, limits, source));
        }
        catch (StrokeJsonException e)
        {
            throw new StrokeFileException(path, firstLine + e.Line, e.Message);
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

    private static StrokeFileEntry Fail(string path, string message) => new(path, null, new StrokeFileException(path, 0, message).Message);
}
