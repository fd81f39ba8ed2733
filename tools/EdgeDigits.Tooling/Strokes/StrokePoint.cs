namespace EdgeDigits.Tooling.Strokes;

/// <summary>A point of a stroke in canvas pixels: x to the right, y down; fractions allowed.</summary>
/// <param name="X">Horizontal position, pixels.</param>
/// <param name="Y">Vertical position, pixels.</param>
public readonly record struct StrokePoint(double X, double Y);
