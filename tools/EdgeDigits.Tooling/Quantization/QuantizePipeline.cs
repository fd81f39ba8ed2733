using System.Security.Cryptography;
using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Emit;
using EdgeDigits.Tooling.Evaluation;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Onnx;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// The whole <c>edgedigits quantize</c> job without I/O side effects: import the ONNX model, recognize the sequential network,
/// calibrate on MNIST training images, quantize, measure float and int8 (runtime <c>Int8Engine</c>) accuracy on the
/// 10,000 test images, and generate the C# sources. The CLI writes the results; tests call this directly.
/// </summary>
public static class QuantizePipeline
{
    /// <summary>Runs the pipeline.</summary>
    /// <param name="request">Inputs.</param>
    /// <param name="progress">Receives progress of the long stages.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="OnnxImportException">The model cannot be imported.</exception>
    /// <exception cref="InvalidDataException">The graph is not a sequential network the int8 runtime implements.</exception>
    /// <exception cref="IdxFormatException">MNIST files are malformed, or the training file holds fewer images than
    /// calibration needs (<see cref="Calibrator.ImagesFor"/>).</exception>
    /// <exception cref="InvalidOperationException">A generated assembly exceeds nanoFramework's 64 KB initializer-data limit (the writer splits the model, so this is a bug).</exception>
    public static QuantizeOutcome Run(QuantizeRequest request, Action<PipelineProgress>? progress = null)
    {
        byte[] onnxBytes = OnnxModelFile.ReadBytes(request.ModelPath);
        string sha = Convert.ToHexStringLower(SHA256.HashData(onnxBytes));
        FloatGraph graph = OnnxGraphImporter.Import(OnnxModelFile.Parse(onnxBytes, request.ModelPath), request.ModelPath);
        SequentialFloatModel floatModel = SequentialStructure.Recognize(graph);

        MnistDataset train = MnistDataset.Load(request.MnistDirectory, MnistSplit.Train);
        MnistDataset test = MnistDataset.Load(request.MnistDirectory, MnistSplit.Test);

        // Fewer when the training file holds fewer (and an IdxFormatException naming it below the minimum).
        int calibrationCount = Calibrator.ImagesFor(train, request.CalibrationImages);
        Calibrator calibrator = Calibrator.Run(floatModel, train, calibrationCount,
            done => progress?.Invoke(new PipelineProgress("Calibrating", done, 2 * calibrationCount)));

        Predictions floatTest = ModelRunner.RunFloat(floatModel, test, done => progress?.Invoke(new PipelineProgress("Float model on test set", done, test.Count)));
        QuantizedNetwork model = NetworkQuantizer.Quantize(floatModel, calibrator.Select(request.Method));
        ConfidenceFit? confidence = null;
        if (request.PenDigitsFile != null)
        {
            progress?.Invoke(new PipelineProgress("Calibrating confidences on pen digits", 0, 1));
            (confidence, model) = ConfidenceFit.Run(floatModel, model, request.PenDigitsFile);
            progress?.Invoke(new PipelineProgress("Calibrating confidences on pen digits", 1, 1));
        }

        Predictions int8Test = ModelRunner.RunInt8(model.Parameters, test, done => progress?.Invoke(new PipelineProgress("Int8 model on test set", done, test.Count)));

        var comparisons = new List<CalibrationComparison>();
        if (request.CompareMethods)
        {
            // Empty when the training file holds no more than 50,000 images: the validation column is then not measured.
            MnistDataset validation = Calibrator.HeldOut(train);
            foreach (CalibrationMethod method in Enum.GetValues<CalibrationMethod>())
            {
                QuantizedNetwork candidate = method == request.Method ? model : NetworkQuantizer.Quantize(floatModel, calibrator.Select(method));
                Predictions onTest = method == request.Method ? int8Test
                    : ModelRunner.RunInt8(candidate.Parameters, test, done => progress?.Invoke(new PipelineProgress($"Comparing {Names.Of(method)} (test)", done, test.Count)));
                int validationAccuracy = 0;
                if (validation.Count > 0)
                {
                    Predictions onValidation = ModelRunner.RunInt8(candidate.Parameters, validation,
                        done => progress?.Invoke(new PipelineProgress($"Comparing {Names.Of(method)} (validation)", done, validation.Count)));
                    validationAccuracy = ClassificationReport.Create(validation, onValidation.Classes).AccuracyBasisPoints;
                }

                comparisons.Add(new CalibrationComparison(method, validationAccuracy,
                    ClassificationReport.Create(test, onTest.Classes).AccuracyBasisPoints,
                    Enumerable.Range(0, test.Count).Count(i => onTest.Classes[i] != floatTest.Classes[i]), validation.Count));
            }
        }
        else
        {
            comparisons.Add(new CalibrationComparison(request.Method, 0, ClassificationReport.Create(test, int8Test.Classes).AccuracyBasisPoints,
                Enumerable.Range(0, test.Count).Count(i => int8Test.Classes[i] != floatTest.Classes[i])));
        }

        ClassificationReport floatReport = ClassificationReport.Create(test, floatTest.Classes);
        ClassificationReport int8Report = ClassificationReport.Create(test, int8Test.Classes);
        var info = new ModelEmitInfo(Path.GetFileName(request.ModelPath), sha, Names.Of(request.Method), calibrator.ImageCount,
            floatReport.AccuracyBasisPoints, int8Report.AccuracyBasisPoints);
        GeneratedSource golden = GoldenSourceWriter.Write(model.Parameters, test, request.GoldenIndex, sha);
        var sources = ModelSourceWriter.Write(model, info, reservedBytes: golden.ArrayDataBytes).Append(golden).ToList();
        ModelAssemblyWriter.CheckBudget(sources);
        return new QuantizeOutcome(request, sha, floatModel, model, floatTest, int8Test, floatReport, int8Report, comparisons, sources, confidence);
    }
}
