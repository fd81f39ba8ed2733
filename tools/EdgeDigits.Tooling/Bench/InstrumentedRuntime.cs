using System.Reflection;
using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// An instrumented copy of EdgeDigits.Runtime.dll with a <see cref="LeNet5"/> per memory configuration and one
/// <see cref="Runtime.Reference.LeNet5Reference"/>, all built from the same model, so that every engine is counted in one run.
/// </summary>
public sealed class InstrumentedRuntime : IDisposable
{
    /// <summary>Names of LeNet5's layers, in <see cref="LayerCounts"/> order.</summary>
    public static readonly string[] LayerNames = { "conv1+pool1", "conv2+pool2", "fc1", "fc2", "fc3" };

    // LeNet5's kernel fields and the buffers each kernel reads and writes, in graph order.
    private static readonly string[] KernelFields = { "_conv1Pool1", "_conv2Pool2", "_fc1", "_fc2", "_fc3" };
    private static readonly string[] BufferFields = { "_input", "Pool1Output", "Pool2Output", "Fc1Output", "Fc2Output", "Logits" };

    private readonly InstrumentedAssembly _assembly;
    private readonly Dictionary<LeNet5Memory, object> _engines = new();
    private readonly Dictionary<LeNet5Memory, Func<byte[], int>> _runs = new();
    private readonly Func<byte[], int> _reference;

    /// <summary>
    /// Instruments a Release compilation of the runtime sources (<see cref="RuntimeCompiler"/>) and rebuilds
    /// <paramref name="model"/> inside it.
    /// </summary>
    /// <param name="model">The model to run (from the default load context).</param>
    public InstrumentedRuntime(LeNet5Parameters model)
        : this(model, RuntimeCompiler.CompileRelease())
    {
    }

    /// <summary>Instruments the given runtime assembly image and rebuilds <paramref name="model"/> inside it.</summary>
    /// <param name="model">The model to run (from the default load context).</param>
    /// <param name="runtimeImage">PE bytes of an EdgeDigits.Runtime assembly.</param>
    public InstrumentedRuntime(LeNet5Parameters model, byte[] runtimeImage)
    {
        _assembly = new InstrumentedAssembly(runtimeImage);
        object hosted = Rehost(model);
        var engineType = _assembly.GetType(typeof(LeNet5).FullName!);
        var memoryType = _assembly.GetType(typeof(LeNet5Memory).FullName!);
        foreach (LeNet5Memory memory in Enum.GetValues<LeNet5Memory>())
        {
            object engine = Activator.CreateInstance(engineType, hosted, Enum.ToObject(memoryType, (int)memory))!;
            _engines[memory] = engine;
            _runs[memory] = engineType.GetMethod(nameof(LeNet5.Run))!.CreateDelegate<Func<byte[], int>>(engine);
        }

        object reference = Activator.CreateInstance(_assembly.GetType(typeof(Runtime.Reference.LeNet5Reference).FullName!), hosted)!;
        _reference = reference.GetType().GetMethod(nameof(LeNet5.Run))!.CreateDelegate<Func<byte[], int>>(reference);
    }

    /// <summary>Runs <see cref="LeNet5.Run"/> of the instrumented copy in one configuration and returns its counts.</summary>
    /// <param name="memory">The engine's memory configuration.</param>
    /// <param name="pixels">[784] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) Run(LeNet5Memory memory, byte[] pixels) => Count(_runs[memory], pixels);

    /// <summary>Runs <see cref="LeNet5.Run"/> of the instrumented copy in the default (<see cref="LeNet5Memory.Fast"/>) configuration.</summary>
    /// <param name="pixels">[784] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) RunFast(byte[] pixels) => Run(LeNet5Memory.Fast, pixels);

    /// <summary>Runs <c>LeNet5Reference.Run</c> of the instrumented copy and returns its counts.</summary>
    /// <param name="pixels">[784] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) RunReference(byte[] pixels) => Count(_reference, pixels);

