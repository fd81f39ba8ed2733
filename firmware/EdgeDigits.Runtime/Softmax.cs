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
        /// <param name="scores">[N] scores (logits or confidences).</param>
        /// <param name="ranking">[k] output, k ≤ N.</param>
        public static void Rank(int[] scores, int[] ranking)
        {
            int n = scores.Length;
            for (int r = 0; r < ranking.Length; r++)
            {
                int best = -1;
                for (int i = 0; i < n; i++)
                {
                    bool taken = false;
                    for (int q = 0; q < r; q++)
                    {
                        if (ranking[q] == i)
                        {
                            taken = true;
                            break;
                        }
                    }

                    if (!taken && (best < 0 || scores[i] > scores[best]))
                    {
                        best = i;
                    }
                }

                ranking[r] = best;
            }
        }
    }
}
