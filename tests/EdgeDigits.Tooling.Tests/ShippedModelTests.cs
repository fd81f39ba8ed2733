using EdgeDigits.Model;
using EdgeDigits.Runtime;
using EdgeDigits.Runtime.Reference;
using EdgeDigits.Tooling.Emit;
using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>The committed generated model against a fresh run of the quantizer, and its accuracy on MNIST.</summary>
[Collection(ShippedModelCollection.Name)]
public sealed class ShippedModelTests
{
    private readonly QuantizeOutcome _outcome;
    private readonly ShippedModelFixture _fixture;

    public ShippedModelTests(ShippedModelFixture fixture)
    {
        _fixture = fixture;
        _outcome = fixture.Outcome;
    }

    [Theory]
    [InlineData(ModelSourceWriter.FileName)]
    [InlineData(GoldenSourceWriter.FileName)]
    public void CommittedGeneratedFileIsNotStale(string fileName)
    {
        string committed = File.ReadAllText(Path.Combine(TestData.ModelDirectory, fileName));
        string regenerated = _outcome.Sources.Single(s => s.FileName == fileName).Text;

        Assert.True(committed == regenerated,
            $"firmware/EdgeDigits.Model/{fileName} is stale: it differs from what models/lenet5.onnx quantizes to now. " +
            "Regenerate it with `dotnet run --project tools/EdgeDigits.Cli -- quantize` and commit the result.");
    }

    [Fact]
    public void FloatAccuracyReachesTheTarget()
    {
        Assert.Equal(10_000, _outcome.FloatReport.Total);
        Assert.True(_outcome.FloatReport.AccuracyBasisPoints >= 9930, $"float accuracy {_outcome.FloatReport.Accuracy:P2} is below 99.30 %");
    }

    [Fact]
    public void Int8AccuracyIsWithinATenthOfAPointOfFloat()
    {
        int floatCorrect = _outcome.FloatReport.Correct;
        int int8Correct = _outcome.Int8Report.Correct;

        // int8 ≥ float − 0.1 percentage point on 10,000 images: at most 10 more mistakes.
        Assert.True(int8Correct >= floatCorrect - 10, $"int8 {int8Correct} correct vs float {floatCorrect}");
    }

    [Fact]
    public void RealPenDigitsOfTheValidationWritersAreRead()
    {
        // Measured when the model shipped (edgedigits evaluate): float 98.74 % (1,098/1,112), int8 98.74 % (1,098);
        // 500 composed numbers 95.2 % whole string, 98.5 % per digit. Floors leave room for a retrained model.
        PenValidationReport pen = _fixture.Pen;
        Assert.Equal(36, pen.Writers);
        Assert.Equal(1112, pen.Int8.Total);
        Assert.True(pen.Int8.AccuracyBasisPoints >= 9800, $"int8 on the validation writers: {pen.Int8.Accuracy:P2} (< 98.00 %)");
        Assert.True(pen.Float.AccuracyBasisPoints >= 9800, $"float on the validation writers: {pen.Float.Accuracy:P2} (< 98.00 %)");
        Assert.True(pen.Multi.ExactMatchRate >= 0.90, $"composed numbers, whole string: {pen.Multi.ExactMatchRate:P1} (< 90 %)");
        Assert.True(pen.Multi.DigitRate >= 0.96, $"composed numbers, per digit: {pen.Multi.DigitRate:P1} (< 96 %)");
    }

