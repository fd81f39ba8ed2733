namespace EdgeDigits.Tooling.Recognition;

/// <summary>
/// Accuracy over labelled samples, two ways: whole-string exact match, and per digit. The per-digit rate counts,
/// for each sample, the label's length minus the edit (Levenshtein) distance between recognized and expected
/// strings (at least 0), over the total label length — one minus the digit error rate, so a missed or extra digit
/// costs one digit instead of misaligning the rest of the string.
/// </summary>
public sealed class AccuracyTally
{
    /// <summary>Labelled samples counted.</summary>
    public int Samples { get; private set; }

    /// <summary>Samples whose recognized string equals the label.</summary>
    public int ExactMatches { get; private set; }

    /// <summary>Total number of label digits.</summary>
    public int Digits { get; private set; }

    /// <summary>Label digits recognized correctly (see the class remarks).</summary>
    public int CorrectDigits { get; private set; }

    /// <summary>Whole-string exact-match rate, 0..1 (0 when nothing was counted).</summary>
    public double ExactMatchRate => Samples == 0 ? 0 : (double)ExactMatches / Samples;

    /// <summary>Per-digit rate, 0..1.</summary>
    public double DigitRate => Digits == 0 ? 0 : (double)CorrectDigits / Digits;

    /// <summary>Counts one sample.</summary>
    public void Add(string recognized, string label)
    {
        Samples++;
        if (recognized == label)
        {
            ExactMatches++;
        }

        Digits += label.Length;
        CorrectDigits += Math.Max(0, label.Length - EditDistance(recognized, label));
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions each cost 1).</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
