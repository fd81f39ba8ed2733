using EdgeDigits.Tooling.PenDigits;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// One run of the full quantize pipeline on models/lenet5.onnx with the defaults of <c>edgedigits quantize</c>
/// (confidences calibrated on the real pen digits), and the measurement on the validation writers, shared by the
/// tests that need them.
/// </summary>
public sealed class ShippedModelFixture
{
    private readonly Lazy<QuantizeOutcome> _outcome = new(() =>
        QuantizePipeline.Run(new QuantizeRequest(TestData.ModelPath, TestData.MnistDirectory, PenDigitsFile: PenDigits.PenDigitsData.Path)));

    private readonly Lazy<PenValidationReport> _pen;

    public ShippedModelFixture()
    {
        _pen = new(() => PenValidation.Measure(PenDigits.PenDigitsData.Samples, Outcome.FloatModel, Outcome.Model.Parameters));
    }

    public QuantizeOutcome Outcome => _outcome.Value;

    public PenValidationReport Pen => _pen.Value;
}

[CollectionDefinition(Name)]
public sealed class ShippedModelCollection : ICollectionFixture<ShippedModelFixture>
{
    public const string Name = "shipped model";
}
