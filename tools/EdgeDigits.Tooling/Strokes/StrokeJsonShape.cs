using System.Text.Json.Serialization.Metadata;

namespace EdgeDigits.Tooling.Strokes;

/// <summary>A JSON object holding a drawing's strokes, as <see cref="StrokeJson"/> reads it.</summary>
/// <typeparam name="T">The DTO.</typeparam>
/// <param name="Type">Source-generated metadata of <typeparamref name="T"/>.</param>
/// <param name="Outline">The object's outline for messages, e.g. <c>{"canvas": ..., "strokes": ...}</c>.</param>
/// <param name="Properties">Every property <typeparamref name="T"/> maps (nested ones as <c>canvas.width</c>) and what its
/// value must be, in the words of a message (e.g. "expected true or false"). Each top-level one may appear once.
/// <c>"strokes"</c> is always described by <see cref="StrokeValidator.Expected"/>.</param>
/// <param name="RefuseUnknown">True: any other property is an error; false: it is skipped (its strings must still be valid text).</param>
public sealed record StrokeJsonShape<T>(JsonTypeInfo<T> Type, string Outline, IReadOnlyDictionary<string, string> Properties, bool RefuseUnknown);
