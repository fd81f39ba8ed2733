using System.Numerics;
using EdgeDigits.Runtime;

namespace EdgeDigits.Runtime.Tests;

/// <summary>
/// The requantization primitives against exact rational arithmetic (BigInteger). gemmlowp's high multiply is the
/// exact quotient rounded to nearest with ties toward +∞; its power-of-two division rounds ties away from zero.
/// </summary>
public class FixedPointTests
{
    private static BigInteger RoundHalfAwayFromZero(BigInteger numerator, BigInteger denominator)
    {
        BigInteger magnitude = (BigInteger.Abs(numerator) * 2 + denominator) / (denominator * 2);
        return numerator.Sign < 0 ? -magnitude : magnitude;
    }

    private static BigInteger FloorDiv(BigInteger n, BigInteger d) => BigInteger.DivRem(n, d, out var r) - (r.Sign < 0 ? 1 : 0);

    private static BigInteger RoundHalfUp(BigInteger numerator, BigInteger denominator) =>
        FloorDiv(numerator * 2 + denominator, denominator * 2);

    private static int ExactHighMul(int a, int b)
    {
        BigInteger r = RoundHalfUp((BigInteger)a * b, BigInteger.One << 31);
        return r > int.MaxValue ? int.MaxValue : (int)r;
    }

    private static int ExactDivideByPot(int x, int exponent) => (int)RoundHalfAwayFromZero(x, BigInteger.One << exponent);

    private static readonly int[] Edge =
    {
        0, 1, -1, 2, -2, 3, -3, 1 << 15, -(1 << 15), (1 << 30) - 1, 1 << 30, -(1 << 30), (1 << 30) + 1,
        int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 123456789, -123456789, 0x55555555, -0x55555555,
    };

    [Fact]
    public void HighMulMatchesExactRoundingOnEdgeCases()
    {
        foreach (int a in Edge)
        {
            foreach (int b in Edge)
            {
                Assert.Equal(ExactHighMul(a, b), FixedPoint.SaturatingRoundingDoublingHighMul(a, b));
            }
        }
    }

    [Fact]
    public void HighMulSaturatesOnlyForMinValueSquared()
    {
        Assert.Equal(int.MaxValue, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MinValue));
        // (2^31 − 1)^2 / 2^31 = 2^31 − 2 + 2^−31: the largest product below saturation rounds to 2^31 − 2.
        Assert.Equal(int.MaxValue - 1, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue + 1, int.MinValue + 1));
        Assert.Equal(int.MinValue + 1, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MaxValue));
    }

    [Fact]
    public void HighMulRoundsTiesTowardPositiveInfinity()
    {
        // a·b = ±2^30 is exactly half of 2^31: +0.5 → 1, −0.5 → 0.
        Assert.Equal(1, FixedPoint.SaturatingRoundingDoublingHighMul(1 << 15, 1 << 15));
        Assert.Equal(0, FixedPoint.SaturatingRoundingDoublingHighMul(-(1 << 15), 1 << 15));
        // a·b = ±3·2^30 = ±1.5 · 2^31: +1.5 → 2, −1.5 → −1.
        Assert.Equal(2, FixedPoint.SaturatingRoundingDoublingHighMul(3 << 15, 1 << 15));
        Assert.Equal(-1, FixedPoint.SaturatingRoundingDoublingHighMul(-(3 << 15), 1 << 15));
        // Just past the tie rounds to nearest.
        Assert.Equal(-1, FixedPoint.SaturatingRoundingDoublingHighMul(-(1 << 15) - 1, 1 << 15));
    }

    [Fact]
    public void DivideByPotMatchesExactRoundingForEveryShift()
    {
        for (int exponent = 0; exponent <= 31; exponent++)
        {
            foreach (int x in Edge)
            {
                Assert.Equal(ExactDivideByPot(x, exponent), FixedPoint.RoundingDivideByPOT(x, exponent));
            }

            // Ties: ±(2k+1)·2^(e−1) lie exactly halfway and round away from zero.
            if (exponent >= 1 && exponent <= 30)
            {
                int half = 1 << (exponent - 1);
                Assert.Equal(1, FixedPoint.RoundingDivideByPOT(half, exponent));
                Assert.Equal(-1, FixedPoint.RoundingDivideByPOT(-half, exponent));
                Assert.Equal(0, FixedPoint.RoundingDivideByPOT(half - 1, exponent));
                Assert.Equal(0, FixedPoint.RoundingDivideByPOT(-half + 1, exponent));
            }
        }
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierMatchesExactDoubleRoundingOnRandomInputs()
    {
        var random = new Random(1234);
        for (int n = 0; n < 200_000; n++)
        {
            int multiplier = (1 << 30) + random.Next(1 << 30);
            int shift = random.Next(-31, 2);
            int x = shift > 0 ? random.Next(-(1 << 29), 1 << 29) : random.Next(int.MinValue, int.MaxValue);
            int left = Math.Max(shift, 0);
            int expected = ExactDivideByPot(ExactHighMul(x << left, multiplier), Math.Max(-shift, 0));
            Assert.Equal(expected, FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift));
        }
    }
}
