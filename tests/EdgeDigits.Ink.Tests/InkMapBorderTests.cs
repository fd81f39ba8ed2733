using EdgeDigits.Model;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Recognition;
using Xunit.Abstractions;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Images whose ink touches the border (tight crops, a digit that fills its frame): the ink map must find the ink and
/// its polarity from the whole image, not from the border alone. References are the masks the images are built from
/// and the recognizer's reading of the untouched MNIST image.
/// </summary>
public class InkMapBorderTests
{
    private readonly ITestOutputHelper _output;

    public InkMapBorderTests(ITestOutputHelper output) => _output = output;

    private static MnistDataset MnistTest()
    {
        string dir = Environment.GetEnvironmentVariable("EDGEDIGITS_MNIST_DIR")
            ?? throw new InvalidOperationException("Set EDGEDIGITS_MNIST_DIR to the MNIST directory (see README).");
        return MnistDataset.Load(dir, MnistSplit.Test);
    }

    /// <summary>Crops a 28×28 MNIST image (0 = background) to the bounding box of its pixels at or above <paramref name="threshold"/>.</summary>
    private static GrayImage TightCrop(byte[] image28, int threshold = 1)
    {
        (int left, int top, int right, int bottom) = InkDrawing.InkBox(image28, threshold - 1);
        int w = right - left + 1, h = bottom - top + 1;
        var pixels = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                pixels[y * w + x] = image28[(top + y) * 28 + left + x];
            }
        }

        return new GrayImage(w, h, pixels);
    }

    private static GrayImage Invert(GrayImage image) => new(image.Width, image.Height, image.Pixels.Select(v => (byte)(255 - v)).ToArray());

    /// <summary>
    /// A 16×16 binary scan of an MNIST digit, scaled up 4× by pixel replication: the box of the digit's pixels ≥ 128
    /// is stretched to 16×16 cells, each cell the mean of the area it covers (area averaging), thresholded at 128.
    /// True = ink.
    /// </summary>
    private static bool[] Binary16Scaled4(byte[] image28)
    {
        GrayImage crop = TightCrop(image28, threshold: 128);
        var cells = new bool[16 * 16];
        for (int cy = 0; cy < 16; cy++)
        {
            for (int cx = 0; cx < 16; cx++)
            {
                double x0 = cx * crop.Width / 16.0, x1 = (cx + 1) * crop.Width / 16.0;
                double y0 = cy * crop.Height / 16.0, y1 = (cy + 1) * crop.Height / 16.0;
                double sum = 0;
                for (int y = (int)y0; y < Math.Ceiling(y1); y++)
                {
                    for (int x = (int)x0; x < Math.Ceiling(x1); x++)
                    {
                        double overlap = (Math.Min(x1, x + 1) - Math.Max(x0, x)) * (Math.Min(y1, y + 1) - Math.Max(y0, y));
                        sum += crop[x, y] * overlap;
                    }
                }

                cells[cy * 16 + cx] = sum / ((x1 - x0) * (y1 - y0)) >= 128;
            }
        }

        var mask = new bool[64 * 64];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = cells[(i / 64 / 4) * 16 + i % 64 / 4];
        }

        return mask;
    }

    private static bool InkOnAllFourBorders(bool[] mask, int w, int h) =>
        Enumerable.Range(0, w).Any(x => mask[x]) && Enumerable.Range(0, w).Any(x => mask[(h - 1) * w + x])
        && Enumerable.Range(0, h).Any(y => mask[y * w]) && Enumerable.Range(0, h).Any(y => mask[y * w + w - 1]);

    /// <summary>An elliptical ring (a "0") whose outer edge touches all four sides of a w×h frame. True = ink.</summary>
    private static bool[] Ring(int w, int h, double thickness)
    {
        var mask = new bool[w * h];
        double cx = w / 2.0, cy = h / 2.0, rx = w / 2.0, ry = h / 2.0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double dx = (x + 0.5 - cx) / rx, dy = (y + 0.5 - cy) / ry;
                double outer = dx * dx + dy * dy;
                double ix = (x + 0.5 - cx) / (rx - thickness), iy = (y + 0.5 - cy) / (ry - thickness);
                mask[y * w + x] = outer <= 1 && ix * ix + iy * iy > 1;
            }
        }

        return mask;
    }

    /// <summary>Intersection over union of the ink map's non-zero pixels and a mask.</summary>
    private static double InkIoU(InkMap ink, bool[] mask)
    {
        int both = 0, either = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            bool found = ink.Ink[i] > 0;
            both += found && mask[i] ? 1 : 0;
            either += found || mask[i] ? 1 : 0;
        }

        return either == 0 ? 1 : (double)both / either;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_binary_digit_that_fills_its_frame_keeps_exactly_its_ink_in_both_polarities(bool darkOnLight)
    {
        bool[] mask = Binary16Scaled4(MnistTest().CopyImage(3));
        Assert.True(InkOnAllFourBorders(mask, 64, 64), "precondition: ink on all four borders");
        byte inkLevel = darkOnLight ? (byte)0 : (byte)255, paper = (byte)(255 - inkLevel);
        InkMap ink = InkMap.Extract(new GrayImage(64, 64, mask.Select(m => m ? inkLevel : paper).ToArray()));

        Assert.Equal(darkOnLight, ink.DarkOnLight);
        Assert.Equal(paper, ink.Background);
        Assert.Equal(mask.Select(m => m ? (byte)255 : (byte)0).ToArray(), ink.Ink);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_ring_touching_all_four_sides_is_found_in_both_polarities(bool darkOnLight)
    {
        const int w = 48, h = 64;
        bool[] mask = Ring(w, h, 7);
        Assert.True(InkOnAllFourBorders(mask, w, h), "precondition: ink on all four borders");
        byte[] pixels = mask.Select(m => (byte)(m == darkOnLight ? 30 : 225)).ToArray();
        InkMap ink = InkMap.Extract(new GrayImage(w, h, pixels));

        Assert.Equal(darkOnLight, ink.DarkOnLight);
        Assert.Equal(darkOnLight ? 225 : 30, ink.Background);
        Assert.Equal(1.0, InkIoU(ink, mask));
        ImageSegment? digit = ImageSegmenter.Segment(ink);
        Assert.NotNull(digit);
        Assert.Equal((0, 0, w - 1, h - 1), (digit.Left, digit.Top, digit.Right, digit.Bottom));
    }

    [Theory]
    [InlineData(true, 60, 8.0)]
    [InlineData(false, 60, 8.0)]
    [InlineData(true, 120, 15.0)]
    [InlineData(false, 45, 5.0)]
    public void A_tight_crop_on_a_noisy_low_contrast_background_is_found(bool darkOnLight, int contrast, double noise)
    {
        // Gray paper at 150 (dark-on-light) or a dim screen at 60 (light-on-dark), Gaussian noise of σ = noise levels,
        // ink `contrast` levels away from the background.
        const int w = 48, h = 64;
        bool[] mask = Ring(w, h, 7);
        int background = darkOnLight ? 150 : 60, inkLevel = darkOnLight ? background - contrast : background + contrast;
        var random = new Random(contrast);
        byte[] pixels = mask.Select(m => (byte)Math.Clamp((int)Math.Round((m ? inkLevel : background) + noise * GaussianNoise.Next(random)), 0, 255)).ToArray();
        InkMap ink = InkMap.Extract(new GrayImage(w, h, pixels));

        Assert.Equal(darkOnLight, ink.DarkOnLight);
        Assert.InRange(ink.Background, background - 3, background + 3);
        ImageSegment? digit = ImageSegmenter.Segment(ink);
        Assert.NotNull(digit);

        // The ring's pixels are found, and noise left outside the ring is a small share of the ink.
        var kept = new HashSet<int>(digit.Pixels);
        int hits = Enumerable.Range(0, mask.Length).Count(i => mask[i] && kept.Contains(i));
        int strays = kept.Count(i => !mask[i]);
        Assert.True(hits >= 0.95 * mask.Count(m => m), $"{hits} of {mask.Count(m => m)} ring pixels");
        Assert.True(strays <= 0.05 * mask.Count(m => m), $"{strays} stray pixels");
    }

    [Theory]
    [InlineData(255)]
    [InlineData(0)]
    [InlineData(128)]
    public void A_flat_image_is_blank(int level)
    {
        InkMap ink = InkMap.Extract(new GrayImage(30, 20, Enumerable.Repeat((byte)level, 600).ToArray()));
        Assert.All(ink.Ink, v => Assert.Equal(0, v));
        Assert.Equal(level, ink.Background);
        Assert.Null(ImageSegmenter.Segment(ink));
    }

    [Theory]
    [InlineData(230, 4.0)]
    [InlineData(40, 8.0)]
    public void Noise_alone_is_blank(int level, double noise)
    {
        var random = new Random(level);
        byte[] pixels = Enumerable.Range(0, 80 * 60).Select(_ => (byte)Math.Clamp((int)Math.Round(level + noise * GaussianNoise.Next(random)), 0, 255)).ToArray();
        Assert.Null(ImageSegmenter.Segment(InkMap.Extract(new GrayImage(80, 60, pixels))));
    }

    /// <summary>
    /// The first 200 MNIST test digits cropped to their ink box, light-on-dark as MNIST stores them and inverted to
    /// dark-on-light: each must be read as the untouched 28×28 image is read. Two crops: the box of every non-zero
    /// pixel (the faint anti-aliased fringe is on the border), and the box of the pixels ≥ 128 (what one sees as the
    /// stroke; solid ink on the border, the fringe outside cut off).
    /// Measured (200 digits, read the same in light-on-dark / dark-on-light): non-zero box 200 / 200 (185 / 185 when
    /// the background came from the border alone), ≥ 128 box 198 / 198 with the current model (199 / 199 with an earlier one; 135 / 135). The bound, 96 %, leaves a margin
    /// of 3.5 points below the measured 99.5 % for another model or MNIST copy.
    /// </summary>
    [Theory]
    [InlineData(1, 0.96)]
    [InlineData(128, 0.96)]
    public void Tightly_cropped_MNIST_digits_are_read_as_the_untouched_images_in_both_polarities(int cropThreshold, double minRate)
    {
        MnistDataset test = MnistTest();
        var service = new DigitRecognitionService(LeNet5Model.Create());
        const int count = 200;
        int same = 0, sameInverted = 0, correct = 0;
        for (int i = 0; i < count; i++)
        {
            byte[] original = test.CopyImage(i);
            string reference = Read(service, new GrayImage(28, 28, original));
            GrayImage crop = TightCrop(original, cropThreshold);
            same += Read(service, crop) == reference ? 1 : 0;
            sameInverted += Read(service, Invert(crop)) == reference ? 1 : 0;
            correct += reference == test.Label(i).ToString() ? 1 : 0;
        }

        _output.WriteLine($"crop >= {cropThreshold}: untouched read correctly {correct}/{count}; tight crop read the same {same}/{count}, inverted {sameInverted}/{count}");
        Assert.True(same >= minRate * count, $"light-on-dark crops read the same: {same}/{count}");
        Assert.True(sameInverted >= minRate * count, $"dark-on-light crops read the same: {sameInverted}/{count}");
    }

    /// <summary>
    /// 16×16 binary scans scaled 4× of the first 200 MNIST test digits, dark-on-light, those whose ink reaches all four
    /// borders: every one whose ink covers less than half of its pixels (the ink map's premise) must give back exactly
    /// its ink and be read as the same scan with a 16-pixel paper margin around it (a clean border) is read.
    /// Measured: 179 of 200 reach all four borders; 156 of them hold under half ink, all 156 exact and all 156 read
    /// as with a margin (5 and 5 when the background came from the border alone). The other 23 hold half ink or more
    /// (mostly "1"s stretched into blocks); where the border is split too, ink is taken for the background and the
    /// polarity comes out inverted (11 of the 200, all "1"s with 59–94 % ink): a documented limit, not asserted.
    /// </summary>
    [Fact]
    public void Binary_scans_that_fill_their_frame_give_back_their_ink_and_are_read_as_with_a_margin()
    {
        MnistDataset test = MnistTest();
        var service = new DigitRecognitionService(LeNet5Model.Create());
        const int count = 200, margin = 16, side = 64 + 2 * margin;
        int touching = 0, minority = 0, exact = 0, same = 0;
        for (int i = 0; i < count; i++)
        {
            bool[] mask = Binary16Scaled4(test.CopyImage(i));
            if (!InkOnAllFourBorders(mask, 64, 64))
            {
                continue;
            }

            touching++;
            if (mask.Count(m => m) * 2 >= mask.Length)
            {
                continue;
            }

            minority++;
            var tight = new GrayImage(64, 64, mask.Select(m => m ? (byte)0 : (byte)255).ToArray());
            var padded = new byte[side * side];
            Array.Fill(padded, (byte)255);
            for (int y = 0; y < 64; y++)
            {
                Array.Copy(tight.Pixels, y * 64, padded, (y + margin) * side + margin, 64);
            }

            InkMap ink = InkMap.Extract(tight);
            exact += ink.DarkOnLight && ink.Ink.SequenceEqual(mask.Select(m => m ? (byte)255 : (byte)0)) ? 1 : 0;
            same += Read(service, tight) == Read(service, new GrayImage(side, side, padded)) ? 1 : 0;
        }

        _output.WriteLine($"16x16 binary scans x4: ink on all four borders {touching}/{count}, under half ink {minority}, exact ink {exact}, read as with a margin {same}");
        Assert.True(touching >= 150, $"only {touching} scans reach all four borders");
        Assert.True(minority >= 140, $"only {minority} scans hold under half ink");
        Assert.Equal(minority, exact);
        Assert.True(same >= 0.97 * minority, $"read as with a margin: {same}/{minority}");
    }

    private static string Read(DigitRecognitionService service, GrayImage image) =>
        string.Concat(service.Recognize(image, "t", null, multiDigit: true).Digits.Select(d => d.Digit));
}
