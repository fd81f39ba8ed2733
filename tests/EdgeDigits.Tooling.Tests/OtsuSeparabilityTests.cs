using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Otsu's separability η = σ_B²/σ_T² (Otsu 1979, eq. 12) against closed forms.</summary>
public class OtsuSeparabilityTests
{
    [Fact]
    public void Two_levels_separate_completely()
    {
        byte[] pixels = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? (byte)40 : (byte)220).ToArray();
        Assert.Equal(1.0, InkMap.Separability(new GrayImage(30, 10, pixels)), 12);
    }

    [Fact]
    public void Every_level_once_separates_as_a_uniform_distribution_split_in_half()
    {
        // Levels 0..n−1 once each, n = 256, split at the middle: σ_B² = ¼ (n/2)², σ_T² = (n² − 1)/12, η = 3n² / (4(n² − 1)).
        byte[] pixels = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        const double n = 256;
        Assert.Equal(3 * n * n / (4 * (n * n - 1)), InkMap.Separability(new GrayImage(16, 16, pixels)), 12);
    }

    [Fact]
    public void One_level_does_not_separate()
    {
        Assert.Equal(0.0, InkMap.Separability(new GrayImage(5, 5, Enumerable.Repeat((byte)90, 25).ToArray())));
    }
}
