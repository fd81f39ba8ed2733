namespace EdgeDigits.Ink.Tests;

/// <summary>Standard normal draws for test images (Box–Muller: Box and Muller, Ann. Math. Statist. 29(2), 1958).</summary>
internal static class GaussianNoise
{
    /// <summary>One draw from N(0, 1) using two uniform draws of <paramref name="random"/>.</summary>
    public static double Next(Random random)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
