using System;

namespace EdgeDigits.Runtime.Kernels
{
    /// <summary>
    /// Three int8 weights of three output channels packed into one int64, so that one 64-bit multiply-add performs
    /// three MACs: <c>(w_a + w_b·2^21 + w_c·2^42) · v = w_a·v + (w_b·v)·2^21 + (w_c·v)·2^42</c>.
    /// </summary>
    /// <remarks>
    /// <para>A sum of packed products is <c>A + B·2^21 + C·2^42</c> modulo 2^64 (int64 arithmetic is exact modulo
    /// 2^64, whatever the order of the additions). Each lane is recovered by sign-extending 21 bits,
    /// <c>A = (acc &lt;&lt; 43) &gt;&gt; 43</c>, then <c>acc' = (acc − A) &gt;&gt; 21 = B + C·2^21</c> and so on; this is exact
    /// while every lane value lies in [−2^20, 2^20).</para>
    /// <para>A lane's true sum L = Σ w·v is not that small in general (conv2: up to 150·127·255 ≈ 4.9·10^6), but it
    /// lies in a known interval [lo, hi]: v = q − r with q an int8, so v ∈ [−128 − r, 127 − r] and each term
    /// w·v lies between w·(−128 − r) and w·(127 − r). So the lane starts at −c with the centre
    /// <c>c = lo + 2^20</c> and holds L − c ∈ [−2^20, hi − lo − 2^20], inside [−2^20, 2^20) whenever the width
    /// <c>hi − lo = Σ |w|·255 ≤ 2^21 − 1</c> (<see cref="MaxWidth"/>); c is folded into the bias once.</para>
    /// <para>When a layer's width is larger, the dot product is split into chunks of consecutive input units
    /// (a conv's input channels, a fully connected layer's inputs), each within <see cref="MaxWidth"/>; the lanes
    /// are extracted and added in int32 after every chunk. One unit always fits: 25·127·255 = 809,625 &lt; 2^21.
    /// The trained LeNet-5 needs a single chunk in every layer where this is used (docs/runtime.md).</para>
    /// <para>The packed weight needs an int64: |w_c·2^42| ≤ 127·2^42 &lt; 2^49.</para>
    /// </remarks>
    public static class TripleLanes
    {
        /// <summary>Bit distance between lanes.</summary>
        public const int LaneBits = 21;

        /// <summary>Lanes per int64.</summary>
        public const int Lanes = 3;

        /// <summary>Largest lane width hi − lo that extracts exactly: 2^21 − 1.</summary>
        public const int MaxWidth = (1 << LaneBits) - 1;

        /// <summary>Offset 2^20 between a lane's lower bound and its centre.</summary>
        public const int HalfRange = 1 << (LaneBits - 1);

        /// <summary>Packs three int8 weights: <c>a + b·2^21 + c·2^42</c>.</summary>
        /// <param name="a">Weight of lane 0, in [−127, 127].</param>
        /// <param name="b">Weight of lane 1.</param>
        /// <param name="c">Weight of lane 2 (0 for a padding channel).</param>
        /// <returns>The packed weight.</returns>
        public static long Pack(int a, int b, int c)
        {
            return a + b * (1L << LaneBits) + c * (1L << (2 * LaneBits));
        }

        /// <summary>
        /// Packs the weights of channels 3g, 3g + 1, 3g + 2 at one position, 0 for channels that do not exist.
        /// </summary>
        /// <param name="weights">Weights, [channels, length] row-major.</param>
        /// <param name="channels">Number of output channels.</param>
        /// <param name="length">Weights per output channel.</param>
        /// <param name="group">Channel group, 0 ≤ group &lt; ⌈channels / 3⌉.</param>
        /// <param name="index">Position within a channel's weights.</param>
        /// <returns>The packed weight.</returns>
        public static long PackChannelGroup(sbyte[] weights, int channels, int length, int group, int index)
        {
            int c = Lanes * group;
            return Pack(weights[c * length + index], c + 1 < channels ? weights[(c + 1) * length + index] : 0,
                c + 2 < channels ? weights[(c + 2) * length + index] : 0);
        }

        /// <summary>Lane 0 of a packed accumulator (low 21 bits, sign-extended).</summary>
        /// <param name="acc">Sum of packed products.</param>
        /// <returns>The lane value.</returns>
        public static int Lane0(long acc)
        {
            return (int)((acc << (64 - LaneBits)) >> (64 - LaneBits));
        }

        /// <summary>Lane 1 of a packed accumulator.</summary>
        /// <param name="acc">Sum of packed products.</param>
        /// <returns>The lane value.</returns>
        public static int Lane1(long acc)
        {
            return Lane0((acc - Lane0(acc)) >> LaneBits);
        }

        /// <summary>Lane 2 of a packed accumulator.</summary>
        /// <param name="acc">Sum of packed products.</param>
        /// <returns>The lane value.</returns>
        public static int Lane2(long acc)
        {
            long rest = (acc - Lane0(acc)) >> LaneBits;
            return (int)((rest - Lane0(rest)) >> LaneBits);
        }

