namespace EdgeDigits.Tooling.Images;

/// <summary>
/// The smooth background of a photographed or scanned page, and an image with it made level. A phone photo under a
/// lamp is brighter near the light and darker at the corners (lens vignetting); one global background level then puts
/// a dark corner of paper among the ink, and the ink map finds a blob instead of a digit. The background is modelled
/// as a quadratic surface b(u, v) = c₀ + c₁u + c₂v + c₃u² + c₄uv + c₅v² over coordinates u, v ∈ (−1, 1): a linear
/// term for light falling from one side, the quadratic terms for the radial fall-off of vignetting (cos⁴ law,
/// quadratic in the distance from the optical centre for small angles) and a lamp's hot spot. Sharp shadows are not
/// modelled.
/// </summary>
/// <remarks>
/// The surface is fitted by least squares with outlier rejection (a trimmed fit in the manner of iteratively
/// reweighted least squares with 0/1 weights; Huber, "Robust Statistics", 1981). It starts from the constant model
/// fitted robustly: the pixels within <see cref="InkMap.NoiseSigmas"/> robust standard deviations (1.4826 × median
/// absolute deviation, Hampel 1974) of the median. Then: fit the quadratic to the kept pixels, keep the pixels whose
/// residual lies within <see cref="InkMap.NoiseSigmas"/> σ of the median residual, refit, until the kept set no longer
/// changes. Ink is a minority of the pixels lying to one side of the paper, so it is dropped whatever the polarity,
/// and the fit settles on the background. A first fit over all pixels instead would bend towards the ink, and with a
/// bold digit (a fifth of the image) it settled there, a bowl between ink and paper. The fit breaks down when ink
/// covers more than about a quarter of the image under strong light (measured in the tests).
/// </remarks>
public static class BackgroundSurface
{
    /// <summary>
    /// The fit samples at most this many pixels along each side (a regular grid): the surface is smooth, so a 256×256
    /// grid fixes its six coefficients as well as every pixel of a large photo would.
    /// </summary>
    public const int MaxSamplesPerSide = 256;

    /// <summary>
    /// Images smaller than this on either side are not levelled (pixels). At that size a stroke is a large part of the
    /// image and the quadratic follows the ink itself: a tight crop of an MNIST "1", 5×20 px, was fitted as a ridge
    /// along its stem and "levelled" away. MNIST-size images (28 px) and crops of them keep their pixels; a photo or
    /// scan of a digit is hundreds of pixels.
    /// </summary>
    public const int MinSide = 32;

    /// <summary>Upper bound on refits; the kept set usually stops changing within a handful.</summary>
    public const int MaxIterations = 32;

    /// <summary>
    /// The smallest noise σ assumed, in gray levels: the standard deviation of 8-bit quantization, 1/√12 (uniform
    /// rounding error over one level). A noiseless synthetic image has a median absolute deviation of 0, and a cut at
    /// 0 would reject the paper's own rounding.
    /// </summary>
    public static readonly double QuantizationSigma = 1 / Math.Sqrt(12);

    private const int Terms = 6;

    /// <summary>
    /// Returns the image with its background surface levelled: each pixel v becomes v − (b(x, y) − B), rounded and
    /// clamped to 0..255, where B is the surface's mean over the image. Additive, so ink and paper of either polarity
    /// keep their order. The levelled image is returned only when both hold: the surface explains most of the
    /// background's variation (R² &gt; ½: the kept pixels' robust residual variance σ² under half their robust variance
    /// about their median), and it varies over the image by more than the noise floor
    /// (<see cref="InkMap.NoiseSigmas"/> σ; less is even light as far as the image can tell). A fit on an image that is
    /// mostly ink (a tight crop of a "1") keeps ink and paper alike and explains little of their spread, so it fails
    /// the first test. Otherwise <paramref name="image"/> itself is returned, unchanged.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <returns>The levelled image, or <paramref name="image"/> when there is nothing to level (even light, an image
    /// under <see cref="MinSide"/> pixels on a side, a sample the quadratic cannot be fitted to, or a fit that
    /// explains little).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static GrayImage Level(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width < MinSide || image.Height < MinSide)
        {
            return image;
        }

