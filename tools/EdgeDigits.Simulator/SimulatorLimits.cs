namespace EdgeDigits.Simulator;

/// <summary>
/// Every bound the simulator enforces on what a client sends. A request over a bound gets HTTP 400 with a message
/// naming the bound; none of them can make the server allocate without limit or loop for long.
/// </summary>
public static class SimulatorLimits
{
    /// <summary>Width of the device screen, in pixels (M5Stack Core2 / ILI9341 landscape).</summary>
    public const int ScreenWidth = 320;

    /// <summary>Height of the device screen, in pixels.</summary>
    public const int ScreenHeight = 240;

    /// <summary>Largest JSON request body, in bytes.</summary>
    public const int MaxJsonBodyBytes = 256 * 1024;

    /// <summary>Largest image upload, in bytes.</summary>
    public const int MaxImageBytes = 4 * 1024 * 1024;

    /// <summary>Largest image width or height, in pixels.</summary>
    public const int MaxImageSide = 2048;

    /// <summary>Most strokes in one drawing (the ink pipeline's default stroke budget).</summary>
    public const int MaxStrokes = 64;

    /// <summary>Most points in one request, over all strokes or events.</summary>
    public const int MaxPoints = 20000;

    /// <summary>Most touch events and ticks in one device request.</summary>
    public const int MaxEvents = 4000;

    /// <summary>Coordinates must lie in [-<see cref="MaxCoordinate"/>, <see cref="MaxCoordinate"/>] pixels.</summary>
    public const int MaxCoordinate = 10000;

    /// <summary>Most digits recognized in one drawing or image.</summary>
    public const int MaxDigits = 8;

    /// <summary>Most simultaneous browser sessions; beyond this the least recently used one is evicted, but only
    /// when it has been unused for <see cref="SessionEvictionGrace"/> (otherwise the new session is refused with 503).</summary>
    public const int MaxSessions = 64;

    /// <summary>A session used more recently than this is never evicted to make room for a new one. The page polls
    /// every 200 ms while open, so only closed pages' boards are taken.</summary>
    public static readonly TimeSpan SessionEvictionGrace = TimeSpan.FromMinutes(2);

    /// <summary>Most recognitions run in one device request; further ones wait for the next request's ticks (as a
    /// busy worker makes the board wait), so one request cannot buy unbounded CPU.</summary>
    public const int MaxRecognitionsPerRequest = 4;

    /// <summary>Most rectangles in one device response (5 ints each, about 1.5 MB of JSON); a request that draws more
    /// is stopped there and refused with 413.</summary>
    public const int MaxResponseRects = 50_000;

    /// <summary>Largest accepted event time <c>t</c>, ms (2^40 ms, about 34 years of page clock).</summary>
    public const long MaxEventTimeMs = 1L << 40;

    /// <summary>Largest step of <c>t</c> between two events, or from a session's clock to its next request, ms (1 h:
    /// longer than the idle timeout's worth of pauses a live page can produce; an idle session is dropped sooner).</summary>
    public const long MaxEventStepMs = 60 * 60 * 1000;

    /// <summary>Requests per second per client address (token bucket refill), default.</summary>
    public const int RequestsPerSecond = 200;

    /// <summary>Requests a client may send in a burst (token bucket size), default.</summary>
    public const int RequestBurst = 400;

    /// <summary>Most simultaneous connections (a browser opens at most 6 per origin; idle ones close after
    /// <see cref="KeepAliveTimeout"/>).</summary>
    public const int MaxConnections = 1000;

    /// <summary>An idle keep-alive connection is closed after this.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A client must send all request headers within this.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A session unused for this long is evicted.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Session ids are 8..64 characters of [A-Za-z0-9_-].</summary>
    public const int MaxSessionIdLength = 64;

    /// <summary>Shortest accepted session id.</summary>
    public const int MinSessionIdLength = 8;
}
