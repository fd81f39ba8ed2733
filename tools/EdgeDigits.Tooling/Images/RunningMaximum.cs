namespace EdgeDigits.Tooling.Images;

/// <summary>
/// The maximum over a sliding window of a row or column of an image in O(1) per pixel, whatever the window's length
/// (M. van Herk, "A fast algorithm for local minimum and maximum filters on rectangular and octagonal kernels",
/// Pattern Recognition Letters 13(7), 1992; J. Gil and M. Werman, IEEE Trans. PAMI 15(5), 1993).
/// </summary>
internal static class RunningMaximum
{
    /// <summary>
    /// result[i] = max of line[i − half .. i + half] (clipped to the line), where line[i] = image[offset + i·stride]:
    /// blocks of 2·half + 1 with a prefix maximum from the left and a suffix maximum from the right (scratch arrays of
    /// at least <paramref name="length"/>); a window spans at most two blocks.
    /// </summary>
    /// <param name="image">The pixels.</param>
    /// <param name="offset">Index of the line's first pixel.</param>
    /// <param name="stride">Distance between neighbouring pixels of the line: 1 for a row, the image's width for a column.</param>
    /// <param name="length">Pixels in the line.</param>
    /// <param name="half">Half the window: the window is 2·half + 1 pixels.</param>
    /// <param name="prefix">Scratch, at least <paramref name="length"/>.</param>
    /// <param name="suffix">Scratch, at least <paramref name="length"/>.</param>
    /// <param name="result">The maxima, result[0 .. length − 1].</param>
    public static void Apply(double[] image, int offset, int stride, int length, int half, double[] prefix, double[] suffix, double[] result)
    {
        int size = 2 * half + 1;
        for (int start = 0; start < length; start += size)
        {
            int end = Math.Min(start + size, length);
            prefix[start] = image[offset + start * stride];
            for (int i = start + 1; i < end; i++)
            {
                prefix[i] = Math.Max(prefix[i - 1], image[offset + i * stride]);
            }

            suffix[end - 1] = image[offset + (end - 1) * stride];
            for (int i = end - 2; i >= start; i--)
            {
                suffix[i] = Math.Max(suffix[i + 1], image[offset + i * stride]);
            }
        }

        for (int x = 0; x < length; x++)
        {
            int a = Math.Max(0, x - half), b = Math.Min(length - 1, x + half);

            // In one block the window starts it (a whole block, or clipped at the line's start) or ends the line.
            result[x] = a / size != b / size ? Math.Max(suffix[a], prefix[b]) : a % size == 0 ? prefix[b] : suffix[a];
        }
    }
}
