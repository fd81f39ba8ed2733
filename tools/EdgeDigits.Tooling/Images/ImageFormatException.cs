namespace EdgeDigits.Tooling.Images;

/// <summary>An image file is malformed or uses an unsupported feature; the message names the file.</summary>
public sealed class ImageFormatException : Exception
{
    /// <summary>Creates the exception; the message becomes <c>file: message</c>.</summary>
    public ImageFormatException(string source, string message)
        : base(source + ": " + message)
    {
        Source = source;
    }
}
