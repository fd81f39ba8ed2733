using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>
/// One drawing as it is written in a stroke file:
/// <c>{"canvas": {"width": W, "height": H}, "strokes": [[[x, y], ...], ...], "label": "7", "id": "..."}</c>.
/// Deserialized as is (null where absent); <see cref="StrokeValidator.Validate"/> says whether it is a drawing.
/// </summary>
/// <param name="Canvas">The canvas size.</param>
/// <param name="Strokes">Strokes, each an array of [x, y] points in canvas pixels (x right, y down).</param>
/// <param name="Label">The digits drawn, or null.</param>
/// <param name="Id">Optional identifier.</param>
public sealed record StrokeDocument(CanvasDto? Canvas, double[][][]? Strokes, string? Label, string? Id)
{
    /// <summary>How <see cref="StrokeJson"/> reads it: other properties are skipped.</summary>
    public static StrokeJsonShape<StrokeDocument> Shape { get; } = new(StrokeJsonContext.Default.StrokeDocument,
        "{\"canvas\": ..., \"strokes\": ...}", new Dictionary<string, string>
        {
            ["canvas"] = "expected {\"width\": W, \"height\": H}",
            ["canvas.width"] = "expected a number",
            ["canvas.height"] = "expected a number",
            ["strokes"] = StrokeValidator.Expected[0],
            ["label"] = "must be a string of digits such as \"42\"",
            ["id"] = "expected a string",
        }, RefuseUnknown: false);
}

/// <summary>The canvas of a <see cref="StrokeDocument"/>, canvas pixels (null where absent).</summary>
/// <param name="Width">Width, pixels.</param>
/// <param name="Height">Height, pixels.</param>
public sealed record CanvasDto(double? Width, double? Height);

/// <summary>
/// Source-generated (reflection-free) metadata for <see cref="StrokeDocument"/>, with the strict options of
/// <see cref="StrokeJson"/>. Duplicates are left to its scan (a repeated top-level property is refused there; inside
/// the canvas the last value counts): the serializer's own duplicate error would read as a type error.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, MaxDepth = StrokeJson.MaxDepth,
    AllowTrailingCommas = false, ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StrokeDocument))]
internal sealed partial class StrokeJsonContext : JsonSerializerContext
{
}