    [Fact]
    public void ConfidencesAreCalibratedOnTheValidationWritersAndNotSureFlagsErrorsFarMoreOftenThanRightAnswers()
    {
        ConfidenceFit fit = _outcome.Confidence!;
        Assert.Equal(1112, fit.Digits);
        Assert.True(fit.Temperature > 1, $"T = {fit.Temperature}: an MNIST-trained softmax is overconfident on pen digits, so T should soften it");
        // The fit minimizes the negative log-likelihood (a proper scoring rule), so that is what must improve. The
        // 15-bin ECE is a coarse summary on 1,112 digits: measured 1.44 % → 0.99 % with the previous model, 0.78 % →
        // 0.88 % with the shipped one; it must stay small, not necessarily fall.
        Assert.True(fit.NllAfter < fit.NllBefore, $"NLL {fit.NllBefore:F4} → {fit.NllAfter:F4}");
        Assert.True(fit.EceAfter < 0.02, $"ECE after scaling {fit.EceAfter:P2} (≥ 2 %)");

        // The compiled table is the tempered one.
        Assert.Equal(QuantizationMath.SoftmaxTable(_outcome.Model.LogitScale / fit.Temperature), LeNet5Model.Create().SoftmaxTable);
        (int errorsFlagged, int errors, int correctFlagged, int correct) = _fixture.Pen.Flagged(EdgeDigits.Ink.InkRecognizer.DefaultUnsureThreshold);
        // "Not sure" must mean something: an error is far more likely to be flagged than a right answer. Measured with
        // the shipped model: 7 of 14 errors against 22 of 1,098 right answers (25×; the previous model 4 of 13 and 27 of 1,099). Most remaining errors are
        // confident, and four of them are samples whose ink is the digit read (docs/ink.md, "The remaining errors").
        Assert.True(errorsFlagged * correct >= 4 * correctFlagged * errors,
            $"{errorsFlagged} of {errors} errors flagged against {correctFlagged} of {correct} right answers: flagging tells too little");
        Assert.True(errorsFlagged * 4 >= errors, $"only {errorsFlagged} of {errors} errors flagged not sure");
        Assert.True(correctFlagged * 20 < correct, $"{correctFlagged} of {correct} right answers flagged not sure");
    }

    [Fact]
    public void CompiledModelEqualsTheQuantizersParameters()
    {
        Int8Network compiled = LeNet5Model.Create();
        Int8Network fresh = _outcome.Model.Parameters;

        Assert.Equal(LeNet5Model.SourceSha256, _outcome.SourceSha256);
        Assert.Equal(LeNet5Model.FloatAccuracyBasisPoints, _outcome.FloatReport.AccuracyBasisPoints);
        Assert.Equal(LeNet5Model.Int8AccuracyBasisPoints, _outcome.Int8Report.AccuracyBasisPoints);
        Assert.Equal(fresh.LayerNames, compiled.LayerNames);
        for (int i = 0; i < fresh.LayerCount; i++)
        {
            switch (fresh.Layers[i])
            {
                case QuantizedConv2D conv: AssertConv(conv, (QuantizedConv2D)compiled.Layers[i]); break;
                case QuantizedFullyConnected fc: AssertFc(fc, (QuantizedFullyConnected)compiled.Layers[i]); break;
                case QuantizedMaxPool2D pool:
                    var other = (QuantizedMaxPool2D)compiled.Layers[i];
                    Assert.Equal((pool.KernelSize, pool.Stride), (other.KernelSize, other.Stride));
                    break;
            }
        }

        Assert.Equal(fresh.SoftmaxTable, compiled.SoftmaxTable);
    }

    [Fact]
    public void ProductEngineReproducesTheGoldenVectors()
    {
        var engine = new Int8Engine(LeNet5Model.Create());

        Assert.Equal(TestData.Test.CopyImage(LeNet5Golden.Index), LeNet5Golden.Input);
        Assert.Equal(LeNet5Golden.Label, TestData.Test.Label(LeNet5Golden.Index));
        for (int s = 0; s < engine.StepCount; s++)
        {
            sbyte[] golden = LeNet5Golden.LayerOutputs[engine.StepLastLayer(s)];
            Assert.Equal(golden, engine.RunStep(LeNet5Golden.Input, s)[..golden.Length]);
        }

        int predicted = engine.Run(LeNet5Golden.Input);
        Assert.Equal(LeNet5Golden.PredictedClass, predicted);
        Assert.Equal(LeNet5Golden.LayerOutputs[^1], engine.Logits);
        Assert.Equal(LeNet5Golden.Confidences, engine.Confidences);
    }

    [Fact]
    public void Int8ActivationsTrackTheFloatActivations()
    {
        // Dequantized int8 tensors stay within a few quantization steps of the float ones; a missing fold of the
        // input normalization (−Σw in conv1's bias) or a wrong zero point would be off by hundreds of steps.
        var reference = new NetworkReference(_outcome.Model.Parameters);
        var graph = _outcome.FloatModel.Graph;
        var state = graph.CreateState();
        for (int image = 0; image < 20; image++)
        {
            reference.Run(TestData.Test.CopyImage(image));
            graph.RunPixels(TestData.Test.Image(image), state);
            AssertClose(_outcome.Model.Layers[0], reference.LayerOutputs[0], state.Outputs[_outcome.FloatModel.ActivationNodes[0]], 3);
            AssertClose(_outcome.Model.Layers[2], reference.LayerOutputs[4], state.Outputs[_outcome.FloatModel.ActivationNodes[2]], 6);
            AssertClose(_outcome.Model.Layers[4], reference.Logits, state.Outputs[_outcome.FloatModel.ActivationNodes[4]], 6);
        }
    }

