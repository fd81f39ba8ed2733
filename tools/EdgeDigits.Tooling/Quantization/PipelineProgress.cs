namespace EdgeDigits.Tooling.Quantization;

/// <summary>A progress report of a long-running step.</summary>
/// <param name="Stage">Short description, e.g. "Calibrating".</param>
/// <param name="Done">Units done.</param>
/// <param name="Total">Units in the stage.</param>
public readonly record struct PipelineProgress(string Stage, int Done, int Total);
