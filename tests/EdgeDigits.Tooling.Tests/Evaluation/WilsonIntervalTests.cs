using EdgeDigits.Tooling.Evaluation;

namespace EdgeDigits.Tooling.Tests.Evaluation;

/// <summary>The Wilson score interval against the worked examples of Newcombe (1998), method 3 (Wilson score, no continuity correction).</summary>
public class WilsonIntervalTests
{
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Matches_the_published_examples(int successes, int trials, double low, double high)
    {
        (double l, double h) = WilsonInterval.Of(successes, trials);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void All_successes_mirror_no_successes_and_the_bounds_stay_inside_0_and_1()
    {
        (double l0, double h0) = WilsonInterval.Of(0, 20);
        (double l1, double h1) = WilsonInterval.Of(20, 20);
        Assert.Equal(0, l0);
        Assert.Equal(1, h1);
        Assert.Equal(1 - h0, l1, 12);
        for (int x = 0; x <= 50; x++)
        {
            (double l, double h) = WilsonInterval.Of(x, 50);
            Assert.InRange(l, 0, x / 50.0);
            Assert.InRange(h, x / 50.0, 1);
        }
    }

    [Fact]
    public void Formats_percent_with_one_decimal()
    {
        Assert.Equal("98.0–99.3 %", WilsonInterval.Format95(1099, 1112));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    public void Rejects_counts_that_are_not_a_proportion(int successes, int trials)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(successes, trials));
    }
}
