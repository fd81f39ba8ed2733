using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// Body of <c>POST /api/recognize</c>: <c>{"strokes": [[[x, y], [x, y], ...], ...], "multiDigit": false}</c>.
/// Points are whole pixels of the 320×240 screen, x to the right, y down; each stroke is one pen-down. The strokes
/// are a stroke file's, read by the same <see cref="StrokeJson"/> and checked by the same <see cref="StrokeValidator"/>
/// (with <see cref="Limits"/>), so a bad stroke gets the message <c>edgedigits recognize</c> gives for it.
/// </summary>
/// <param name="Strokes">The strokes, in drawing order; each point is [x, y].</param>
/// <param name="MultiDigit">True: split the drawing into several digits (multi-digit mode).</param>
public sealed record StrokeRequest(double[][][]? Strokes, bool MultiDigit)
{
    /// <summary>The stroke limits of <see cref="SimulatorLimits"/>: strokes, points, coordinates, whole pixels.</summary>
    public static StrokeFileLimits Limits { get; } = StrokeFileLimits.Default with
    {
        MaxLineBytes = SimulatorLimits.MaxJsonBodyBytes,
        MaxStrokes = SimulatorLimits.MaxStrokes,
        MaxPoints = SimulatorLimits.MaxPoints,
        MaxCoordinate = SimulatorLimits.MaxCoordinate,
        WholePixels = true,
    };

    /// <summary>How <see cref="StrokeJson"/> reads it: any other property is refused.</summary>
    public static StrokeJsonShape<StrokeRequest> Shape { get; } = new(ApiJsonContext.Default.StrokeRequest, "{\"strokes\": ..., \"multiDigit\": ...}",
        new Dictionary<string, string> { ["strokes"] = StrokeValidator.Expected[0], ["multiDigit"] = "expected true or false" }, RefuseUnknown: true);

    /// <summary>Parses and checks a request body.</summary>
    /// <param name="body">The UTF-8 JSON body, within the body limit.</param>
    /// <returns>The strokes in screen pixels and the mode.</returns>
    /// <exception cref="BadRequestException">Malformed, over a limit, or a bad stroke; the message is the <see cref="StrokeJsonException"/>'s,
    /// after <c>line N: </c> when the fault is not on the body's first line.</exception>
    public static (int[][][] Strokes, bool MultiDigit) Read(byte[] body)
    {
        try
        {
            return StrokeJson.Read(body, Shape, Limits, request => (ToPixels(StrokeValidator.ValidateStrokes(request.Strokes, Limits)), request.MultiDigit));
        }
        catch (StrokeJsonException e)
        {
            throw new BadRequestException(e.Line == 0 ? e.Message : "line " + (e.Line + 1) + ": " + e.Message);
        }
    }

    /// <summary>Requires |<paramref name="value"/>| ≤ <see cref="SimulatorLimits.MaxCoordinate"/> (for device events; strokes are checked by <see cref="Read"/>).</summary>
    /// <param name="value">A coordinate, pixels.</param>
    /// <param name="what">Where it came from, for the message.</param>
    /// <exception cref="BadRequestException">Out of range.</exception>
    public static void CheckCoordinate(int value, string what)
    {
        if (value < -SimulatorLimits.MaxCoordinate || value > SimulatorLimits.MaxCoordinate)
        {
            throw new BadRequestException(what + " = " + value + " is outside -" + SimulatorLimits.MaxCoordinate + ".." + SimulatorLimits.MaxCoordinate + ".");
        }
    }

    private static int[][][] ToPixels(StrokePoint[][] strokes) =>
        strokes.Select(stroke => stroke.Select(p => new[] { (int)p.X, (int)p.Y }).ToArray()).ToArray();
}

/// <summary>Source-generated metadata for <see cref="StrokeRequest"/>, with the strict options of <see cref="StrokeJson"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, MaxDepth = StrokeJson.MaxDepth,
    AllowTrailingCommas = false, ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(StrokeRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
