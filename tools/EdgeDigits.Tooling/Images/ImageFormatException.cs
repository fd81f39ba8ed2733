namespace EdgeDigits.Tooling.Images;

/// <summary>
/// An image file is malformed or uses an unsupported feature; the message names the file and the problem in printable
/// text (it is printed on a terminal as is).
/// </summary>
public sealed class ImageFormatException : Exception
{
    /// <summary>Most characters of the problem kept in the message (a decoder's message can quote the file).</summary>
    public const int MaxProblemChars = 300;

    /// <summary>Most characters of the file name kept in the message.</summary>
    public const int MaxSourceChars = 1000;

    /// <summary>
    /// Creates the exception; the message becomes <c>file: message</c>, both escaped with <see cref="UserText.Escape"/>:
    /// a problem can quote bytes of the file (a chunk type, a stray header character), and a control byte among them
    /// must not reach the terminal (found by ImageFuzzTests).
    /// </summary>
    public ImageFormatException(string source, string message)
        : base(UserText.Escape(source, MaxSourceChars) + ": " + UserText.Escape(message, MaxProblemChars))
    {
        Source = source;
    }
}
