namespace EdgeDigits.Tooling.Graph;

/// <summary>Small helpers for static tensor shapes.</summary>
public static class Shapes
{
    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    /// <param name="shape">Dimensions.</param>
    /// <returns>Element count.</returns>
    public static int ElementCount(int[] shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        return checked((int)n);
    }

    /// <summary>Formats a shape as "[1,6,24,24]".</summary>
    /// <param name="shape">Dimensions.</param>
    /// <returns>The bracketed list.</returns>
    public static string Format(int[] shape) => "[" + string.Join(",", shape) + "]";
}
