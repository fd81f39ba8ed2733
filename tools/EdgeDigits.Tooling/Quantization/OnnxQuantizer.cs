using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.PenDigits;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// Quantizes a float ONNX network in memory with <c>edgedigits quantize</c>'s defaults, for the tools that take
/// <c>--model FILE.onnx</c> (<c>recognize</c>, the simulator): <see cref="SequentialStructure.Recognize"/> over
/// <see cref="OnnxGraphImporter.Load"/>, <see cref="Calibrator"/> on <see cref="QuantizeRequest.DefaultCalibrationImages"/>
/// MNIST training images with <see cref="QuantizeRequest.DefaultMethod"/>, <see cref="NetworkQuantizer"/>, and the
/// confidence calibration (<see cref="ConfidenceFit"/>) when <see cref="PenDigitsLocator.Find"/> finds the real pen digits.
/// </summary>
public static class OnnxQuantizer
{
    /// <summary>Imports and quantizes <paramref name="path"/>.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="mnistDirectory">Directory with the MNIST IDX files.</param>
    /// <param name="log">Progress lines, or null.</param>
    /// <returns>The float model and its int8 quantization.</returns>
    /// <exception cref="OnnxImportException">The file cannot be imported.</exception>
    /// <exception cref="InvalidDataException">The graph is not a sequential network the runtime implements, or the pen-digit file is malformed.</exception>
    /// <exception cref="IdxFormatException">The MNIST files are malformed.</exception>
    public static (SequentialFloatModel Float, QuantizedNetwork Model) Quantize(string path, string mnistDirectory, Action<string>? log = null)
    {
        SequentialFloatModel floatModel = SequentialStructure.Recognize(OnnxGraphImporter.Load(path));
        log?.Invoke($"{path}: {floatModel.Layers.Count}-layer sequential network recognized; calibrating on MNIST");
        MnistDataset train = MnistDataset.Load(mnistDirectory, MnistSplit.Train);
        Calibrator calibrator = Calibrator.Run(floatModel, train, QuantizeRequest.DefaultCalibrationImages);
        QuantizedNetwork quantized = NetworkQuantizer.Quantize(floatModel, calibrator.Select(QuantizeRequest.DefaultMethod));
        string? pen = PenDigitsLocator.Find(null);
        if (pen != null)
        {
            log?.Invoke($"{path}: fitting the confidences on {pen}");
            quantized = ConfidenceFit.Run(floatModel, quantized, pen).Model;
        }

        return (floatModel, quantized);
    }
}
