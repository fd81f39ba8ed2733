using System.Globalization;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// The accuracy check <c>edgedigits quantize</c> applies to the figures it just measured on the 10,000 MNIST test
/// images: the float model must reach a sanity floor (a lower figure means a wrong or untrained model, or wrong
/// data), and int8 may lose at most a given number of percentage points against float.
/// </summary>
/// <param name="MaxDropPoints">Largest accepted int8 accuracy loss against float, percentage points.</param>
/// <param name="MinFloatPercent">Lowest accepted float accuracy, percent.</param>
public sealed record AccuracyGate(double MaxDropPoints = AccuracyGate.DefaultMaxDropPoints, double MinFloatPercent = AccuracyGate.DefaultMinFloatPercent)
{
    /// <summary>Default <see cref="MaxDropPoints"/>: 1 percentage point.</summary>
    public const double DefaultMaxDropPoints = 1.0;

    /// <summary>Default <see cref="MinFloatPercent"/>: 50 %.</summary>
    public const double DefaultMinFloatPercent = 50.0;

    /// <summary>Checks measured accuracies.</summary>
    /// <param name="floatBasisPoints">Float accuracy in basis points (9948 = 99.48 %).</param>
    /// <param name="int8BasisPoints">Int8 accuracy in basis points.</param>
    /// <returns>Null when both hold, else why the check failed, with the figures.</returns>
    public string? Check(int floatBasisPoints, int int8BasisPoints)
    {
        double f = floatBasisPoints / 100.0, q = int8BasisPoints / 100.0;
        if (f < MinFloatPercent)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"float accuracy {f:0.00} % is below the sanity floor of {MinFloatPercent:0.##} % (wrong model or data?); int8 {q:0.00} %");
        }

        double drop = f - q;
        if (drop > MaxDropPoints + 1e-9)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"int8 accuracy {q:0.00} % is {drop:0.00} percentage points below float {f:0.00} %, more than --max-drop {MaxDropPoints:0.##}");
        }

        return null;
    }
}
