namespace EdgeDigits.Runtime
{
    /// <summary>
    /// Integer softmax over int8 logits through a generated exp table, and ranking of the classes; no
    /// floating point and no System.Math, so host and device produce identical confidences.
    /// </summary>
    public static class Softmax
    {
        /// <summary>Confidences are expressed in permille: 1000 = certain.</summary>
        public const int Scale = 1000;

        /// <summary>
        /// Computes <c>confidence[i] = round(1000 · T[m − l_i] / Σ_j T[m − l_j])</c>, with m the largest logit and
        /// <c>T[d] = round(2^16 · exp(−s·d))</c> (<see cref="Int8Network.SoftmaxTable"/>); this is
        /// <c>softmax(s·l)</c> up to the table's rounding. Each confidence is rounded on its own, so the ten may
        /// not sum to exactly 1000.
        /// </summary>
        /// <param name="logits">[N] int8 logits.</param>
        /// <param name="table">[256] exp table, entry 0 = 65536.</param>
        /// <param name="confidencePermille">[N] output, each in 0..1000.</param>
        public static void Compute(sbyte[] logits, int[] table, int[] confidencePermille)
        {
            int n = logits.Length;
            int max = -128;
            for (int i = 0; i < n; i++)
            {
                if (logits[i] > max)
                {
                    max = logits[i];
                }
            }

            // Σ ≤ N · 2^16 and 1000 · 2^16 < 2^27: no overflow for N ≤ 32,000.
            int sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += table[max - logits[i]];
            }

            for (int i = 0; i < n; i++)
            {
                confidencePermille[i] = (table[max - logits[i]] * Scale + sum / 2) / sum;
            }
        }

        /// <summary>
        /// Writes the indices of the <c>ranking.Length</c> highest scores into <paramref name="ranking"/>, best first;
        /// ties go to the lower index.
        /// </summary>
        /// <remarks>
        /// One pass of insertion into the k-long list (k = 3 on the device): a score that does not beat the current k-th costs one
        /// comparison, so ranking 10 classes takes about 150 IL instructions instead of the ≈ 700 of k selection passes.
        /// The comparison is strict, so of equal scores the one seen first (the lower index) stays ahead.
        /// </remarks>
        /// <param name="scores">[N] scores (logits or confidences).</param>
        /// <param name="ranking">[k] output, 1 ≤ k ≤ N.</param>
        public static void Rank(int[] scores, int[] ranking)
        {
            int n = scores.Length;
            int k = ranking.Length;
            int filled = 0;
            for (int i = 0; i < n; i++)
            {
                int score = scores[i];
                int p;
                if (filled < k)
                {
                    p = filled;
                    filled++;
                }
                else if (score > scores[ranking[k - 1]])
                {
                    p = k - 1;
                }
                else
                {
                    continue;
                }

                while (p > 0 && score > scores[ranking[p - 1]])
                {
                    ranking[p] = ranking[p - 1];
                    p--;
                }

                ranking[p] = i;
            }
        }
    }
}
