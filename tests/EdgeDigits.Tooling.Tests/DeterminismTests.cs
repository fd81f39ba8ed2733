using EdgeDigits.Tooling.Calibration;
using EdgeDigits.Tooling.Emit;
using EdgeDigits.Tooling.Graph;
using EdgeDigits.Tooling.Onnx;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Calibration runs in parallel; quantizing twice must still give byte-identical C#.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData(CalibrationMethod.MinMax)]
    [InlineData(CalibrationMethod.Percentile)]
    [InlineData(CalibrationMethod.Mse)]
    public void QuantizingTwiceGivesByteIdenticalSource(CalibrationMethod method)
    {
        string first = Quantize(method);
        string second = Quantize(method);

        Assert.Equal(first, second);
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(), first[..600]);
    }

    [Fact]
    public void CalibrationSelectionIsEvenlySpacedOverTheFirst50000()
    {
        Assert.Equal(new[] { 0, 12_500, 25_000, 37_500 }, Calibrator.SelectImages(4));
        Assert.Equal(49_950, Calibrator.SelectImages(1000)[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Calibrator.SelectImages(50_001));
    }

    [Fact]
    public void PercentileAndMseNeverWidenTheObservedRange()
    {
        SequentialFloatModel model = SequentialStructure.Recognize(OnnxGraphImporter.Load(TestData.ModelPath));
        Calibrator calibrator = Calibrator.Run(model, TestData.Train, 200);
        foreach (CalibrationMethod method in Enum.GetValues<CalibrationMethod>())
        {
            foreach (ActivationRange r in calibrator.Select(method).Ranges)
            {
                Assert.InRange(r.Min, r.ObservedMin, 0f);
                Assert.InRange(r.Max, 0f, r.ObservedMax);
                if (r.Name == "logits" || method == CalibrationMethod.MinMax)
                {
                    Assert.Equal((r.ObservedMin, r.ObservedMax), (r.Min, r.Max));
                }
            }
        }
    }

    private static string Quantize(CalibrationMethod method)
    {
        SequentialFloatModel model = SequentialStructure.Recognize(OnnxGraphImporter.Load(TestData.ModelPath));
        Calibrator calibrator = Calibrator.Run(model, TestData.Train, 300);
        QuantizedNetwork quantized = NetworkQuantizer.Quantize(model, calibrator.Select(method));
        var info = new ModelEmitInfo("lenet5.onnx", new string('0', 64), Names.Of(method), 300, 9941, 9940);
        return string.Concat(ModelSourceWriter.Write(quantized, info).Select(s => s.Text)) + GoldenSourceWriter.Write(quantized.Parameters, TestData.Test, 3, info.SourceSha256).Text;
    }
}