        /// <summary>
        /// Splits the input units 0 .. units − 1 into the fewest runs of consecutive units in which every channel's
        /// lane width <c>Σ |w|·255</c> stays within <see cref="MaxWidth"/>, greedily.
        /// </summary>
        /// <param name="weights">Weights, [channels, units·unitLength] row-major.</param>
        /// <param name="channels">Output channels.</param>
        /// <param name="units">Input units (conv: input channels; fully connected: inputs).</param>
        /// <param name="unitLength">Weights per unit and channel (conv: 25; fully connected: 1).</param>
        /// <returns>[chunks] exclusive end unit of each chunk; the last is <paramref name="units"/>.</returns>
        internal static int[] Chunks(sbyte[] weights, int channels, int units, int unitLength)
        {
            // Two greedy sweeps with the same rule: the first counts the chunks, the second records their ends.
            int[] width = new int[channels];
            int count = Sweep(weights, channels, units, unitLength, width, null);
            int[] ends = new int[count];
            Sweep(weights, channels, units, unitLength, width, ends);
            return ends;
        }

        private static int Sweep(sbyte[] weights, int channels, int units, int unitLength, int[] width, int[] ends)
        {
            int length = units * unitLength;
            Array.Clear(width, 0, channels);
            int count = 0;
            for (int u = 0; u < units; u++)
            {
                bool fits = true;
                for (int c = 0; c < channels; c++)
                {
                    if (width[c] + UnitWidth(weights, c * length + u * unitLength, unitLength) > MaxWidth)
                    {
                        fits = false;
                    }
                }

                if (!fits)
                {
                    // Close the chunk before unit u (u > 0: a single unit always fits, 25·127·255 < 2^21).
                    if (ends != null)
                    {
                        ends[count] = u;
                    }

                    count++;
                    Array.Clear(width, 0, channels);
                }

                for (int c = 0; c < channels; c++)
                {
                    width[c] += UnitWidth(weights, c * length + u * unitLength, unitLength);
                }
            }

            if (ends != null)
            {
                ends[count] = units;
            }

            return count + 1;
        }

        /// <summary>
        /// Lower bound of channel <paramref name="channel"/>'s partial sum over units [first, end):
        /// <c>Σ min(w·(−128 − r_u), w·(127 − r_u))</c>.
        /// </summary>
        /// <param name="weights">Weights, [channels, units·unitLength] row-major.</param>
        /// <param name="length">Weights per channel.</param>
        /// <param name="channel">Output channel.</param>
        /// <param name="first">First unit.</param>
        /// <param name="end">Exclusive end unit.</param>
        /// <param name="unitLength">Weights per unit.</param>
        /// <param name="offsets">Offset r of each unit's input: [units], or one value for every unit.</param>
        /// <returns>The lower bound.</returns>
        internal static int LowerBound(sbyte[] weights, int length, int channel, int first, int end, int unitLength, int[] offsets)
        {
            int lo = 0;
            for (int u = first; u < end; u++)
            {
                int r = offsets[offsets.Length == 1 ? 0 : u];
                for (int k = 0; k < unitLength; k++)
                {
                    int w = weights[channel * length + u * unitLength + k];
                    int a = w * (-128 - r), b = w * (127 - r);
                    lo += a < b ? a : b;
                }
            }

            return lo;
        }

        /// <summary>
        /// Prepares the lane starts of a channel-group kernel: for chunk k and group g, the packed value
        /// <c>Σ_lane −c_lane · 2^(21·lane)</c> with <c>c = lo + 2^20</c> over that chunk; the centres of each channel,
        /// summed over the chunks, are added (wrapping, like the reference's accumulator) to <paramref name="bias"/>.
        /// </summary>
        /// <param name="weights">Weights, [channels, units·unitLength] row-major.</param>
        /// <param name="channels">Output channels.</param>
        /// <param name="units">Input units.</param>
        /// <param name="unitLength">Weights per unit.</param>
        /// <param name="offsets">Offset of each unit's input ([units], or one for all).</param>
        /// <param name="chunkEnds">Chunks from <see cref="Chunks"/>.</param>
        /// <param name="groupCount">Groups to prepare (a whole number of passes; groups past the channels are padding).</param>
        /// <param name="bias">[≥ 3·groupCount] folded bias, updated in place.</param>
        /// <returns>[chunks·groupCount] lane starts, index chunk·groupCount + g.</returns>
        internal static long[] CentredStarts(sbyte[] weights, int channels, int units, int unitLength, int[] offsets, int[] chunkEnds,
            int groupCount, int[] bias)
        {
            int length = units * unitLength;
            long[] starts = new long[chunkEnds.Length * groupCount];
            int first = 0;
            for (int k = 0; k < chunkEnds.Length; k++)
            {
                for (int g = 0; g < groupCount; g++)
                {
                    long start = 0;
                    for (int lane = 0; lane < Lanes; lane++)
                    {
                        int c = Lanes * g + lane;
                        int centre = (c < channels ? LowerBound(weights, length, c, first, chunkEnds[k], unitLength, offsets) : 0) + HalfRange;
                        start -= centre * (1L << (LaneBits * lane));
                        bias[c] += centre;
                    }

                    starts[k * groupCount + g] = start;
                }

                first = chunkEnds[k];
            }

            return starts;
        }

        private static int UnitWidth(sbyte[] weights, int start, int unitLength)
        {
            int width = 0;
            for (int k = 0; k < unitLength; k++)
            {
                int w = weights[start + k];
                width += (w < 0 ? -w : w) * 255;
            }

            return width;
        }
    }
}
