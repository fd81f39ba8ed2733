namespace EdgeDigits.Simulator.Api;

/// <summary>
/// Body of <c>POST /api/recognize</c>: <c>{"strokes": [[[x, y], [x, y], ...], ...], "multiDigit": false}</c>.
/// Points are integer canvas pixels of the 320×240 screen, x to the right, y down; each stroke is one pen-down.
/// </summary>
public sealed class StrokeRequest
{
    /// <summary>The strokes, in drawing order; each point is [x, y].</summary>
    public int[][][]? Strokes { get; set; }

    /// <summary>True: split the drawing into several digits (multi-digit mode).</summary>
    public bool MultiDigit { get; set; }

    /// <summary>Checks the bounds of <see cref="SimulatorLimits"/>.</summary>
    /// <returns>The validated strokes.</returns>
    /// <exception cref="BadRequestException">Strokes missing, too many strokes or points, a malformed point or a coordinate out of range.</exception>
    public int[][][] Validate()
    {
        if (Strokes is null)
        {
            throw new BadRequestException("'strokes' is missing: send an array of strokes, each an array of [x, y] points.");
        }

        if (Strokes.Length > SimulatorLimits.MaxStrokes)
        {
            throw new BadRequestException("Too many strokes: " + Strokes.Length + "; the limit is " + SimulatorLimits.MaxStrokes + ".");
        }

        int points = 0;
        for (int s = 0; s < Strokes.Length; s++)
        {
            int[][]? stroke = Strokes[s] ?? throw new BadRequestException("strokes[" + s + "] is null; expected an array of [x, y] points.");
            points += stroke.Length;
            if (points > SimulatorLimits.MaxPoints)
            {
                throw new BadRequestException("Too many points: more than " + SimulatorLimits.MaxPoints + " in all strokes.");
            }

            for (int p = 0; p < stroke.Length; p++)
            {
                int[]? point = stroke[p];
                if (point is null || point.Length != 2)
                {
                    throw new BadRequestException("strokes[" + s + "][" + p + "] must be [x, y].");
                }

                CheckCoordinate(point[0], "strokes[" + s + "][" + p + "] x");
                CheckCoordinate(point[1], "strokes[" + s + "][" + p + "] y");
            }
        }

        return Strokes;
    }

    /// <summary>Requires |<paramref name="value"/>| ≤ <see cref="SimulatorLimits.MaxCoordinate"/>.</summary>
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
}