    /// <summary>
    /// IL instructions of each layer kernel (<see cref="LayerNames"/>) for one input: the engine runs once, then each
    /// kernel runs again, counted alone, on the activations the first run left.
    /// </summary>
    /// <param name="memory">The engine's memory configuration.</param>
    /// <param name="pixels">[784] pixels.</param>
    /// <returns>IL instructions per layer.</returns>
    public long[] LayerCounts(LeNet5Memory memory, byte[] pixels)
    {
        object engine = _engines[memory];
        _runs[memory](pixels);
        var counts = new long[KernelFields.Length];
        for (int layer = 0; layer < KernelFields.Length; layer++)
        {
            object kernel = Field(engine, KernelFields[layer]);
            var output = (sbyte[])Field(engine, BufferFields[layer + 1]);
            var pixelRun = layer == 0 ? kernel.GetType().GetMethod("RunPixels") : null;
            if (pixelRun != null && Field(engine, "_pixelConv1", optional: true) != null)
            {
                // Fast: conv1 reads the pixels in place (LeNet5.Run converts nothing).
                var run = pixelRun.CreateDelegate<Action<byte[], int, sbyte[]>>(kernel);
                _assembly.Reset();
                run(pixels, LeNet5Parameters.InputZeroPoint, output);
            }
            else
            {
                var run = kernel.GetType().GetMethod("Run", new[] { typeof(sbyte[]), typeof(sbyte[]) })!.CreateDelegate<Action<sbyte[], sbyte[]>>(kernel);
                var input = (sbyte[])Field(engine, BufferFields[layer]);
                _assembly.Reset();
                run(input, output);
            }

            counts[layer] = _assembly.Instructions;
        }

        return counts;
    }

    private static object Field(object owner, string name) => Field(owner, name, optional: false)!;

    private static object? Field(object owner, string name, bool optional)
    {
        var field = owner.GetType().GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("LeNet5 has no field " + name + "; update InstrumentedRuntime.");
        object? value = field.GetValue(owner);
        return value != null || optional ? value : throw new InvalidOperationException("LeNet5." + name + " is null; update InstrumentedRuntime.");
    }

    private (int, long, long) Count(Func<byte[], int> run, byte[] pixels)
    {
        _assembly.Reset();
        int prediction = run(pixels);
        return (prediction, _assembly.Instructions, _assembly.Calls);
    }

    private object Rehost(LeNet5Parameters model) => Rehost(_assembly, model);

    /// <summary>Rebuilds <paramref name="model"/> (from the default load context) inside an instrumented assembly holding the runtime types.</summary>
    /// <param name="_assembly">The instrumented assembly.</param>
    /// <param name="model">The model.</param>
    /// <returns>The instrumented assembly's LeNet5Parameters.</returns>
    internal static object Rehost(InstrumentedAssembly _assembly, LeNet5Parameters model)
    {
        object Conv(QuantizedConv2D l) => Activator.CreateInstance(_assembly.GetType(typeof(QuantizedConv2D).FullName!),
            l.InputChannels, l.OutputChannels, l.KernelSize, l.Weights, l.Bias, l.OutputMultiplier, l.OutputShift,
            l.InputZeroPoint, l.OutputZeroPoint, l.ActivationMin, l.ActivationMax)!;
        object Fc(QuantizedFullyConnected l) => Activator.CreateInstance(_assembly.GetType(typeof(QuantizedFullyConnected).FullName!),
            l.InputFeatures, l.OutputFeatures, l.Weights, l.Bias, l.OutputMultiplier, l.OutputShift,
            l.InputZeroPoint, l.OutputZeroPoint, l.ActivationMin, l.ActivationMax)!;
        return Activator.CreateInstance(_assembly.GetType(typeof(LeNet5Parameters).FullName!), model.Name,
            Conv(model.Conv1), Conv(model.Conv2), Fc(model.Fc1), Fc(model.Fc2), Fc(model.Fc3), model.SoftmaxTable)!;
    }

    /// <inheritdoc />
    public void Dispose() => _assembly.Dispose();
}
