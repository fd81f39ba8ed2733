using System.Numerics;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests;

/// <summary>The quantization arithmetic against exact integer/rational arithmetic and hand-computed values.</summary>
public sealed class QuantizationMathTests
{
    /// <summary>Exact TFLite QuantizeMultiplier: M = m·2^e as a dyadic rational, rounding done on BigIntegers.</summary>
    private static (int Multiplier, int Shift) ExactQuantizeMultiplier(double m)
    {
        if (m == 0)
        {
            return (0, 0);
        }

        long bits = BitConverter.DoubleToInt64Bits(m);
        int biased = (int)((bits >> 52) & 0x7FF);
        BigInteger mantissa = bits & ((1L << 52) - 1);
        int exponent;
        if (biased == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa += BigInteger.One << 52;
            exponent = biased - 1075;
        }

        // shift s with 2^(s-1) <= M < 2^s
        int s = (int)mantissa.GetBitLength() + exponent;
        int k = exponent + 31 - s; // M·2^(31−s) = mantissa·2^k
        BigInteger q;
        if (k >= 0)
        {
            q = mantissa << k;
        }
        else
        {
            BigInteger divisor = BigInteger.One << -k;
            q = BigInteger.DivRem(mantissa, divisor, out BigInteger remainder);
            if (remainder * 2 >= divisor)
            {
                q += 1; // half away from zero (M > 0)
            }
        }

        if (q == BigInteger.One << 31)
        {
            q >>= 1;
            s++;
        }

        return s < -31 ? (0, 0) : ((int)q, s);
    }

    public static IEnumerable<object[]> EdgeCases() => new[]
    {
        new object[] { 1.0 }, new object[] { 0.5 }, new object[] { 0.75 }, new object[] { 0.0 },
        new object[] { 1 - Math.Pow(2, -53) },          // mantissa rounds up to 2^31: becomes 2^30, shift + 1
        new object[] { 0.5 - Math.Pow(2, -40) },        // rounds up across the power of two
        new object[] { Math.Pow(2, -32) },              // smallest representable: shift −31
        new object[] { Math.Pow(2, -32) * (1 - Math.Pow(2, -45)) }, // rounds up to 2^-32 exactly
        new object[] { Math.Pow(2, -33) },              // underflows to (0, 0)
        new object[] { 0.0078431372549019607 }, new object[] { 1.5 }, new object[] { 1000.25 },
        new object[] { (double)((1L << 31) - 1) / (1L << 31) },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void QuantizeMultiplierEdgeCasesMatchExactArithmetic(double m)
    {
        Assert.Equal(ExactQuantizeMultiplier(m), QuantizationMath.QuantizeMultiplier(m));
    }

    [Fact]
    public void MantissaRoundingUpToTwoPow31IsRenormalized()
    {
        Assert.Equal((1 << 30, 1), QuantizationMath.QuantizeMultiplier(1 - Math.Pow(2, -53)));
        Assert.Equal((1 << 30, -31), QuantizationMath.QuantizeMultiplier(Math.Pow(2, -32)));
        Assert.Equal((0, 0), QuantizationMath.QuantizeMultiplier(Math.Pow(2, -33)));
    }

    [Fact]
    public void QuantizeMultiplierMatchesExactArithmeticOnRandomValues()
    {
        var random = new Random(1234);
        for (int i = 0; i < 20_000; i++)
        {
            double m = Math.Pow(2, random.NextDouble() * 60 - 40) * (1 + random.NextDouble());
            (int multiplier, int shift) = QuantizationMath.QuantizeMultiplier(m);
            Assert.Equal(ExactQuantizeMultiplier(m), (multiplier, shift));
            if (multiplier != 0)
            {
                Assert.InRange(multiplier, 1 << 30, int.MaxValue);
                // |multiplier·2^(shift−31) − M| ≤ 2^(shift−32): half a unit of the Q0.31 mantissa.
                Assert.InRange(Math.Abs(Math.ScaleB(multiplier, shift - 31) - m), 0, Math.ScaleB(1.0, shift - 32));
            }
        }
    }

    [Fact]
    public void RuntimeRequantizationWithQuantizedMultiplierRoundsTheRealProduct()
    {
        var random = new Random(99);
        for (int i = 0; i < 5_000; i++)
        {
            double m = Math.Pow(2, -random.NextDouble() * 14) * 0.99;
            int x = random.Next(-2_000_000, 2_000_000);
            (int multiplier, int shift) = QuantizationMath.QuantizeMultiplier(m);
            int y = FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift);
            Assert.InRange(Math.Abs(y - x * m), 0, 1.0);
        }
    }

    [Fact]
    public void QuantizeMultiplierRejectsNegativeAndHugeValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizationMath.QuantizeMultiplier(-0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizationMath.QuantizeMultiplier(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizationMath.QuantizeMultiplier(Math.Pow(2, 31)));
    }

    [Theory]
    [InlineData(0.0, 2.55, 0.01, -128)]          // ReLU output: zero point −128 exactly
    [InlineData(0.5, 2.04, 0.008, -128)]         // range nudged to include 0
    [InlineData(-1.0, 1.0, 2.0 / 255, -1)]       // −128 + 127.5 = −0.5 rounds away from zero
    [InlineData(-3.0, -1.0, 3.0 / 255, 127)]     // all-negative range: max nudged to 0
    [InlineData(-0.51, 2.04, 0.01, -77)]         // −128 + 51 = −77
    public void ActivationParametersFollowTheTfliteNudge(double min, double max, double scale, int zeroPoint)
    {
        (double s, int z) = QuantizationMath.ActivationParameters(min, max);

        Assert.Equal(scale, s, 12);
        Assert.Equal(zeroPoint, z);
    }

    [Fact]
    public void KnownTinyTensorQuantizesPerChannel()
    {
        float[] weights =
        {
            0.5f, -1.0f, 0.25f,   // scale 1/127: 63.5 → 64, −127, 31.75 → 32
            0f, 0f, 0f,           // all-zero channel: scale 1, zeros
            2.0f, -0.01f, 1.0f,   // scale 2/127: 127, −0.635 → −1, 63.5 → 64
        };

        (sbyte[] q, double[] scales) = QuantizationMath.QuantizeWeightsPerChannel(weights, 3);

        Assert.Equal(new sbyte[] { 64, -127, 32, 0, 0, 0, 127, -1, 64 }, q);
        Assert.Equal(1.0 / 127, scales[0], 15);
        Assert.Equal(1.0, scales[1]);
        Assert.Equal(2.0 / 127, scales[2], 15);
    }

    [Fact]
    public void BiasFoldsTheInputZeroPoint()
    {
        // round(0.1 / (0.5·0.01)) = 20; −Z_in·Σq = 128·(1 + 2 + 3) = 768; channel 2: round(−0.0125/0.005) = −2.5 → −3, −(−128)·(−6) = −768
        int[] bias = QuantizationMath.QuantizeBias(new[] { 0.1f, -0.0125f }, 0.5, -128, new sbyte[] { 1, 2, 3, -1, -2, -3 }, new[] { 0.01, 0.01 });

        Assert.Equal(new[] { 788, -771 }, bias);
    }

    [Fact]
    public void SoftmaxTableIsTheScaledExponential()
    {
        int[] table = QuantizationMath.SoftmaxTable(0.25);

        Assert.Equal(256, table.Length);
        Assert.Equal(65536, table[0]);
        Assert.Equal(51039, table[1]);   // 65536·e^−0.25 = 51039.4
        Assert.Equal(24109, table[4]);   // 65536·e^−1 = 24109.4
        Assert.Equal(0, table[255]);
    }
}
