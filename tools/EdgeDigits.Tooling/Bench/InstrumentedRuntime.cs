using System.Reflection;
using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// An instrumented copy of EdgeDigits.Runtime.dll with an <see cref="Int8Engine"/> per memory configuration and one
/// <see cref="Runtime.Reference.NetworkReference"/>, all built from the same network, so that every engine is counted in one run.
/// </summary>
public sealed class InstrumentedRuntime : IDisposable
{
    private readonly InstrumentedAssembly _assembly;
    private readonly Dictionary<EngineMemory, object> _engines = new();
    private readonly Dictionary<EngineMemory, Func<byte[], int>> _runs = new();
    private readonly Dictionary<EngineMemory, Func<byte[], int, sbyte[]>> _steps = new();
    private readonly Dictionary<EngineMemory, int> _stepCounts = new();
    private readonly Func<byte[], int> _reference;

    /// <summary>
    /// Instruments a Release compilation of the runtime sources (<see cref="RuntimeCompiler"/>) and rebuilds
    /// <paramref name="model"/> inside it.
    /// </summary>
    /// <param name="model">The network to run (from the default load context).</param>
    public InstrumentedRuntime(Int8Network model)
        : this(model, RuntimeCompiler.CompileRelease())
    {
    }

    /// <summary>Instruments the given runtime assembly image and rebuilds <paramref name="model"/> inside it.</summary>
    /// <param name="model">The network to run (from the default load context).</param>
    /// <param name="runtimeImage">PE bytes of an EdgeDigits.Runtime assembly.</param>
    public InstrumentedRuntime(Int8Network model, byte[] runtimeImage)
    {
        _assembly = new InstrumentedAssembly(runtimeImage);
        object hosted = Rehost(_assembly, model);
        var engineType = _assembly.GetType(typeof(Int8Engine).FullName!);
        var memoryType = _assembly.GetType(typeof(EngineMemory).FullName!);
        foreach (EngineMemory memory in Enum.GetValues<EngineMemory>())
        {
            object engine = Activator.CreateInstance(engineType, hosted, Enum.ToObject(memoryType, (int)memory))!;
            _engines[memory] = engine;
            _runs[memory] = engineType.GetMethod(nameof(Int8Engine.Run))!.CreateDelegate<Func<byte[], int>>(engine);
            _steps[memory] = engineType.GetMethod(nameof(Int8Engine.RunStep))!.CreateDelegate<Func<byte[], int, sbyte[]>>(engine);
            _stepCounts[memory] = (int)engineType.GetProperty(nameof(Int8Engine.StepCount))!.GetValue(engine)!;
        }

        object reference = Activator.CreateInstance(_assembly.GetType(typeof(Runtime.Reference.NetworkReference).FullName!), hosted)!;
        _reference = reference.GetType().GetMethod(nameof(Int8Engine.Run))!.CreateDelegate<Func<byte[], int>>(reference);
    }

    /// <summary>Runs <see cref="Int8Engine.Run"/> of the instrumented copy in one configuration and returns its counts.</summary>
    /// <param name="memory">The engine's memory configuration.</param>
    /// <param name="pixels">[C·H·W] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) Run(EngineMemory memory, byte[] pixels) => Count(_runs[memory], pixels);

    /// <summary>Runs <see cref="Int8Engine.Run"/> of the instrumented copy in the default (<see cref="EngineMemory.Fast"/>) configuration.</summary>
    /// <param name="pixels">[C·H·W] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) RunFast(byte[] pixels) => Run(EngineMemory.Fast, pixels);

    /// <summary>Runs <c>NetworkReference.Run</c> of the instrumented copy and returns its counts.</summary>
    /// <param name="pixels">[C·H·W] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) RunReference(byte[] pixels) => Count(_reference, pixels);

    /// <summary>
    /// IL instructions of each engine step (<see cref="Int8Engine.RunStep"/>, in step order) for one input, each counted alone.
    /// Step 0 includes converting the pixels to int8 when its kernel does not read them in place.
    /// </summary>
    /// <param name="memory">The engine's memory configuration.</param>
    /// <param name="pixels">[C·H·W] pixels.</param>
    /// <returns>IL instructions per step.</returns>
    public long[] StepCounts(EngineMemory memory, byte[] pixels)
    {
        var step = _steps[memory];
        var counts = new long[_stepCounts[memory]];
        for (int s = 0; s < counts.Length; s++)
        {
            _assembly.Reset();
            step(pixels, s);
            counts[s] = _assembly.Instructions;
        }

        return counts;
    }

    private (int, long, long) Count(Func<byte[], int> run, byte[] pixels)
    {
        _assembly.Reset();
        int prediction = run(pixels);
        return (prediction, _assembly.Instructions, _assembly.Calls);
    }

    /// <summary>Rebuilds <paramref name="model"/> (from the default load context) inside an instrumented assembly holding the runtime types.</summary>
    /// <param name="assembly">The instrumented assembly.</param>
    /// <param name="model">The network.</param>
    /// <returns>The instrumented assembly's Int8Network.</returns>
    internal static object Rehost(InstrumentedAssembly assembly, Int8Network model)
    {
        var layerType = assembly.GetType(typeof(QuantizedLayer).FullName!);
        var layers = Array.CreateInstance(layerType, model.LayerCount);
        for (int i = 0; i < model.LayerCount; i++)
        {
            object hosted = model.Layers[i] switch
            {
                QuantizedConv2D l => Activator.CreateInstance(assembly.GetType(typeof(QuantizedConv2D).FullName!),
                    l.InputChannels, l.OutputChannels, l.KernelSize, l.Weights, l.Bias, l.OutputMultiplier, l.OutputShift,
                    l.InputZeroPoint, l.OutputZeroPoint, l.ActivationMin, l.ActivationMax)!,
                QuantizedFullyConnected l => Activator.CreateInstance(assembly.GetType(typeof(QuantizedFullyConnected).FullName!),
                    l.InputFeatures, l.OutputFeatures, l.Weights, l.Bias, l.OutputMultiplier, l.OutputShift,
                    l.InputZeroPoint, l.OutputZeroPoint, l.ActivationMin, l.ActivationMax)!,
                QuantizedMaxPool2D l => Activator.CreateInstance(assembly.GetType(typeof(QuantizedMaxPool2D).FullName!), l.KernelSize, l.Stride)!,
                _ => throw new NotSupportedException("unknown layer " + model.Layers[i].GetType().Name),
            };
            layers.SetValue(hosted, i);
        }

        return Activator.CreateInstance(assembly.GetType(typeof(Int8Network).FullName!), model.Name,
            model.InputChannels, model.InputHeight, model.InputWidth, layers, model.SoftmaxTable)!;
    }

    /// <inheritdoc />
    public void Dispose() => _assembly.Dispose();
}
