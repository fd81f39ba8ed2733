using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>Per-engine figures, averaged per inference.</summary>
/// <param name="IlInstructions">IL instructions executed per inference (exact count, averaged).</param>
/// <param name="Calls">call/callvirt/newobj executed per inference.</param>
/// <param name="MaxIlInstructions">Largest IL count of a single inference.</param>
public sealed record EngineCost(double IlInstructions, double Calls, long MaxIlInstructions);

/// <summary>The figures of one <see cref="Int8Engine"/> memory configuration.</summary>
/// <param name="Memory">The configuration.</param>
/// <param name="Cost">IL and calls per inference.</param>
/// <param name="Steps">The engine's steps, e.g. "conv1+pool1 ScatterConv5x5Pool2x2", in order.</param>
/// <param name="LayerIlInstructions">Mean IL per step, in <paramref name="Steps"/> order.</param>
/// <param name="BufferBytes">Bytes of the engine's activation and result buffers.</param>
/// <param name="PreparedBytes">Bytes of the kernels' prepared data (packed weights, folded biases) and scratch.</param>
/// <param name="AllocatedBytesPerInference">Managed bytes allocated per <c>Int8Engine.Run</c> after warm-up.</param>
/// <param name="HostSpeedup">Host inferences per second divided by those of NetworkReference, same process and images.</param>
/// <param name="HostInferencesPerSecond">Host inferences per second in this run (machine-dependent).</param>
/// <param name="MismatchedImages">Images whose outputs differ from the reference's in any layer (must be 0).</param>
public sealed record ConfigurationReport(
    EngineMemory Memory,
    EngineCost Cost,
    IReadOnlyList<string> Steps,
    IReadOnlyList<double> LayerIlInstructions,
    long BufferBytes,
    long PreparedBytes,
    double AllocatedBytesPerInference,
    double HostSpeedup,
    double HostInferencesPerSecond,
    int MismatchedImages);

/// <summary>Everything <c>edgedigits bench</c> measures.</summary>
/// <param name="ModelName">Model measured.</param>
/// <param name="ModelIsTrained">False when a random stand-in model was used.</param>
/// <param name="Images">MNIST test images averaged over.</param>
/// <param name="Macs">Multiply-accumulates per inference implied by the layer shapes.</param>
/// <param name="Reference">Cost of <c>NetworkReference</c>.</param>
/// <param name="WeightBytes">Bytes of the model's int8 weights, int32 biases, multipliers, shifts and softmax table.</param>
/// <param name="Configurations">One report per <see cref="EngineMemory"/> value, Fast first.</param>
public sealed record BenchReport(
    string ModelName,
    bool ModelIsTrained,
    int Images,
    long Macs,
    EngineCost Reference,
    long WeightBytes,
    IReadOnlyList<ConfigurationReport> Configurations)
{
    /// <summary>True when every configuration matched the reference and allocated nothing per inference.</summary>
    public bool Passed => Failures.Count == 0;

    /// <summary>
    /// Why the bench fails, one line per broken promise (empty when it passes): an engine whose outputs differ from the
    /// reference on any image and layer, or that allocates managed memory per run.
    /// </summary>
    public IReadOnlyList<string> Failures => Configurations.SelectMany(c =>
        (c.MismatchedImages > 0 ? new[] { $"{c.Memory} engine: outputs differ from the reference on {c.MismatchedImages} images" } : Array.Empty<string>())
        .Concat(c.AllocatedBytesPerInference != 0 ? new[] { $"{c.Memory} engine: {c.AllocatedBytesPerInference:0.##} managed bytes allocated per Run (must be 0)" } : Array.Empty<string>()))
        .ToList();
}
