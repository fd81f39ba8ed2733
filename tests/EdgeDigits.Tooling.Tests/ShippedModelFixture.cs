using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>One run of the full quantize pipeline on models/lenet5.onnx with the defaults, shared by the tests that need it.</summary>
public sealed class ShippedModelFixture
{
    private readonly Lazy<QuantizeOutcome> _outcome = new(() =>
        QuantizePipeline.Run(new QuantizeRequest(TestData.ModelPath, TestData.MnistDirectory)));

    public QuantizeOutcome Outcome => _outcome.Value;
}

[CollectionDefinition(Name)]
public sealed class ShippedModelCollection : ICollectionFixture<ShippedModelFixture>
{
    public const string Name = "shipped model";
}
