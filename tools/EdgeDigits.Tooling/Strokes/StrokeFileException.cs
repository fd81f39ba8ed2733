namespace EdgeDigits.Tooling.Strokes;

/// <summary>A stroke file or one of its lines is malformed; the message starts with <c>file:line:</c>.</summary>
public sealed class StrokeFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">1-based line number, or 0 when the whole file is concerned.</param>
    /// <param name="message">What is wrong.</param>
    public StrokeFileException(string path, int line, string message)
        : base((line > 0 ? $"{UserText.Escape(path, 200)}:{line}: " : $"{UserText.Escape(path, 200)}: ") + message)
    {
        FilePath = path;
        Line = line;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number, or 0.</summary>
    public int Line { get; }
}
