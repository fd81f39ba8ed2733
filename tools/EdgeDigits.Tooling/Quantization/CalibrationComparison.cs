using EdgeDigits.Tooling.Calibration;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>The int8 accuracy one calibration method reaches.</summary>
/// <param name="Method">Method.</param>
/// <param name="ValidationAccuracyBasisPoints">Accuracy ×10000 on the 10,000 held-out training images 50,000..59,999.</param>
/// <param name="TestAccuracyBasisPoints">Accuracy ×10000 on the 10,000 test images.</param>
/// <param name="TestDisagreements">Test images where int8 and float predictions differ.</param>
public sealed record CalibrationComparison(CalibrationMethod Method, int ValidationAccuracyBasisPoints, int TestAccuracyBasisPoints, int TestDisagreements);
