using EdgeDigits.Tooling.Calibration;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>Inputs of <see cref="QuantizePipeline"/>.</summary>
/// <param name="ModelPath">The float ONNX model.</param>
/// <param name="MnistDirectory">Directory with the MNIST IDX files.</param>
/// <param name="CalibrationImages">Number of training images for calibration (deterministic selection, see <see cref="Calibrator.SelectImages"/>).</param>
/// <param name="Method">Calibration method of the emitted model.</param>
/// <param name="CompareMethods">Also quantize with every other method and measure them (for the report's comparison table).</param>
/// <param name="GoldenIndex">MNIST test image used for the golden vectors.</param>
/// <param name="PenDigitsFile">Real pen-digit file whose validation writers the confidences are calibrated on
/// (<see cref="ConfidenceFit"/>); null leaves the softmax uncalibrated (T = 1).</param>
public sealed record QuantizeRequest(
    string ModelPath,
    string MnistDirectory,
    int CalibrationImages = QuantizeRequest.DefaultCalibrationImages,
    CalibrationMethod Method = QuantizeRequest.DefaultMethod,
    bool CompareMethods = false,
    int GoldenIndex = 0,
    string? PenDigitsFile = null)
{
    /// <summary>Default number of calibration images.</summary>
    public const int DefaultCalibrationImages = 1000;

    /// <summary>Default calibration method, chosen by measured int8 accuracy (docs/quantization.md).</summary>
    public const CalibrationMethod DefaultMethod = CalibrationMethod.Percentile;
}
