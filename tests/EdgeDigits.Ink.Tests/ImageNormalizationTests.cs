using EdgeDigits.Ink;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Ink.Tests;

public class ImageNormalizationTests
{
    private static readonly DigitRecognitionService Service = new(EdgeDigits.Model.LeNet5Model.Create());

    private static MnistDataset MnistTest()
    {
        string dir = Environment.GetEnvironmentVariable("EDGEDIGITS_MNIST_DIR")
            ?? throw new InvalidOperationException("Set EDGEDIGITS_MNIST_DIR to the MNIST directory (see README).");
        return MnistDataset.Load(dir, MnistSplit.Test);
    }

    /// <summary>A digit as a scanned page would hold it: 28×28 ink scaled ×<paramref name="zoom"/>, placed on a larger sheet.</summary>
    private static byte[] InkSheet(byte[] ink28, int zoom, int width, int height, int left, int top)
    {
        var sheet = new byte[width * height];
        for (int y = 0; y < 28 * zoom; y++)
        {
            for (int x = 0; x < 28 * zoom; x++)
            {
                sheet[(top + y) * width + left + x] = ink28[(y / zoom) * 28 + x / zoom];
            }
        }

        return sheet;
    }

    private static byte[] NormalizeSingle(GrayImage image)
    {
        InkMap ink = InkMap.Extract(image);
        ImageSegment? digit = ImageSegmenter.Segment(ink);
        Assert.NotNull(digit);
        return ImageNormalizer.Normalize(ink, digit);
    }

    [Fact]
    public void An_MNIST_digit_comes_back_nearly_unchanged_and_is_read_the_same()
    {
        // MNIST placed each centre of mass on the pixel grid (±½ pixel); we place it exactly, so pixels move by up to
        // half a pixel and edges differ by a few gray levels on average. Digits drawn thinner than the device's pen
        // (2.5 px) come back thickened to it, so only those at least that wide are compared pixel by pixel.
        MnistDataset test = MnistTest();
        var engine = new EdgeDigits.Runtime.Int8Engine(EdgeDigits.Model.LeNet5Model.Create());
        var differences = new List<double>();
        int thin = 0;
        for (int i = 0; i < 40; i++)
        {
            byte[] original = test.CopyImage(i);
            byte[] again = NormalizeSingle(new GrayImage(28, 28, original));
            (double x, double y) = InkDrawing.CenterOfMass(again);
            Assert.InRange(x, 14.0, 15.0);
            Assert.InRange(y, 14.0, 15.0);
            Assert.Equal(engine.Run(original), engine.Run(again));
            if (StrokeWidth.Estimate(original.Select(v => (double)v).ToArray(), 28, 28) < InkNormalizer.DefaultPenWidth16 / 16.0)
            {
                thin++;
                continue;
            }

            differences.Add(InkDrawing.MeanAbsoluteDifference(original, again));
        }

        Assert.InRange(thin, 5, 30); // both kinds are tested
        Assert.True(differences.Average() < 9, $"mean {differences.Average():F1}");
        Assert.True(differences.Max() < 14, $"max {differences.Max():F1}");
    }

    [Fact]
    public void Dark_ink_on_paper_and_light_ink_on_a_dark_screen_give_the_same_input()
    {
        byte[] digit = MnistTest().CopyImage(7);
        byte[] ink = InkSheet(digit, 5, 200, 170, 31, 12);
        var random = new Random(3);
        byte[] paper = ink.Select(v => (byte)Math.Clamp(235 - v * 200 / 255 + random.Next(-6, 7), 0, 255)).ToArray();
        byte[] screen = ink.Select(v => (byte)Math.Clamp(20 + v * 180 / 255, 0, 255)).ToArray();

        InkMap paperInk = InkMap.Extract(new GrayImage(200, 170, paper));
        InkMap screenInk = InkMap.Extract(new GrayImage(200, 170, screen));
        Assert.True(paperInk.DarkOnLight);
        Assert.False(screenInk.DarkOnLight);
        Assert.InRange(paperInk.Background, 225, 245);
        Assert.Equal(20, screenInk.Background);

        byte[] a = NormalizeSingle(new GrayImage(200, 170, paper));
        byte[] b = NormalizeSingle(new GrayImage(200, 170, screen));
        // Measured 3.6 gray levels: the paper's noise floor leaves its strokes a little thinner, so the two are thickened
        // to the pen width by different radii (1.2 and 0.6 of the 100 source pixels of height).
        Assert.True(InkDrawing.MeanAbsoluteDifference(a, b) < 4.5, $"{InkDrawing.MeanAbsoluteDifference(a, b):F2}");
        Assert.True(InkDrawing.MeanAbsoluteDifference(a, digit) < 12, $"{InkDrawing.MeanAbsoluteDifference(a, digit):F2}");
    }

