namespace EdgeDigits.Simulator.Sessions;

/// <summary>
/// A new session was refused: every slot holds a session used within the eviction grace period, and evicting one
/// would take a board away from someone using it. The API answers 503 with a Retry-After header.
/// </summary>
public sealed class SessionsFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, for the client.</param>
    /// <param name="retryAfter">When the least recently used session becomes evictable.</param>
    public SessionsFullException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>When a retry can succeed at the earliest.</summary>
    public TimeSpan RetryAfter { get; }
}
