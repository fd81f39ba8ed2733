using System.Text;
using EdgeDigits.Runtime;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>
/// The shipped int8 model, built once from the generated <c>LeNet5Model</c> (the same arrays the firmware
/// compiles in) and shared read-only by every engine, with the figures the developer panel shows.
/// </summary>
public sealed class ModelHost
{
    /// <summary>Loads the shipped model: the generated <c>LeNet5Model</c>, the very arrays the firmware compiles in.</summary>
    /// <returns>The model host.</returns>
    /// <exception cref="InvalidOperationException">The model has not been generated yet.</exception>
    public static ModelHost Shipped()
    {
#if EDGEDIGITS_HAS_MODEL
        return new ModelHost(EdgeDigits.Model.LeNet5Model.Create(), EdgeDigits.Model.LeNet5Model.Name, EdgeDigits.Model.LeNet5Model.Int8AccuracyBasisPoints);
#else
        throw new InvalidOperationException("firmware/EdgeDigits.Model has no generated LeNet5Model yet: run `edgedigits quantize` first.");
#endif
    }

    /// <summary>Wraps given parameters (the shipped model, or a test model).</summary>
    /// <param name="parameters">The quantized model.</param>
    /// <param name="name">Its display name.</param>
    /// <param name="int8AccuracyBasisPoints">MNIST test accuracy ×10000, or 0 when unknown.</param>
    public ModelHost(LeNet5Parameters parameters, string name, int int8AccuracyBasisPoints)
    {
        Parameters = parameters;
        Name = name;
        Int8AccuracyBasisPoints = int8AccuracyBasisPoints;
        MacsPerInference = InferenceCost.MacsPerInference(parameters);
    }

    /// <summary>The quantized parameters (read-only, shared).</summary>
    public LeNet5Parameters Parameters { get; }

    /// <summary>Model name.</summary>
    public string Name { get; }

    /// <summary>MNIST test accuracy of the int8 model ×10000.</summary>
    public int Int8AccuracyBasisPoints { get; }

    /// <summary>MACs of one inference.</summary>
    public long MacsPerInference { get; }

    /// <summary>IL instructions of one inference counted by <c>edgedigits bench</c>, or null when not available.</summary>
    public long? IlInstructionsPerInference { get; init; }

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

        return new RecognitionView(text.ToString(), digits, MacsPerInference, MacsPerInference * digits.Length,
            IlInstructionsPerInference, Math.Round(hostMilliseconds, 3));
    }
}
