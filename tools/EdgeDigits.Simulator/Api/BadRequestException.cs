namespace EdgeDigits.Simulator.Api;

/// <summary>
/// A request the simulator refuses; the message says what is wrong and names the bound. The API answers it with
/// <see cref="StatusCode"/> (400 unless said otherwise: 413 for a response over its size bound) and <c>{"error": message}</c>.
/// </summary>
public sealed class BadRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, for the client.</param>
    /// <param name="statusCode">The HTTP status to answer with.</param>
    public BadRequestException(string message, int statusCode = StatusCodes.Status400BadRequest)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode { get; }
}
