namespace EdgeDigits.Tooling.Calibration;

/// <summary>The command-line names of the calibration methods: minmax, percentile, mse.</summary>
public static class Names
{
    /// <summary>The name of a method.</summary>
    /// <param name="method">Method.</param>
    /// <returns>"minmax", "percentile" or "mse".</returns>
    public static string Of(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => "minmax",
        CalibrationMethod.Percentile => "percentile",
        CalibrationMethod.Mse => "mse",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Parses a method name (case-insensitive).</summary>
    /// <param name="name">"minmax", "percentile" or "mse".</param>
    /// <returns>The method.</returns>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static CalibrationMethod Parse(string name) => name.ToLowerInvariant() switch
    {
        "minmax" => CalibrationMethod.MinMax,
        "percentile" => CalibrationMethod.Percentile,
        "mse" => CalibrationMethod.Mse,
        _ => throw new ArgumentException($"Unknown calibration method '{name}'; use minmax, percentile or mse.", nameof(name)),
    };
}
