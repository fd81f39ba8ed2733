using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Quantization;

namespace EdgeDigits.Tooling.Tests.Training;

public class TemperatureScalingTests
{
    private const double Scale = 0.125;

    /// <summary>Logits l and labels drawn from softmax(S · l / trueT): the NLL-optimal temperature is trueT in the limit.</summary>
    private static (List<sbyte[]> Logits, List<int> Labels) Sample(double trueT, int n, int seed)
    {
        var random = new Random(seed);
        var logits = new List<sbyte[]>();
        var labels = new List<int>();
        for (int i = 0; i < n; i++)
        {
            var l = new sbyte[10];
            for (int c = 0; c < 10; c++)
            {
                l[c] = (sbyte)random.Next(-128, 128);
            }

            double[] p = l.Select(v => Math.Exp(Scale * v / trueT)).ToArray();
            double u = random.NextDouble() * p.Sum(), acc = 0;
            int label = 9;
            for (int c = 0; c < 10; c++)
            {
                acc += p[c];
                if (u < acc)
                {
                    label = c;
                    break;
                }
            }

            logits.Add(l);
            labels.Add(label);
        }

        return (logits, labels);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(6.0)]
    public void Recovers_the_temperature_the_labels_were_drawn_with(double trueT)
    {
        (List<sbyte[]> logits, List<int> labels) = Sample(trueT, 20000, 7);
        double t = TemperatureScaling.Fit(logits, labels, Scale);
        Assert.InRange(t, trueT * 0.95, trueT * 1.05);
    }

    [Fact]
    public void The_fit_is_the_minimum_of_the_likelihood_on_a_fine_grid()
    {
        (List<sbyte[]> logits, List<int> labels) = Sample(1.7, 3000, 3);
        double t = TemperatureScaling.Fit(logits, labels, Scale);
        double best = double.MaxValue, bestT = 0;
        for (double g = 0.5; g <= 4; g += 0.001)
        {
            double nll = TemperatureScaling.NegativeLogLikelihood(logits, labels, Scale, g);
            if (nll < best)
            {
                best = nll;
                bestT = g;
            }
        }

        Assert.InRange(t, bestT - 0.002, bestT + 0.002);
        Assert.True(TemperatureScaling.NegativeLogLikelihood(logits, labels, Scale, t) <= best + 1e-9);
    }

    [Fact]
    public void The_folded_exp_table_gives_the_device_the_tempered_softmax()
    {
        const double t = 2.5;
        int[] table = QuantizationMath.SoftmaxTable(Scale / t);
        var random = new Random(11);
        var confidences = new int[10];
        for (int i = 0; i < 500; i++)
        {
            var l = new sbyte[10];
            for (int c = 0; c < 10; c++)
            {
                l[c] = (sbyte)random.Next(-128, 128);
            }

            Softmax.Compute(l, table, confidences);
            double[] e = l.Select(v => Math.Exp(Scale * v / t)).ToArray();
            for (int c = 0; c < 10; c++)
            {
                Assert.InRange(confidences[c], 1000 * e[c] / e.Sum() - 1.01, 1000 * e[c] / e.Sum() + 1.01);
            }
        }
    }

    [Fact]
    public void Expected_calibration_error_matches_a_hand_computed_case()
    {
        // Bin [0.933, 1]: confidences 0.95 and 0.99, one right → |0.5 − 0.97| = 0.47, weight 2/4.
        // Bin [0.6, 0.667): 0.62, right → |1 − 0.62| = 0.38, weight 1/4. Bin [0.2, 0.267): 0.25, wrong → 0.25, weight 1/4.
        double ece = TemperatureScaling.ExpectedCalibrationError(new[] { 950, 990, 620, 250 }, new[] { true, false, true, false });
        Assert.Equal(0.5 * 0.47 + 0.25 * 0.38 + 0.25 * 0.25, ece, 9);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_a_message()
    {
        Assert.Contains("needs labelled logits", Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit(new List<sbyte[]>(), new List<int>(), Scale)).Message);
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit(new List<sbyte[]> { new sbyte[10] }, new List<int>(), Scale));
    }
}
