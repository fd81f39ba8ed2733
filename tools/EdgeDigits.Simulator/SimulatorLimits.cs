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

    /// <summary>Most simultaneous browser sessions; the least recently used one is evicted beyond this.</summary>
    public const int MaxSessions = 64;

    /// <summary>A session unused for this long is evicted.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Session ids are 8..64 characters of [A-Za-z0-9_-].</summary>
    public const int MaxSessionIdLength = 64;

    /// <summary>Shortest accepted session id.</summary>
    public const int MinSessionIdLength = 8;
}
