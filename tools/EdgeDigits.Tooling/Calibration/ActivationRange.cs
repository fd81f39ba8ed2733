namespace EdgeDigits.Tooling.Calibration;

/// <summary>The float range [Min, Max] chosen for one activation tensor, before the zero-point nudge.</summary>
/// <param name="Name">Tensor name: conv1, conv2, fc1, fc2, logits.</param>
/// <param name="Min">Chosen lower bound.</param>
/// <param name="Max">Chosen upper bound.</param>
/// <param name="ObservedMin">Smallest value seen during calibration.</param>
/// <param name="ObservedMax">Largest value seen during calibration.</param>
public sealed record ActivationRange(string Name, float Min, float Max, float ObservedMin, float ObservedMax);