    [Fact]
    public void A_tall_thin_one_keeps_its_aspect_and_a_faint_thin_pen_reaches_full_intensity()
    {
        // A 1-pixel-wide, 300-pixel-tall line: scaled 1/15, it would be a 0.07-pixel hair; it is drawn with the
        // device's 2.5-pixel pen instead, and stretched to full intensity.
        const int w = 120, h = 340;
        var pixels = Enumerable.Repeat((byte)255, w * h).ToArray();
        for (int y = 20; y < 320; y++)
        {
            pixels[y * w + 60] = 0;
        }

        byte[] input = NormalizeSingle(new GrayImage(w, h, pixels));
        var box = InkDrawing.InkBox(input, threshold: 10);
        Assert.InRange(box.Bottom - box.Top + 1, 19, 21);
        Assert.InRange(box.Right - box.Left + 1, 2, 4);
        Assert.Equal(255, input.Max());
    }

    [Fact]
    public void A_multi_digit_image_splits_left_to_right_and_ignores_specks()
    {
        MnistDataset test = MnistTest();
        byte[] seven = test.CopyImage(0), two = test.CopyImage(1);
        const int w = 300, h = 120;
        var ink = new byte[w * h];
        foreach ((byte[] digit, int left) in new[] { (two, 170), (seven, 20) })
        {
            byte[] sheet = InkSheet(digit, 4, w, h, left, 4);
            for (int i = 0; i < ink.Length; i++)
            {
                ink[i] = Math.Max(ink[i], sheet[i]);
            }
        }

        ink[110 * w + 150] = 255; // a speck of dust between the digits
        var image = new GrayImage(w, h, ink.Select(v => (byte)(255 - v)).ToArray());
        IReadOnlyList<DigitResult> digits = Service.Recognize(image, "t", "72", multiDigit: true).Digits;
        Assert.Equal("72", string.Concat(digits.Select(d => d.Digit)));
        Assert.True(digits[0].Right < 150 && digits[1].Left > 150);
    }

    [Fact]
    public void Pieces_of_one_digit_that_overlap_horizontally_stay_one_digit()
    {
        // A "5" drawn as two disconnected pieces: the bar above, the body below, overlapping in x.
        const int w = 60, h = 80;
        var pixels = new byte[w * h];
        for (int x = 15; x < 45; x++)
        {
            pixels[10 * w + x] = 255;
        }

        for (int y = 16; y < 70; y++)
        {
            pixels[y * w + 14 + (y - 16) / 3] = 255;
        }

        Assert.Single(Service.Recognize(new GrayImage(w, h, pixels), "t", null, multiDigit: true).Digits);
    }

    [Fact]
    public void A_blank_or_noise_only_image_has_no_digit()
    {
        Assert.Null(ImageSegmenter.Segment(InkMap.Extract(new GrayImage(40, 30, new byte[1200]))));
        Assert.Empty(Service.Recognize(new GrayImage(40, 30, new byte[1200]), "t", null, multiDigit: true).Digits);
        var random = new Random(1);
        byte[] noise = Enumerable.Range(0, 1200).Select(_ => (byte)(200 + random.Next(0, 10))).ToArray();
        Assert.Null(ImageSegmenter.Segment(InkMap.Extract(new GrayImage(40, 30, noise))));
        Assert.Empty(Service.Recognize(new GrayImage(40, 30, noise), "t", null, multiDigit: true).Digits);
    }
}
