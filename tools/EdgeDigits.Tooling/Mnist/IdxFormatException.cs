namespace EdgeDigits.Tooling.Mnist;

/// <summary>An IDX file (or an MNIST image/label pair) is malformed; the message names the file and the defect.</summary>
public sealed class IdxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">User-facing message naming the file.</param>
    /// <param name="innerException">Underlying I/O or decompression error, if any.</param>
    public IdxFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
