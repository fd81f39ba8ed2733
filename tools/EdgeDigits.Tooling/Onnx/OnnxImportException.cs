namespace EdgeDigits.Tooling.Onnx;

/// <summary>
/// An ONNX file cannot be imported: it is unreadable, truncated or corrupt, or it holds an operator, attribute
/// value or shape EdgeDigits cannot honour. The message names the file and, where one is at fault, the node
/// (name and op type) and says why.
/// </summary>
public sealed class OnnxImportException : Exception
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    /// <param name="message">What is wrong, naming the file and node.</param>
    /// <param name="innerException">The underlying parser or I/O error, if any.</param>
    public OnnxImportException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
