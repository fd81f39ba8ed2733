using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// Two int8 weights of two output channels packed into one integer, so that one 64-bit multiply-add
    /// performs two MACs: <c>(w_a + w_b·2^24) · v = w_a·v + (w_b·v)·2^24</c>.
    /// </summary>
    /// <remarks>
    /// A 64-bit accumulator of packed products holds <c>A + B·2^24</c> exactly, where A and B are the two
    /// channels' true sums Σ w·v. The low lane is recovered by sign-extending the low 24 bits,
    /// <c>A = (acc &lt;&lt; 40) &gt;&gt; 40</c>, the high lane by <c>B = (acc − A) &gt;&gt; 24</c>. This is exact while
    /// −2^23 ≤ A &lt; 2^23: every |w| ≤ 127 (symmetric int8 weights) and |v| ≤ 255 (v is an int8 minus an int8
    /// offset), so a dot product of at most <see cref="MaxTaps"/> = 259 terms is bounded by
    /// 259 · 127 · 255 = 8,387,715 &lt; 2^23 = 8,388,608. LeNet-5's longest dot product is fc1's 256 terms.
    /// The high lane is bounded the same way, so |B·2^24| &lt; 2^47 never overflows the int64.
    /// The packed weight itself fits an int32: |w_a + w_b·2^24| ≤ 127 + 127·2^24 &lt; 2^31.
    /// See docs/runtime.md, "Packed lanes".
    /// </remarks>
    public static class LanePacking
    {
        /// <summary>Bit distance between the two lanes.</summary>
        public const int LaneBits = 24;

        /// <summary>Longest dot product whose lanes provably stay exact (259 · 127 · 255 &lt; 2^23).</summary>
        public const int MaxTaps = 259;

        /// <summary>Packs two int8 weights: <c>low + high · 2^24</c>.</summary>
        /// <param name="low">Weight of the even channel, in [−127, 127].</param>
        /// <param name="high">Weight of the odd channel, in [−127, 127] (0 for a padding channel).</param>
        /// <returns>The packed weight.</returns>
        public static int Pack(int low, int high)
        {
            return low + high * (1 << LaneBits);
        }

        /// <summary>
        /// Packs the weights of channels 2·pair and 2·pair + 1 at one position: <c>Pack(W[2p, i], W[2p+1, i])</c>, with 0
        /// for the odd channel when it does not exist (an odd channel count).
        /// </summary>
        /// <param name="weights">Weights, layout [channels, length] row-major (OIHW flattened per output channel).</param>
        /// <param name="channels">Number of output channels.</param>
        /// <param name="length">Weights per output channel.</param>
        /// <param name="pair">Channel pair index, 0 ≤ pair &lt; ⌈channels / 2⌉.</param>
        /// <param name="index">Position within a channel's weights, 0 ≤ index &lt; length.</param>
        /// <returns>The packed weight.</returns>
        public static int PackChannelPair(sbyte[] weights, int channels, int length, int pair, int index)
        {
            int high = 2 * pair + 1 < channels ? weights[(2 * pair + 1) * length + index] : 0;
            return Pack(weights[2 * pair * length + index], high);
        }

        /// <summary>
        /// Packs every channel pair's weights into its own row, <c>rows[p][i] = PackChannelPair(weights, …, p, i)</c>,
        /// for p below ⌈channels / 2⌉; the remaining rows (padding pairs of a kernel's last pass) alias the last real
        /// row, so their sums are computed from real weights and simply never stored.
        /// </summary>
        /// <param name="weights">Weights, layout [channels, length] row-major.</param>
        /// <param name="channels">Number of output channels.</param>
        /// <param name="length">Weights per output channel.</param>
        /// <param name="rowCount">Rows to return, at least ⌈channels / 2⌉ (a whole number of passes).</param>
        /// <returns>[rowCount][length] packed weights.</returns>
        public static int[][] PackPairRows(sbyte[] weights, int channels, int length, int rowCount)
        {
            int pairs = (channels + 1) / 2;
            int[][] rows = new int[rowCount][];
            for (int p = 0; p < pairs; p++)
            {
                int[] row = new int[length];
                for (int i = 0; i < length; i++)
                {
                    row[i] = PackChannelPair(weights, channels, length, p, i);
                }

                rows[p] = row;
            }

            for (int p = pairs; p < rowCount; p++)
            {
                rows[p] = rows[pairs - 1];
            }

            return rows;
        }

        /// <summary>Recovers the low lane (even channel) of a packed accumulator.</summary>
        /// <param name="acc">Sum of packed products.</param>
        /// <returns>The even channel's sum.</returns>
        public static int Low(long acc)
        {
            return (int)((acc << 40) >> 40);
        }

        /// <summary>Recovers the high lane (odd channel) of a packed accumulator.</summary>
        /// <param name="acc">Sum of packed products.</param>
        /// <returns>The odd channel's sum.</returns>
        public static int High(long acc)
        {
            return (int)((acc - ((acc << 40) >> 40)) >> LaneBits);
        }

        /// <summary>Throws when a dot product is too long for exact lanes.</summary>
        /// <param name="taps">Terms per output.</param>
        /// <param name="layer">Layer name for the message.</param>
        /// <exception cref="NotSupportedException"><paramref name="taps"/> exceeds <see cref="MaxTaps"/>.</exception>
        internal static void CheckTaps(int taps, string layer)
        {
            if (taps > MaxTaps)
            {
                throw new NotSupportedException(layer + ": " + taps + " terms per output exceed " + MaxTaps
                    + ", the longest dot product whose packed 24-bit lanes are provably exact.");
            }
        }
    }
}
