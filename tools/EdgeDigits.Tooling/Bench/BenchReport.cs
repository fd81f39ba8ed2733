namespace EdgeDigits.Tooling.Bench;

/// <summary>Per-engine figures, averaged per inference.</summary>
/// <param name="IlInstructions">IL instructions executed per inference (exact count, averaged).</param>
/// <param name="Calls">call/callvirt/newobj executed per inference.</param>
/// <param name="MaxIlInstructions">Largest IL count of a single inference.</param>
public sealed record EngineCost(double IlInstructions, double Calls, long MaxIlInstructions);

/// <summary>Everything <c>edgedigits bench</c> measures.</summary>
/// <param name="ModelName">Model measured.</param>
/// <param name="ModelIsTrained">False when a random stand-in model was used.</param>
/// <param name="Images">MNIST test images averaged over.</param>
/// <param name="Macs">Multiply-accumulates per inference implied by the layer shapes.</param>
/// <param name="EffectiveMacs">MACs actually executed by the fast engine after zero skipping, averaged (two per packed multiply).</param>
/// <param name="Fast">Cost of <c>LeNet5</c>.</param>
/// <param name="Reference">Cost of <c>LeNet5Reference</c>.</param>
/// <param name="AllocatedBytesPerInference">Managed bytes allocated per <c>LeNet5.Run</c> after warm-up.</param>
/// <param name="WeightBytes">Bytes of the model's int8 weights, int32 biases, multipliers, shifts and softmax table.</param>
/// <param name="BufferBytes">Bytes of <c>LeNet5</c>'s activation and result buffers.</param>
/// <param name="PreparedBytes">Bytes of the kernels' prepared data (packed weights, folded biases) and scratch.</param>
/// <param name="HostSpeedup">Host inferences per second of LeNet5 divided by those of LeNet5Reference, same process and images.</param>
/// <param name="HostFastInferencesPerSecond">Host inferences per second of LeNet5 in this run (machine-dependent).</param>
/// <param name="MismatchedImages">Images whose fast outputs differ from the reference's (must be 0).</param>
public sealed record BenchReport(
    string ModelName,
    bool ModelIsTrained,
    int Images,
    long Macs,
    double EffectiveMacs,
    EngineCost Fast,
    EngineCost Reference,
    double AllocatedBytesPerInference,
    long WeightBytes,
    long BufferBytes,
    long PreparedBytes,
    double HostSpeedup,
    double HostFastInferencesPerSecond,
    int MismatchedImages);
