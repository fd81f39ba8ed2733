using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Bench;

/// <summary>
/// An instrumented copy of EdgeDigits.Runtime.dll with one <see cref="LeNet5"/> and one
/// <see cref="Runtime.Reference.LeNet5Reference"/> built from the same model, so that both engines are counted in one run.
/// </summary>
public sealed class InstrumentedRuntime : IDisposable
{
    private readonly InstrumentedAssembly _assembly;
    private readonly Func<byte[], int> _fast;
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
        object fast = Activator.CreateInstance(_assembly.GetType(typeof(LeNet5).FullName!), hosted)!;
        object reference = Activator.CreateInstance(_assembly.GetType(typeof(Runtime.Reference.LeNet5Reference).FullName!), hosted)!;
        _fast = fast.GetType().GetMethod(nameof(LeNet5.Run))!.CreateDelegate<Func<byte[], int>>(fast);
        _reference = reference.GetType().GetMethod(nameof(LeNet5.Run))!.CreateDelegate<Func<byte[], int>>(reference);
    }

    /// <summary>Runs <see cref="LeNet5.Run"/> of the instrumented copy and returns its counts.</summary>
    /// <param name="pixels">[784] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) RunFast(byte[] pixels) => Count(_fast, pixels);

    /// <summary>Runs <c>LeNet5Reference.Run</c> of the instrumented copy and returns its counts.</summary>
    /// <param name="pixels">[784] pixels.</param>
    /// <returns>Predicted class, IL instructions and calls executed.</returns>
    public (int Prediction, long Instructions, long Calls) RunReference(byte[] pixels) => Count(_reference, pixels);

    private (int, long, long) Count(Func<byte[], int> run, byte[] pixels)
    {
        _assembly.Reset();
        int prediction = run(pixels);
        return (prediction, _assembly.Instructions, _assembly.Calls);
    }

    private object Rehost(LeNet5Parameters model)
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
