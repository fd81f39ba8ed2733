namespace EdgeDigits.Tooling.Calibration;

/// <summary>How an activation tensor's quantization range is chosen from the values seen during calibration.</summary>
public enum CalibrationMethod
{
    /// <summary>The observed minimum and maximum: nothing is clipped, resolution suffers from outliers.</summary>
    MinMax,

    /// <summary>The 99.99th percentile of the observed values (and the 0.01th for signed tensors): rare outliers are clipped.</summary>
    Percentile,

    /// <summary>The range that minimizes the expected squared quantization error (clipping + rounding) over the observed histogram.</summary>
    Mse,
}
