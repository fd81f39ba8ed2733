using EdgeDigits.Tooling.Emit;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Graph;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>Everything <see cref="QuantizePipeline"/> produced.</summary>
/// <param name="Request">The inputs.</param>
/// <param name="SourceSha256">SHA-256 of the ONNX file.</param>
/// <param name="FloatModel">The recognized float model.</param>
/// <param name="Model">The int8 model.</param>
/// <param name="FloatPredictions">Float predictions on the test set.</param>
/// <param name="Int8Predictions">Int8 predictions (runtime Int8Engine) on the test set.</param>
/// <param name="FloatReport">Float accuracy on the test set.</param>
/// <param name="Int8Report">Int8 accuracy on the test set.</param>
/// <param name="Comparisons">One row per calibration method measured (only the chosen one unless CompareMethods).</param>
/// <param name="Sources">LeNet5Model.g.cs and LeNet5Golden.g.cs.</param>
/// <param name="Confidence">How the confidences were calibrated on real pen digits, or null when no pen-digit file was given.</param>
public sealed record QuantizeOutcome(
    QuantizeRequest Request,
    string SourceSha256,
    SequentialFloatModel FloatModel,
    QuantizedNetwork Model,
    Predictions FloatPredictions,
    Predictions Int8Predictions,
    ClassificationReport FloatReport,
    ClassificationReport Int8Report,
    IReadOnlyList<CalibrationComparison> Comparisons,
    IReadOnlyList<GeneratedSource> Sources,
    ConfidenceFit? Confidence = null)
{
    /// <summary>Test images where float and int8 predictions differ.</summary>
    public int[] Disagreements =>
        Enumerable.Range(0, FloatPredictions.Classes.Length).Where(i => FloatPredictions.Classes[i] != Int8Predictions.Classes[i]).ToArray();

    /// <summary>Total array-initializer bytes of the generated files.</summary>
    public int ArrayDataBytes => Sources.Sum(s => s.ArrayDataBytes);
}