        // Level only a fit that explains most of the background's variation (R² > ½ in robust variances): on even light
        // the surface is noise, and where ink is most of the image (a tight crop) the "background" kept is not one.
        if (Fit(image) is not (double[] c, double sigma, double backgroundSigma) || sigma * sigma > 0.5 * backgroundSigma * backgroundSigma)
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        double min = double.MaxValue, max = double.MinValue, sum = 0;
        var rowSurface = new double[w];
        for (int y = 0; y < h; y++)
        {
            Surface(c, w, h, y, rowSurface);
            for (int x = 0; x < w; x++)
            {
                min = Math.Min(min, rowSurface[x]);
                max = Math.Max(max, rowSurface[x]);
                sum += rowSurface[x];
            }
        }

        if (max - min <= InkMap.NoiseSigmas * sigma)
        {
            return image;
        }

        double mean = sum / ((double)w * h);
        var levelled = new byte[image.Pixels.Length];
        for (int y = 0; y < h; y++)
        {
            Surface(c, w, h, y, rowSurface);
            for (int x = 0; x < w; x++)
            {
                double v = image.Pixels[y * w + x] - (rowSurface[x] - mean);
                levelled[y * w + x] = (byte)Math.Clamp(Math.Round(v), 0, 255);
            }
        }

        return new GrayImage(w, h, levelled);
    }

    /// <summary>
    /// Fits the background surface (see the type's remarks).
    /// </summary>
    /// <param name="image">The image.</param>
    /// <returns>The six coefficients c₀..c₅ in gray levels, over u = (2x + 1)/w − 1 and v = (2y + 1)/h − 1 (pixel
    /// centres); the robust σ of the kept pixels' residuals; the robust σ of the same pixels' values about their median
    /// (their spread before levelling). Null for an image under 3 pixels on a side or a singular fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static (double[] Coefficients, double Sigma, double BackgroundSigma)? Fit(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        if (w < 3 || h < 3)
        {
            return null;
        }

        int stepX = (w + MaxSamplesPerSide - 1) / MaxSamplesPerSide, stepY = (h + MaxSamplesPerSide - 1) / MaxSamplesPerSide;
        int columns = (w + stepX - 1) / stepX, rows = (h + stepY - 1) / stepY, n = columns * rows;
        var basis = new double[n * Terms];
        var value = new double[n];
        for (int j = 0, i = 0; j < rows; j++)
        {
            int y = j * stepY;
            for (int k = 0; k < columns; k++, i++)
            {
                int x = k * stepX;
                Basis((2.0 * x + 1) / w - 1, (2.0 * y + 1) / h - 1, basis, i * Terms);
                value[i] = image.Pixels[y * w + x];
            }
        }

        // Start from the constant model, fitted robustly: the pixels within the cut of the median. A first
        // least-squares fit over all pixels would bend towards the ink and could settle there.
        var residual = new double[n];
        var scratch = new double[n];
        Array.Copy(value, scratch, n);
        double sigma = RobustSpread(scratch, n, out double median);
        bool[] kept = NearMedian(value, median, sigma);
        double[]? c = null;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            c = LeastSquares(basis, value, kept);
            if (c is null)
            {
                return null;
            }

            int count = 0;
            for (int i = 0; i < n; i++)
            {
                residual[i] = value[i] - Dot(c, basis, i * Terms);
                if (kept[i])
                {
                    scratch[count++] = residual[i];
                }
            }

            sigma = RobustSpread(scratch, count, out median);
            bool[] next = NearMedian(residual, median, sigma);
            bool changed = false;
            for (int i = 0; i < n && !changed; i++)
            {
                changed = next[i] != kept[i];
            }

            kept = next;
            if (!changed)
            {
                break;
            }
        }

        int keptCount = 0;
        for (int i = 0; i < n; i++)
        {
            if (kept[i])
            {
                scratch[keptCount++] = value[i];
            }
        }

        return (c!, sigma, RobustSpread(scratch, keptCount, out _));
    }

    /// <summary>
    /// Robust σ of values[0..count): 1.4826 × their median absolute deviation (<see cref="InkMap.MadToSigma"/>), at
    /// least <see cref="QuantizationSigma"/>; the prefix is overwritten.
    /// </summary>
    private static double RobustSpread(double[] values, int count, out double median)
    {
        median = Median(values, count);
        for (int i = 0; i < count; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        return Math.Max(QuantizationSigma, InkMap.MadToSigma * Median(values, count));
    }

    /// <summary>The samples whose value lies within <see cref="InkMap.NoiseSigmas"/> σ of <paramref name="median"/>.</summary>
    private static bool[] NearMedian(double[] values, double median, double sigma)
    {
        double cut = InkMap.NoiseSigmas * sigma;
        var near = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            near[i] = Math.Abs(values[i] - median) <= cut;
        }

        return near;
    }

    /// <summary>The surface along row <paramref name="y"/> of a w×h image, into <paramref name="row"/>[0..w).</summary>
    private static void Surface(double[] c, int w, int h, int y, double[] row)
    {
        var terms = new double[Terms];
        double v = (2.0 * y + 1) / h - 1;
        for (int x = 0; x < w; x++)
        {
            Basis((2.0 * x + 1) / w - 1, v, terms, 0);
            row[x] = Dot(c, terms, 0);
        }
    }

    private static void Basis(double u, double v, double[] into, int at)
    {
        into[at] = 1;
        into[at + 1] = u;
        into[at + 2] = v;
        into[at + 3] = u * u;
        into[at + 4] = u * v;
        into[at + 5] = v * v;
    }

    private static double Dot(double[] c, double[] basis, int at)
    {
        double s = 0;
        for (int t = 0; t < Terms; t++)
        {
            s += c[t] * basis[at + t];
        }

        return s;
    }

    /// <summary>
    /// Least squares over the kept samples: the normal equations AᵀA c = Aᵀy solved by Gaussian elimination with
    /// partial pivoting (6 unknowns over coordinates in (−1, 1), well conditioned unless the sample is degenerate).
    /// </summary>
    /// <returns>The coefficients, or null when a pivot vanishes (fewer than 6 kept samples in general position).</returns>
    private static double[]? LeastSquares(double[] basis, double[] value, bool[] kept)
    {
        var a = new double[Terms * (Terms + 1)];
        for (int i = 0; i < value.Length; i++)
        {
            if (!kept[i])
            {
                continue;
            }

            for (int r = 0; r < Terms; r++)
            {
                double br = basis[i * Terms + r];
                for (int s = 0; s < Terms; s++)
                {
                    a[r * (Terms + 1) + s] += br * basis[i * Terms + s];
                }

                a[r * (Terms + 1) + Terms] += br * value[i];
            }
        }

        double scale = 0;
        for (int r = 0; r < Terms; r++)
        {
            scale = Math.Max(scale, Math.Abs(a[r * (Terms + 1) + r]));
        }

        for (int col = 0; col < Terms; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < Terms; r++)
            {
                if (Math.Abs(a[r * (Terms + 1) + col]) > Math.Abs(a[pivot * (Terms + 1) + col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot * (Terms + 1) + col]) <= 1e-12 * scale || scale == 0)
            {
                return null;
            }

            for (int s = 0; s <= Terms; s++)
            {
                (a[col * (Terms + 1) + s], a[pivot * (Terms + 1) + s]) = (a[pivot * (Terms + 1) + s], a[col * (Terms + 1) + s]);
            }

            for (int r = col + 1; r < Terms; r++)
            {
                double f = a[r * (Terms + 1) + col] / a[col * (Terms + 1) + col];
                for (int s = col; s <= Terms; s++)
                {
                    a[r * (Terms + 1) + s] -= f * a[col * (Terms + 1) + s];
                }
            }
        }

        var c = new double[Terms];
        for (int r = Terms - 1; r >= 0; r--)
        {
            double s = a[r * (Terms + 1) + Terms];
            for (int t = r + 1; t < Terms; t++)
            {
                s -= a[r * (Terms + 1) + t] * c[t];
            }

            c[r] = s / a[r * (Terms + 1) + r];
        }

        return c;
    }

    /// <summary>The median of values[0..count) (the mean of the middle two for an even count); reorders the prefix.</summary>
    private static double Median(double[] values, int count)
    {
        Array.Sort(values, 0, count);
        return count % 2 == 1 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
    }
}