    [Fact]
    public void GeneratedArraysFitTheNanoFrameworkBudget()
    {
        int expected = 150 + 2400 + 30720 + 10080 + 840 + 4 * 3 * (6 + 16 + 120 + 84 + 10) + 4 * 256
            + 784 + 6 * 24 * 24 + 864 + 16 * 8 * 8 + 256 + 120 + 84 + 10 + 4 * 10;

        Assert.Equal(expected, _outcome.ArrayDataBytes);
        Assert.InRange(_outcome.ArrayDataBytes, 0, ModelAssemblyWriter.ArrayDataLimit);
    }

    [Fact]
    public void OversizedArraysAreRefusedWithTheBudget()
    {
        var sources = new[] { new GeneratedSource("A.g.cs", "", 60_000), new GeneratedSource("B.g.cs", "", 6_000), new GeneratedSource("P/C.g.cs", "", 60_000, "EdgeDigits.Model.Part1") };

        var e = Assert.Throws<InvalidOperationException>(() => ModelAssemblyWriter.CheckBudget(sources));

        Assert.StartsWith("Assembly EdgeDigits.Model needs 66,000 bytes of array-initializer data (A.g.cs 60,000, B.g.cs 6,000), more than the 65,535 bytes", e.Message);
        Assert.Equal(66_000, ModelAssemblyWriter.CheckBudget(sources.Skip(1).ToArray())); // 6,000 in the main assembly, 60,000 in Part1: each fits
    }

    [Fact]
    public void ReportIsDeterministicJson()
    {
        string a = QuantReportWriter.Write(_outcome);
        string b = QuantReportWriter.Write(_outcome);

        Assert.Equal(a, b);
        using var doc = System.Text.Json.JsonDocument.Parse(a);
        Assert.Equal(_outcome.SourceSha256, doc.RootElement.GetProperty("sourceSha256").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("layers").GetArrayLength());
    }

    private static void AssertClose(QuantizedLayerInfo layer, sbyte[] quantized, float[] real, int steps)
    {
        for (int i = 0; i < quantized.Length; i++)
        {
            double dequantized = layer.OutputScale * (quantized[i] - layer.OutputZeroPoint);
            double clipped = Math.Clamp(real[i], layer.OutputScale * (-128 - layer.OutputZeroPoint), layer.OutputScale * (127 - layer.OutputZeroPoint));
            Assert.True(Math.Abs(dequantized - clipped) <= steps * layer.OutputScale,
                $"{layer.Name}[{i}]: int8 {quantized[i]} → {dequantized:G6}, float {real[i]:G6} (scale {layer.OutputScale:G6})");
        }
    }

    private static void AssertConv(QuantizedConv2D expected, QuantizedConv2D actual)
    {
        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(expected.Bias, actual.Bias);
        Assert.Equal(expected.OutputMultiplier, actual.OutputMultiplier);
        Assert.Equal(expected.OutputShift, actual.OutputShift);
        Assert.Equal((expected.InputZeroPoint, expected.OutputZeroPoint, expected.ActivationMin, expected.ActivationMax),
            (actual.InputZeroPoint, actual.OutputZeroPoint, actual.ActivationMin, actual.ActivationMax));
    }

    private static void AssertFc(QuantizedFullyConnected expected, QuantizedFullyConnected actual)
    {
        Assert.Equal(expected.Weights, actual.Weights);
        Assert.Equal(expected.Bias, actual.Bias);
        Assert.Equal(expected.OutputMultiplier, actual.OutputMultiplier);
        Assert.Equal(expected.OutputShift, actual.OutputShift);
        Assert.Equal((expected.InputZeroPoint, expected.OutputZeroPoint, expected.ActivationMin, expected.ActivationMax),
            (actual.InputZeroPoint, actual.OutputZeroPoint, actual.ActivationMin, actual.ActivationMax));
    }
}
