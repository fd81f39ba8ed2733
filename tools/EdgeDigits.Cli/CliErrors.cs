using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Cli;

/// <summary>
/// The one place that turns an exception escaping a command into an error line and an exit code. Input errors (the
/// types below, whose messages name the file and the problem) give <see cref="Failure"/>; anything else is a bug in
/// edgedigits and gives <see cref="Bug"/> with the exception type and message, never a stack trace.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code of a failed run: bad input or a failed check.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a usage error (bad option or argument).</summary>
    public const int Usage = 2;

    /// <summary>Exit code of an internal error: an exception edgedigits did not expect.</summary>
    public const int Bug = 3;

    /// <summary>Longest exception message printed, in characters (after which it is cut with "…").</summary>
    public const int MaxMessageChars = UserText.MaxMessageChars;

    /// <summary>True for the exception types that report bad input or an unusable file, not a bug.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>Whether it is an input error.</returns>
    public static bool IsInputError(Exception e) =>
        e is OnnxImportException or IdxFormatException or InvalidDataException or StrokeFileException or ImageFormatException
            or IOException or UnauthorizedAccessException;

    /// <summary>
    /// Prints one <c>error:</c> line for a failure a command found itself and returns <see cref="Failure"/>. The line
    /// goes through the same rule as <see cref="Report"/>: user text in <paramref name="message"/> is escaped and the
    /// whole is cut at <see cref="MaxMessageChars"/> characters (<see cref="UserText.Escape"/>).
    /// </summary>
    /// <param name="message">What is wrong, naming the file or option.</param>
    /// <param name="errors">Where the line goes (stderr).</param>
    /// <returns><see cref="Failure"/>.</returns>
    public static int Fail(string message, TextWriter errors)
    {
        errors.WriteLine("error: " + UserText.Escape(message, MaxMessageChars));
        return Failure;
    }

    /// <summary>Prints one error line for <paramref name="e"/> to <paramref name="errors"/> and returns the exit code.</summary>
    /// <param name="e">The exception that ended the command.</param>
    /// <param name="errors">Where the line goes (stderr).</param>
    /// <returns><see cref="Failure"/> for an input error, <see cref="Bug"/> otherwise.</returns>
    public static int Report(Exception e, TextWriter errors)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }

        if (IsInputError(e))
        {
            // System.IO.Compression's own text ("unsupported compression method" for any damage) is never shown; the
            // readers name the file and the part at fault, this only catches a path that forgot to.
            return Fail(CompressedStreams.IsDamage(e) ? "compressed data is corrupt (" + CompressedStreams.UnknownDamage + ")" : e.Message, errors);
        }

        errors.WriteLine($"error: internal error, this is a bug in edgedigits (please report it): {e.GetType().FullName}: {UserText.Escape(e.Message, MaxMessageChars)}");
        return Bug;
    }
}
