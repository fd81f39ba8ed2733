namespace EdgeDigits.Tooling.Calibration;

/// <summary>Activation ranges chosen by one calibration run.</summary>
/// <param name="Method">Method used for the hidden activations (the logits always use min/max, see <see cref="Calibrator"/>).</param>
/// <param name="ImageCount">Number of MNIST training images run through the float graph.</param>
/// <param name="Ranges">conv1, conv2, fc1, fc2, logits.</param>
public sealed record CalibrationResult(CalibrationMethod Method, int ImageCount, IReadOnlyList<ActivationRange> Ranges);
