using EdgeDigits.Runtime;

namespace EdgeDigits.Tooling.Quantization;

/// <summary>
/// Temperature scaling of the confidences (Guo, Pleiss, Sun, Weinberger, "On Calibration of Modern Neural
/// Networks", ICML 2017, §4.2): one scalar T > 0 divides the logits before the softmax, fitted by minimizing the
/// negative log-likelihood of held-out labels. The ranking of the classes, hence the accuracy, is unchanged; only
/// how sure the answer claims to be changes. On the device T is folded into the softmax exp table
/// (<see cref="QuantizationMath.SoftmaxTable"/> with scale S_logits / T), so it costs nothing at run time.
/// </summary>
public static class TemperatureScaling
{
    /// <summary>Smallest temperature searched.</summary>
    public const double MinTemperature = 0.05;

    /// <summary>Largest temperature searched.</summary>
    public const double MaxTemperature = 20;

    /// <summary>
    /// The temperature minimizing the mean negative log-likelihood of <c>softmax(S · l / T)</c>, found by
    /// golden-section search on log T over [<see cref="MinTemperature"/>, <see cref="MaxTemperature"/>] (the NLL is
    /// convex in 1/T, so unimodal in log T), to a relative precision of 10⁻⁶.
    /// </summary>
    /// <param name="logits">[n][classes] int8 logits as the runtime computes them.</param>
    /// <param name="labels">[n] true classes.</param>
    /// <param name="logitScale">S_logits, the scale of the int8 logits.</param>
    /// <returns>T.</returns>
    /// <exception cref="ArgumentException">No samples, or the counts differ.</exception>
    public static double Fit(IReadOnlyList<sbyte[]> logits, IReadOnlyList<int> labels, double logitScale)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Count == 0 || logits.Count != labels.Count)
        {
            throw new ArgumentException($"temperature scaling needs labelled logits: {logits.Count} logit rows, {labels.Count} labels.");
        }

        double a = Math.Log(MinTemperature), b = Math.Log(MaxTemperature);
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a), d = a + ratio * (b - a);
        double fc = NegativeLogLikelihood(logits, labels, logitScale, Math.Exp(c));
        double fd = NegativeLogLikelihood(logits, labels, logitScale, Math.Exp(d));
        while (b - a > 1e-6)
        {
            if (fc <= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = NegativeLogLikelihood(logits, labels, logitScale, Math.Exp(c));
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = NegativeLogLikelihood(logits, labels, logitScale, Math.Exp(d));
            }
        }

        return Math.Exp((a + b) / 2);
    }

    /// <summary>Mean negative log-likelihood, nats, of the labels under <c>softmax(S · l / T)</c> (log-sum-exp, in doubles).</summary>
    /// <param name="logits">[n][classes] int8 logits.</param>
    /// <param name="labels">[n] true classes.</param>
    /// <param name="logitScale">S_logits.</param>
    /// <param name="temperature">T &gt; 0.</param>
    /// <returns>The mean NLL.</returns>
    public static double NegativeLogLikelihood(IReadOnlyList<sbyte[]> logits, IReadOnlyList<int> labels, double logitScale, double temperature)
    {
        double k = logitScale / temperature, total = 0;
        for (int i = 0; i < logits.Count; i++)
        {
            sbyte[] l = logits[i];
            int max = l.Max();
            double sum = 0;
            foreach (sbyte v in l)
            {
                sum += Math.Exp(k * (v - max));
            }

            total += Math.Log(sum) - k * (l[labels[i]] - max);
        }

        return total / logits.Count;
    }

    /// <summary>
    /// Expected calibration error (Naeini, Cooper, Hauskrecht, AAAI 2015; as in Guo et al. 2017, §2): answers are
    /// binned by their confidence into <paramref name="bins"/> equal-width bins; ECE = Σ_bins (n_bin / n) · |accuracy −
    /// mean confidence| of the bin.
    /// </summary>
    /// <param name="confidencePermille">[n] the top class's confidence, permille (as the device reports it).</param>
    /// <param name="correct">[n] whether the top class was right.</param>
    /// <param name="bins">Number of bins (Guo et al. use 15).</param>
    /// <returns>ECE in 0..1.</returns>
    public static double ExpectedCalibrationError(IReadOnlyList<int> confidencePermille, IReadOnlyList<bool> correct, int bins = 15)
    {
        var count = new int[bins];
        var hits = new int[bins];
        var sum = new double[bins];
        for (int i = 0; i < confidencePermille.Count; i++)
        {
            double p = confidencePermille[i] / (double)Softmax.Scale;
            int b = Math.Min(bins - 1, (int)(p * bins));
            count[b]++;
            sum[b] += p;
            hits[b] += correct[i] ? 1 : 0;
        }

        double ece = 0;
        for (int b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += count[b] / (double)confidencePermille.Count * Math.Abs(hits[b] / (double)count[b] - sum[b] / count[b]);
            }
        }

        return ece;
    }
}
