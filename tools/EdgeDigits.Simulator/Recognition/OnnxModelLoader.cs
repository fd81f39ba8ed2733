using EdgeDigits.App;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Simulator.Recognition;

/// <summary>A <c>--model</c> file that cannot be served: the message names the file and what is wrong.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="inner">The underlying error, or null.</param>
    public ModelLoadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Loads a float network from an ONNX file and quantizes it at start-up exactly as <c>edgedigits recognize --model</c>
/// does (<see cref="OnnxQuantizer"/>). The boot screen's
/// accuracies are measured on the 10,000 MNIST test images; the boot self-test's golden vector is every layer's output of the reference
/// kernels on MNIST test image 0 (so the self-test checks the engine the sessions run against them).
/// </summary>
public static class OnnxModelLoader
{
    /// <summary>Loads and quantizes <paramref name="path"/>.</summary>
    /// <param name="path">A .onnx file holding a sequential network on 28×28 digits (relative to the current directory or the
    /// repository root), or a name of models/ such as "mlp".</param>
    /// <param name="log">Progress lines (start-up is a few seconds), or null.</param>
    /// <param name="countInstructions">True: count IL instructions per inference for the developer panel.</param>
    /// <returns>The model host.</returns>
    /// <exception cref="ModelLoadException">The file is missing, not ONNX, not a sequential network the runtime implements, or MNIST cannot be found.</exception>
    public static ModelHost Load(string path, Action<string>? log = null, bool countInstructions = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = Resolve(path);
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException($"--model {path}: expected a .onnx file (or 'shipped').");
        }

        if (!File.Exists(path))
        {
            throw new ModelLoadException($"--model {path}: no such file.");
        }

        try
        {
            string mnist = MnistLocator.Resolve(null, log);
            (SequentialFloatModel floatModel, QuantizedNetwork quantized) = OnnxQuantizer.Quantize(path, mnist, log);
            Int8Network parameters = quantized.Parameters;
            MnistDataset test = MnistDataset.Load(mnist, MnistSplit.Test);
            int floatAccuracy = ClassificationReport.Create(test, ModelRunner.RunFloat(floatModel, test).Classes).AccuracyBasisPoints;
            int int8Accuracy = ClassificationReport.Create(test, ModelRunner.RunInt8(parameters, test).Classes).AccuracyBasisPoints;
            log?.Invoke($"{path}: MNIST test accuracy {floatAccuracy / 100.0:0.00} % float, {int8Accuracy / 100.0:0.00} % int8");
            string name = Path.GetFileNameWithoutExtension(path);
            var info = new ModelInfo(name.Length > 24 ? name[..24] : name, floatAccuracy, int8Accuracy);
            return new ModelHost(parameters, info, GoldenVector.FromReference(parameters, test.CopyImage(0), 0, test.Label(0)))
            {
                Counter = countInstructions ? new InstructionCounter(parameters) : null,
            };
        }
        catch (Exception e) when (e is OnnxImportException or InvalidDataException or IdxFormatException or IOException
            or InvalidOperationException or ArgumentException)
        {
            throw new ModelLoadException($"--model {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// A name of models/ (<see cref="ModelZoo.Names"/>: mlp, keras-cnn, …) becomes that file; a relative path that does not
    /// exist from the current directory is tried from the repository root, because <c>dotnet run</c> starts a web project
    /// in its own project folder, not where the user typed the command.
    /// </summary>
    private static string Resolve(string value)
    {
        if (Array.IndexOf(ModelZoo.Names, value) >= 0)
        {
            return ModelZoo.Resolve(new[] { value })[0];
        }

        if (!Path.IsPathRooted(value) && !File.Exists(value))
        {
            string fromRoot = Path.Combine(RepositoryPaths.FindRoot(), value);
            if (File.Exists(fromRoot))
            {
                return fromRoot;
            }
        }

        return value;
    }

}
