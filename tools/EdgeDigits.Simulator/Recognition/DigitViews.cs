using EdgeDigits.Ink;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>Turns the ink pipeline's <see cref="RecognizedDigit"/> into what the developer panel shows.</summary>
public static class DigitViews
{
    /// <summary>
    /// Describes one recognized digit. <see cref="RecognizedDigit"/> keeps only the top 3; the ten confidences come
    /// from running <paramref name="engine"/> again on the digit's input, which reproduces the pipeline's logits exactly
    /// (the engine is deterministic integer code). Overwrites the engine's last-run buffers.
    /// </summary>
    /// <param name="engine">The engine the pipeline used (same model).</param>
    /// <param name="digit">A digit of the last recognition.</param>
    /// <returns>The view.</returns>
    /// <param name="model">Supplies the IL counter.</param>
    public static DigitView Describe(Int8Engine engine, RecognizedDigit digit, ModelHost model)
    {
        engine.Run(digit.Input);
        (long Instructions, long Calls)? counted = model.Counter?.TryCount(digit.Input);
        return new DigitView(
            digit.Digit,
            digit.Confidence,
            digit.IsUnsure,
            (int[])digit.Top.Clone(),
            (int[])digit.TopConfidence.Clone(),
            [digit.BoxLeft, digit.BoxTop, digit.BoxRight, digit.BoxBottom],
            (int[])engine.Confidences.Clone(),
            Convert.ToBase64String(digit.Input),
            counted?.Instructions,
            counted?.Calls);
    }
}
