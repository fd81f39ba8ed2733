namespace EdgeDigits.Tooling.Emit;

/// <summary>Provenance and measurements written into the generated model file.</summary>
/// <param name="SourceFileName">File name of the ONNX model (no directory, so the output does not depend on where it ran).</param>
/// <param name="SourceSha256">SHA-256 of the ONNX file, lowercase hex.</param>
/// <param name="CalibrationMethod">"minmax", "percentile" or "mse".</param>
/// <param name="CalibrationImages">Number of MNIST training images used for calibration.</param>
/// <param name="FloatAccuracyBasisPoints">Float accuracy on the 10,000 MNIST test images ×10000.</param>
/// <param name="Int8AccuracyBasisPoints">Int8 accuracy (the runtime's Int8Engine) ×10000.</param>
public sealed record ModelEmitInfo(
    string SourceFileName,
    string SourceSha256,
    string CalibrationMethod,
    int CalibrationImages,
    int FloatAccuracyBasisPoints,
    int Int8AccuracyBasisPoints);
