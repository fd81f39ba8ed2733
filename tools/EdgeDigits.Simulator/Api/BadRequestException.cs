namespace EdgeDigits.Simulator.Api;

/// <summary>
/// A request the simulator refuses. The endpoint filter turns it into HTTP 400 with body
/// <c>{"error": Message}</c>; the message names what is wrong (field, index, limit).
/// </summary>
public sealed class BadRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, for the client.</param>
    public BadRequestException(string message)
        : base(message)
    {
    }
}
