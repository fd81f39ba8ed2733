using System.Text;
using EdgeDigits.App;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Bench;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>
/// The shipped int8 model, built once from the generated <c>LeNet5Model</c> (the same arrays the firmware compiles
/// in) and shared read-only by every engine, with its golden vector for the boot self-test and the figures the
/// developer panel shows.
/// </summary>
public sealed class ModelHost
{
    /// <summary>Wraps given parameters (the shipped model, or a test model).</summary>
    /// <param name="parameters">The quantized model.</param>
    /// <param name="info">Name and accuracies shown on the boot screen.</param>
    /// <param name="golden">The golden vector the boot self-test replays.</param>
    public ModelHost(Int8Network parameters, ModelInfo info, GoldenVector golden)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(golden);
        Parameters = parameters;
        Info = info;
        Golden = golden;
        MacsPerInference = MacCount.Nominal(parameters);
    }

    /// <summary>The quantized parameters (read-only, shared).</summary>
    public Int8Network Parameters { get; }

    /// <summary>Name and accuracies (basis points) shown on the boot screen.</summary>
    public ModelInfo Info { get; }

    /// <summary>The golden vector of the boot self-test.</summary>
    public GoldenVector Golden { get; }

    /// <summary>MACs of one inference.</summary>
    public long MacsPerInference { get; }

    /// <summary>Counts IL instructions per inference (<c>edgedigits bench</c>'s instrumented runtime), or null for none.</summary>
    public InstructionCounter? Counter { get; init; }

    /// <summary>Loads the shipped model: the generated <c>LeNet5Model</c> and <c>LeNet5Golden</c>.</summary>
    /// <param name="countInstructions">True: count IL instructions per inference (builds bench's instrumented runtime in the background).</param>
    /// <returns>The model host.</returns>
    public static ModelHost Shipped(bool countInstructions = true)
    {
        return new ModelHost(
            EdgeDigits.Model.LeNet5Model.Create(),
            new ModelInfo(EdgeDigits.Model.LeNet5Model.Name, EdgeDigits.Model.LeNet5Model.FloatAccuracyBasisPoints, EdgeDigits.Model.LeNet5Model.Int8AccuracyBasisPoints),
            new GoldenVector(EdgeDigits.Model.LeNet5Golden.Index, EdgeDigits.Model.LeNet5Golden.Label, EdgeDigits.Model.LeNet5Golden.PredictedClass,
                EdgeDigits.Model.LeNet5Golden.Input, EdgeDigits.Model.LeNet5Golden.LayerOutputs, EdgeDigits.Model.LeNet5Golden.Confidences))
        {
            Counter = countInstructions ? new InstructionCounter(EdgeDigits.Model.LeNet5Model.Create()) : null,
        };
    }

    /// <summary>Assembles a recognition result.</summary>
    /// <param name="digits">Digits, left to right.</param>
    /// <param name="hostMilliseconds">Host wall time, ms.</param>
    /// <returns>The view.</returns>
    public RecognitionView View(DigitView[] digits, double hostMilliseconds)
    {
        var text = new StringBuilder(digits.Length);
        foreach (DigitView digit in digits)
        {
            text.Append((char)('0' + digit.Digit));
        }

        return new RecognitionView(text.ToString(), digits, MacsPerInference, MacsPerInference * digits.Length, Math.Round(hostMilliseconds, 3),
            DeviceEstimateView.Of(digits));
    }
}
