using EdgeDigits.Tooling.Calibration;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>The int8 accuracy one calibration method reaches.</summary>
/// <param name="Method">Method.</param>
/// <param name="ValidationAccuracyBasisPoints">Accuracy ×10000 on the training images held out from calibration
/// (<see cref="Calibrator.HeldOut"/>: 50,000..59,999 of MNIST); 0 when not measured.</param>
/// <param name="TestAccuracyBasisPoints">Accuracy ×10000 on the 10,000 test images.</param>
/// <param name="TestDisagreements">Test images where int8 and float predictions differ.</param>
/// <param name="ValidationImages">Held-out images the validation accuracy is measured on; 0 when it is not measured
/// (no <c>--compare</c>, or a training file of at most 50,000 images).</param>
public sealed record CalibrationComparison(CalibrationMethod Method, int ValidationAccuracyBasisPoints, int TestAccuracyBasisPoints, int TestDisagreements,
    int ValidationImages = 0);
