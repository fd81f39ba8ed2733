using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Training;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>How the confidences of a quantized model were calibrated (<see cref="TemperatureScaling"/>).</summary>
/// <param name="Temperature">The fitted T (1 = uncalibrated).</param>
/// <param name="Writers">Validation writers whose digits it was fitted on.</param>
/// <param name="Digits">Their digits.</param>
/// <param name="EceBefore">Expected calibration error of the device's confidences at T = 1.</param>
/// <param name="EceAfter">The same at the fitted T.</param>
/// <param name="NllBefore">Mean negative log-likelihood at T = 1, nats.</param>
/// <param name="NllAfter">At the fitted T.</param>
public sealed record ConfidenceFit(double Temperature, int Writers, int Digits, double EceBefore, double EceAfter, double NllBefore, double NllAfter)
{
    /// <summary>
    /// Fits the temperature of <paramref name="model"/> on the real pen digits of the validation writers: the digits
    /// go through the device's ink pipeline (<see cref="TrainingSetRenderer"/>), the int8 runtime gives the logits,
    /// and <see cref="TemperatureScaling.Fit"/> the T; ECE is measured on the runtime's own permille confidences.
    /// </summary>
    /// <param name="floatModel">The float model (quantized again with the fitted T).</param>
    /// <param name="model">The model quantized at T = 1.</param>
    /// <param name="penDigitsFile">The pen-digit stroke file.</param>
    /// <returns>The fit and the model quantized with it.</returns>
    /// <exception cref="InvalidDataException">The file has a malformed line or no validation writer.</exception>
    public static (ConfidenceFit Fit, QuantizedNetwork Model) Run(SequentialFloatModel floatModel, QuantizedNetwork model, string penDigitsFile)
    {
        var samples = PenValidation.Load(penDigitsFile);
        RenderedSet set = TrainingSetRenderer.Render(samples, model.Parameters, new RenderOptions(WriterSubset.Validation));
        if (set.Count == 0)
        {
            throw new InvalidDataException($"{penDigitsFile}: no drawing of a validation writer to fit the confidences on.");
        }

        int writers = WriterSplit.CountWriters(samples.Select(s => s.Id), WriterSubset.Validation);
        var labels = set.Labels.Select(l => (int)l).ToArray();
        (sbyte[][] logits, int[] before, bool[] correct) = RunAll(model.Parameters, set);
        double t = TemperatureScaling.Fit(logits, labels, model.LogitScale);
        QuantizedNetwork calibrated = NetworkQuantizer.Quantize(floatModel, model.Calibration, model.Parameters.Name, t);
        (_, int[] after, _) = RunAll(calibrated.Parameters, set);
        var fit = new ConfidenceFit(t, writers, set.Count,
            TemperatureScaling.ExpectedCalibrationError(before, correct), TemperatureScaling.ExpectedCalibrationError(after, correct),
            TemperatureScaling.NegativeLogLikelihood(logits, labels, model.LogitScale, 1), TemperatureScaling.NegativeLogLikelihood(logits, labels, model.LogitScale, t));
        return (fit, calibrated);
    }

    private static (sbyte[][] Logits, int[] Confidences, bool[] Correct) RunAll(Int8Network parameters, RenderedSet set)
    {
        var engine = new Int8Engine(parameters);
        var logits = new sbyte[set.Count][];
        var confidences = new int[set.Count];
        var correct = new bool[set.Count];
        var pixels = new byte[784];
        for (int i = 0; i < set.Count; i++)
        {
            Array.Copy(set.Pixels, i * 784, pixels, 0, 784);
            correct[i] = engine.Run(pixels) == set.Labels[i];
            logits[i] = (sbyte[])engine.Logits.Clone();
            confidences[i] = engine.TopConfidence;
        }

        return (logits, confidences, correct);
    }
}
