using System.Buffers.Binary;
using System.Numerics;
using EdgeDigits.Model;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Recognition;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using ImageFormatException = EdgeDigits.Tooling.Images.ImageFormatException;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// JPEG reading (SixLabors.ImageSharp 2.1.13 behind <see cref="ImageLoader"/>, after <c>JpegIntegrity</c>). Two kinds of
/// files: ones assembled byte by byte here from ITU-T T.81 (flat 8×8 blocks, DC coefficients only, so the expected
/// pixels follow from the specification: baseline, restart intervals, progressive, colour, CMYK, unsupported coding
/// processes, a decompression bomb), and ones written by ImageSharp's encoder from known pixels (a ring, MNIST digits,
/// Exif orientation), compared with those source pixels within the loss JPEG allows.
/// </summary>
public class JpegCodecTests
{
    /// <summary>
    /// A JPEG of flat 8×8 blocks: every component sampled 1×1, quantization table 0 all 8s (so a block of level v has
    /// the quantized DC coefficient v − 128, T.81 §A.3.3, A.3.1), the DC Huffman table of T.81 Table K.3, an AC table
    /// holding only EOB (code "0"), all AC coefficients zero.
    /// </summary>
    /// <param name="width">Frame width, pixels.</param>
    /// <param name="height">Frame height, pixels.</param>
    /// <param name="levels">[component][block] sample level 0..255, blocks in raster order (⌈w/8⌉·⌈h/8⌉ of them).</param>
    /// <param name="frame">SOF marker code: 0xC0 baseline (one interleaved scan), 0xC2 progressive (an interleaved DC
    /// scan, then one AC scan Ss 1..Se 63 per component); any other code writes the baseline scan under it.</param>
    /// <param name="restartInterval">MCUs per restart interval (DRI, RSTn in the data; baseline only), 0 for none.</param>
    /// <param name="before">Segments written after SOI (marker code and body, the length is added).</param>
    /// <param name="precision">Sample precision in the frame header.</param>
    private static byte[] FlatJpeg(int width, int height, int[][] levels, int frame = 0xC0, int restartInterval = 0,
        (int Code, byte[] Body)[]? before = null, int precision = 8)
    {
        int nf = levels.Length;
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);
        Assert.All(levels, l => Assert.Equal(blocks, l.Length));
        var file = new List<byte> { 0xFF, 0xD8 };
        foreach ((int code, byte[] body) in before ?? Array.Empty<(int, byte[])>())
        {
            Segment(file, code, body);
        }

        Segment(file, 0xDB, new byte[] { 0x00 }.Concat(Enumerable.Repeat((byte)8, 64)).ToArray());
        var sof = new List<byte> { (byte)precision, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)nf };
        for (int c = 0; c < nf; c++)
        {
            sof.AddRange(new byte[] { (byte)(c + 1), 0x11, 0 });
        }

        Segment(file, frame, sof.ToArray());
        Segment(file, 0xC4, new byte[] { 0x00 }.Concat(DcBits).Concat(Enumerable.Range(0, 12).Select(i => (byte)i))
            .Concat(new byte[] { 0x10, 1 }).Concat(new byte[15]).Concat(new byte[] { 0x00 }).ToArray());
        if (restartInterval > 0)
        {
            Segment(file, 0xDD, new byte[] { (byte)(restartInterval >> 8), (byte)restartInterval });
        }

        Dictionary<int, (int Code, int Length)> dc = CanonicalCodes(DcBits, Enumerable.Range(0, 12).ToArray());
        bool progressive = frame == 0xC2;
        Segment(file, 0xDA, ScanHeader(Enumerable.Range(0, nf).ToArray(), 0, progressive ? 0 : 63));
        var bits = new BitWriter(file);
        var predictor = new int[nf];
        for (int b = 0; b < blocks; b++)
        {
            if (restartInterval > 0 && b > 0 && b % restartInterval == 0)
            {
                bits.Flush();
                file.AddRange(new byte[] { 0xFF, (byte)(0xD0 + ((b / restartInterval) - 1) % 8) });
                Array.Clear(predictor);
            }

            for (int c = 0; c < nf; c++)
            {
                int diff = levels[c][b] - 128 - predictor[c];
                predictor[c] = levels[c][b] - 128;
                int size = diff == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(diff));
                bits.Write(dc[size].Code, dc[size].Length);
                bits.Write(diff >= 0 ? diff : diff + (1 << size) - 1, size);
                if (!progressive)
                {
                    bits.Write(0, 1); // EOB: the 63 AC coefficients are zero.
                }
            }
        }

        bits.Flush();
        if (progressive)
        {
            for (int c = 0; c < nf; c++)
            {
                Segment(file, 0xDA, ScanHeader(new[] { c }, 1, 63));
                bits = new BitWriter(file);
                for (int b = 0; b < blocks; b++)
                {
                    bits.Write(0, 1); // EOB0: this block's AC band is zero (T.81 §G.1.2.2).
                }

                bits.Flush();
            }
        }

        file.AddRange(new byte[] { 0xFF, 0xD9 });
        return file.ToArray();
    }

    /// <summary>T.81 Table K.3: number of luminance DC codes of each length 1..16.</summary>
    private static readonly byte[] DcBits = { 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };

    private static byte[] ScanHeader(int[] components, int ss, int se)
    {
        var body = new List<byte> { (byte)components.Length };
        foreach (int c in components)
        {
            body.AddRange(new byte[] { (byte)(c + 1), 0x00 });
        }

        body.AddRange(new byte[] { (byte)ss, (byte)se, 0 });
        return body.ToArray();
    }

    /// <summary>Huffman codes from code-length counts (T.81 Annex C, Figures C.1–C.3).</summary>
    private static Dictionary<int, (int Code, int Length)> CanonicalCodes(byte[] counts, int[] symbols)
    {
        var codes = new Dictionary<int, (int, int)>();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++)
            {
                codes[symbols[k++]] = (code++, length);
            }

            code <<= 1;
        }

        return codes;
    }

    private static void Segment(List<byte> file, int code, byte[] body)
    {
        file.AddRange(new byte[] { 0xFF, (byte)code, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2) });
        file.AddRange(body);
    }

    /// <summary>Entropy-coded bytes, most significant bit first, 0xFF followed by a stuffed 0x00, padded with 1s (T.81 §F.1.2.3, F.1.2.1).</summary>
    private sealed class BitWriter(List<byte> output)
    {
        private int _bits, _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _bits = (_bits << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            output.Add((byte)_bits);
            if (_bits == 0xFF)
            {
                output.Add(0x00);
            }

            _bits = _count = 0;
        }
    }

    /// <summary>The level of pixel (x, y) in an image of flat blocks (<paramref name="levels"/> in raster order).</summary>
    private static int BlockLevel(int[] levels, int width, int x, int y) => levels[(y / 8) * ((width + 7) / 8) + x / 8];

    private static readonly int[] Gray = { 0, 255, 128, 64, 200, 17 };

    private static void AssertFlat(GrayImage image, int[] levels, int tolerance = 1)
    {
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                int expected = BlockLevel(levels, image.Width, x, y);
                Assert.True(Math.Abs(image.Pixels[y * image.Width + x] - expected) <= tolerance,
                    $"pixel ({x}, {y}) is {image.Pixels[y * image.Width + x]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void A_hand_built_baseline_grayscale_jpeg_decodes_to_its_block_levels()
    {
        // 20×14: 3×2 blocks, the right and bottom ones cut by the frame edge.
        byte[] jpeg = FlatJpeg(20, 14, new[] { Gray });
        GrayImage image = ImageLoader.Decode(jpeg, "flat.jpg");
        Assert.Equal((20, 14), (image.Width, image.Height));
        AssertFlat(image, Gray);

        // The same with a restart marker after every block (DRI, RST0..RST5 in the data, T.81 §B.2.4.4, §E.1.4).
        byte[] restarts = FlatJpeg(20, 14, new[] { Gray }, restartInterval: 1);
        Assert.Contains(restarts.Zip(restarts.Skip(1)), p => p.First == 0xFF && p.Second == 0xD4);
        AssertFlat(ImageLoader.Decode(restarts, "rst.jpg"), Gray);
    }

    [Fact]
    public void A_progressive_jpeg_decodes()
    {
        // SOF2: a DC scan, then an AC spectral band scan (T.81 Annex G).
        byte[] jpeg = FlatJpeg(20, 14, new[] { Gray }, frame: 0xC2);
        Assert.Equal(2, jpeg.Zip(jpeg.Skip(1)).Count(p => p.First == 0xFF && p.Second == 0xDA));
        GrayImage image = ImageLoader.Decode(jpeg, "progressive.jpg");
        Assert.Equal((20, 14), (image.Width, image.Height));
        AssertFlat(image, Gray);

        // Three components, DC scan interleaved, one AC scan each.
        int[] y = { 76, 150, 29, 128, 200, 10 }, cb = { 85, 44, 255, 128, 128, 128 }, cr = { 255, 21, 107, 128, 128, 128 };
        AssertFlat(ImageLoader.Decode(FlatJpeg(20, 14, new[] { y, cb, cr }, frame: 0xC2), "p3.jpg"), y, tolerance: 2);
    }

    [Fact]
    public void YCbCr_becomes_BT601_luminance()
    {
        // Red, green, blue, gray, light gray, near black as Y Cb Cr (JFIF: Y is the BT.601 luma of the RGB it stands for).
        int[] y = { 76, 150, 29, 128, 200, 10 }, cb = { 85, 44, 255, 128, 128, 128 }, cr = { 255, 21, 107, 128, 128, 128 };
        byte[] jfif = { (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
        byte[] jpeg = FlatJpeg(20, 14, new[] { y, cb, cr }, before: new[] { (0xE0, jfif) });
        AssertFlat(ImageLoader.Decode(jpeg, "ycc.jpg"), y, tolerance: 2);
    }

    [Fact]
    public void An_adobe_cmyk_jpeg_decodes()
    {
        // Adobe APP14, transform 0: four components stored inverted, as Photoshop writes them (255 = no ink).
        byte[] adobe = { (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0 };
        int[] none = { 255, 255, 255, 255, 255, 255 }, key = { 255, 0, 128, 255, 255, 0 };
        byte[] jpeg = FlatJpeg(20, 14, new[] { none, none, none, key }, before: new[] { (0xEE, adobe) });
        AssertFlat(ImageLoader.Decode(jpeg, "cmyk.jpg"), key, tolerance: 2);
    }

    /// <summary>A thick dark ring on off-white paper, width × height, as RGB with a slight colour cast.</summary>
    private static Image<Rgba32> Ring(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double r = Math.Sqrt(Math.Pow(x - width / 2.0, 2) + Math.Pow(y - height / 2.0, 2));
                double ink = Math.Clamp(3.5 - Math.Abs(r - Math.Min(width, height) / 3.0), 0, 1);
                image[x, y] = new Rgba32((byte)(245 - ink * 215), (byte)(240 - ink * 210), (byte)(230 - ink * 205));
            }
        }

        return image;
    }

    private static byte[] Luminance(Image<Rgba32> image)
    {
        var pixels = new byte[image.Width * image.Height];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                Rgba32 p = image[x, y];
                pixels[y * image.Width + x] = (byte)Math.Round(0.299 * p.R + 0.587 * p.G + 0.114 * p.B, MidpointRounding.AwayFromZero);
            }
        }

        return pixels;
    }

    private static byte[] SaveJpeg(Image<Rgba32> image, int quality = 90)
    {
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }

    /// <summary>Offset of the first marker FF <paramref name="code"/> in <paramref name="jpeg"/> (the test files hold no such pair in their data).</summary>
    private static int MarkerAt(byte[] jpeg, int code) =>
        Enumerable.Range(0, jpeg.Length - 1).First(i => jpeg[i] == 0xFF && jpeg[i + 1] == code);

    [Fact]
    public void An_imagesharp_jpeg_of_a_ring_decodes_close_to_its_source_pixels()
    {
        using Image<Rgba32> ring = Ring(64, 48);
        byte[] source = Luminance(ring);
        GrayImage image = ImageLoader.Decode(SaveJpeg(ring), "ring.jpg");
        Assert.Equal((64, 48), (image.Width, image.Height));
        int[] error = image.Pixels.Zip(source, (a, b) => Math.Abs(a - b)).ToArray();

        // Quality 90: small everywhere, largest at the ring's edges (ringing).
        Assert.True(error.Average() < 2.5, $"mean error {error.Average():F2}");
        Assert.True(error.Max() <= 24, $"largest error {error.Max()}");
        Assert.InRange(image.Pixels[24 * 64 + 32], 235, 245); // the centre: paper
        Assert.InRange(image.Pixels[24 * 64 + 16], 20, 45); // on the ring (radius 16)
    }

    [Fact]
    public void Mnist_digits_saved_as_jpeg_are_read_as_the_same_digits()
    {
        string mnistDir = Environment.GetEnvironmentVariable("EDGEDIGITS_MNIST_DIR") ?? throw new InvalidOperationException("Set EDGEDIGITS_MNIST_DIR to the MNIST directory (see README).");
        MnistDataset test = MnistDataset.Load(mnistDir, MnistSplit.Test);
        var service = new DigitRecognitionService(LeNet5Model.Create());
        var differ = new List<string>();
        int correct = 0, correctPng = 0;
        const int count = 200;
        for (int i = 0; i < count; i++)
        {
            // Dark ink on white paper, 3× the MNIST size (nearest neighbour), as a scan or photo crop would be; quality 90.
            byte[] digit = test.CopyImage(i);
            using var paper = new Image<Rgba32>(84, 84);
            for (int y = 0; y < 84; y++)
            {
                for (int x = 0; x < 84; x++)
                {
                    byte v = (byte)(255 - digit[(y / 3) * 28 + x / 3]);
                    paper[x, y] = new Rgba32(v, v, v);
                }
            }

            GrayImage png = ImageLoader.Decode(PngEncoder.EncodeGray(new GrayImage(84, 84, Luminance(paper))), "d.png");
            GrayImage jpeg = ImageLoader.Decode(SaveJpeg(paper), "d.jpg");
            string fromPng = service.Recognize(png, "d.png", null, multiDigit: false).Text;
            string fromJpeg = service.Recognize(jpeg, "d.jpg", null, multiDigit: false).Text;
            if (fromPng != fromJpeg)
            {
                differ.Add($"image {i} (label {test.Label(i)}): PNG {fromPng}, JPEG {fromJpeg}");
            }

            correct += fromJpeg == test.Label(i).ToString() ? 1 : 0;
            correctPng += fromPng == test.Label(i).ToString() ? 1 : 0;
        }

        // Measured at quality 75, 90 and 95 alike: 198 of the first 200 test digits read the same; two borderline ones
        // differ, one each way (image 18, a '3', is read '8' from the JPEG; image 41, a '7', '2' from the PNG).
        Assert.True(differ.Count <= 2, $"{differ.Count} of {count} differ: " + string.Join("; ", differ));
        Assert.True(correct >= correctPng - 1, $"{correct} of {count} read as their label from the JPEG, {correctPng} from the PNG");
        Assert.True(correct >= count - 2, $"{correct} of {count} read as their label");
    }

    /// <summary>A 40×24 image, black in its top-left 8×8 corner, mid gray in its top-right one, white elsewhere.</summary>
    private static Image<Rgba32> Corners()
    {
        var image = new Image<Rgba32>(40, 24);
        for (int y = 0; y < 24; y++)
        {
            for (int x = 0; x < 40; x++)
            {
                byte v = y < 8 && x < 8 ? (byte)0 : y < 8 && x >= 32 ? (byte)128 : (byte)255;
                image[x, y] = new Rgba32(v, v, v);
            }
        }

        return image;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(8)]
    public void The_exif_orientation_is_applied(int orientation)
    {
        using Image<Rgba32> stored = Corners();
        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
        byte[] source = Luminance(stored);
        GrayImage image = ImageLoader.Decode(SaveJpeg(stored, 95), $"o{orientation}.jpg");

        // Exif 2.3 §4.6.4 A, Orientation: 6 = the stored row 0 is the shown image's right column (a photo taken with the
        // phone turned clockwise), 8 = its left column. A shown pixel (x, y) comes from the stored pixel (sx, sy).
        Assert.Equal(orientation == 1 ? (40, 24) : (24, 40), (image.Width, image.Height));
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    6 => (y, 23 - x),
                    8 => (39 - y, x),
                    _ => (x, y),
                };
                int expected = source[sy * 40 + sx], actual = image.Pixels[y * image.Width + x];
                Assert.True(Math.Abs(actual - expected) <= 12, $"orientation {orientation}: pixel ({x}, {y}) is {actual}, stored ({sx}, {sy}) is {expected}");
            }
        }
    }

    public static TheoryData<string, string> Truncations() => new()
    {
        { "in-app0", "truncated JPEG: the FFE0 segment at byte 2 (16 bytes) runs past the end of the file" },
        { "in-sof", "truncated JPEG: the FFC0 segment at byte" },
        { "after-sos-header", "truncated JPEG: the entropy-coded data of scan 1 (from byte" },
        { "mid-scan", "truncated JPEG: the entropy-coded data of scan 1 (from byte" },
        { "before-eoi", "truncated JPEG: the entropy-coded data of scan 1 (from byte" },
        { "eoi-half", "truncated JPEG: the entropy-coded data of scan 1 (from byte" },
        { "before-marker-length", "truncated JPEG: the length of marker FFDB at byte" },
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public void A_cut_file_is_refused_as_truncated(string cut, string message)
    {
        using Image<Rgba32> ring = Ring(64, 48);
        byte[] jpeg = SaveJpeg(ring);
        int sos = MarkerAt(jpeg, 0xDA), sosEnd = sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2));
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
        int length = cut switch
        {
            "in-app0" => 10,
            "in-sof" => MarkerAt(jpeg, 0xC0) + 9,
            "after-sos-header" => sosEnd,
            "mid-scan" => (sosEnd + jpeg.Length) / 2,
            "before-eoi" => jpeg.Length - 2,
            "eoi-half" => jpeg.Length - 1,
            _ => MarkerAt(jpeg, 0xDB) + 3,
        };

        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(jpeg[..length], "scans/cut.jpg"));
        Assert.StartsWith("scans/cut.jpg: ", e.Message);
        Assert.Contains(message, e.Message);

        // The whole file decodes, and so does every cut, if ImageSharp alone is asked (what JpegIntegrity is for):
        // only a cut before the scan is an error there.
        ImageLoader.Decode(jpeg, "whole.jpg");
        if (length > sosEnd + 10)
        {
            using Image<Rgba32> partial = Image.Load<Rgba32>(new Configuration(new JpegConfigurationModule()), jpeg[..length]);
            Assert.Equal((64, 48), (partial.Width, partial.Height));
        }
    }

    [Fact]
    public void Every_cut_of_a_jpeg_is_refused()
    {
        byte[] jpeg = FlatJpeg(20, 14, new[] { Gray }, frame: 0xC2);
        for (int cut = 0; cut < jpeg.Length; cut++)
        {
            var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(jpeg[..cut], $"cut{cut}.jpg"));
            Assert.StartsWith($"cut{cut}.jpg: ", e.Message);
            if (cut >= 2)
            {
                Assert.Contains("truncated JPEG: ", e.Message);
            }
        }
    }

    public static TheoryData<string, string> Malformations() => new()
    {
        { "garbage-after-soi", "malformed JPEG: expected a marker at byte 2, found byte 0x41" },
        { "no-sof", "malformed JPEG: scan header (SOS) at byte" },
        { "no-sos", "malformed JPEG: no scan (SOS) before EOI" },
        { "only-tables", "malformed JPEG: no frame header (SOFn) before EOI" },
        { "short-length", "malformed JPEG: marker FFDB at byte 2 declares a segment length of 1" },
        { "second-sof", "malformed JPEG: a second frame header (FFC0)" },
        { "rst-outside-scan", "malformed JPEG: restart marker RST3 at byte 2 outside a scan's data" },
        { "bad-sof-length", "malformed JPEG: frame header of 10 bytes" },
        { "lossless", "unsupported JPEG: lossless frame (SOF3)" },
        { "arithmetic", "unsupported JPEG: arithmetic-coded frame (SOF9)" },
        { "arithmetic-progressive", "unsupported JPEG: arithmetic-coded frame (SOF10)" },
        { "twelve-bit", "unsupported JPEG: 12-bit samples; only 8-bit are read" },
        { "dnl-height", "unsupported JPEG: the frame header leaves the height to a DNL marker" },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public void Malformed_and_unsupported_files_give_errors_naming_the_file_and_the_problem(string damage, string message)
    {
        byte[] good = FlatJpeg(20, 14, new[] { Gray });
        int sof = MarkerAt(good, 0xC0);
        int sos = MarkerAt(good, 0xDA);
        byte[] jpeg = damage switch
        {
            "garbage-after-soi" => new byte[] { 0xFF, 0xD8, (byte)'A', (byte)'B' }.Concat(good[2..]).ToArray(),
            "no-sof" => good[..sof].Concat(good[(sof + 2 + 11)..]).ToArray(),
            "no-sos" => good[..sos].Concat(new byte[] { 0xFF, 0xD9 }).ToArray(),
            "only-tables" => good[..sof].Concat(new byte[] { 0xFF, 0xD9 }).ToArray(),
            "short-length" => new byte[] { 0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x01 }.Concat(good[2..]).ToArray(),
            "second-sof" => good[..sos].Concat(good[sof..(sof + 13)]).Concat(good[sos..]).ToArray(),
            "rst-outside-scan" => new byte[] { 0xFF, 0xD8, 0xFF, 0xD3 }.Concat(good[2..]).ToArray(),
            "bad-sof-length" => Patched(good, sof + 3, 10),
            "lossless" => FlatJpeg(20, 14, new[] { Gray }, frame: 0xC3),
            "arithmetic" => FlatJpeg(20, 14, new[] { Gray }, frame: 0xC9),
            "arithmetic-progressive" => FlatJpeg(20, 14, new[] { Gray }, frame: 0xCA),
            "twelve-bit" => FlatJpeg(20, 14, new[] { Gray }, frame: 0xC1, precision: 12),
            _ => Patched(Patched(good, sof + 5, 0), sof + 6, 0),
        };

        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(jpeg, "photos/bad.jpg"));
        Assert.StartsWith("photos/bad.jpg: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    private static byte[] Patched(byte[] data, int at, byte value)
    {
        byte[] copy = (byte[])data.Clone();
        copy[at] = value;
        return copy;
    }

    [Fact]
    public void Comments_foreign_application_segments_and_data_after_eoi_do_not_change_the_pixels()
    {
        // COM, an ICC profile (APP2) and XMP (APP1) of garbage are not given to ImageSharp; bytes after EOI (a second
        // image appended by a camera) are ignored.
        byte[] icc = "ICC_PROFILE\0"u8.ToArray().Concat(new byte[] { 1, 1, 0xFF, 0xFF, 0, 0, 7 }).ToArray();
        byte[] xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta"u8.ToArray();
        byte[] jpeg = FlatJpeg(20, 14, new[] { Gray }, before: new[] { (0xFE, "scanner"u8.ToArray()), (0xE2, icc), (0xE1, xmp) })
            .Concat(FlatJpeg(8, 8, new[] { new[] { 0 } })).ToArray();
        AssertFlat(ImageLoader.Decode(jpeg, "meta.jpg"), Gray);
    }

    [Theory]
    [InlineData(60000, 60000)]
    [InlineData(16384, 16384)] // within the side limit, over the pixel limit
    [InlineData(20000, 8)]
    public void A_jpeg_declaring_a_huge_image_is_refused_from_its_frame_header_without_allocating_for_it(int width, int height)
    {
        // A decompression bomb in miniature: the frame header declares the size, the scan holds 6 blocks.
        byte[] jpeg = FlatJpeg(20, 14, new[] { Gray });
        int sof = MarkerAt(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        string expected = $"bomb.jpg: image size {width}x{height} is too large: the limit is 16384 pixels a side and 67108864 pixels";

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(jpeg, "bomb.jpg"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expected, e.Message);
        Assert.True(allocated < 4 << 20, $"{allocated} bytes allocated");

        // From the first bytes alone, as Load checks a file longer than HeadBytes before reading the rest.
        Assert.Equal(expected, Assert.Throws<ImageFormatException>(() => ImageLoader.CheckHeader(jpeg.AsSpan(0, sof + 12), "bomb.jpg")).Message);
        using var dir = new TempDirectory();
        string path = dir.File("bomb.jpg", jpeg.Concat(new byte[ImageLoader.HeadBytes]).ToArray());
        Assert.Equal(path + expected["bomb.jpg".Length..], Assert.Throws<ImageFormatException>(() => ImageLoader.Load(path)).Message);
    }

    [Fact]
    public void A_frame_header_past_the_first_64_KiB_is_checked_by_decode()
    {
        // Two 60 KiB application segments push the frame header past HeadBytes: CheckHeader cannot see it.
        byte[] filler = "Exif\0\0"u8.ToArray().Concat(new byte[60 << 10]).ToArray();
        byte[] jpeg = FlatJpeg(20, 14, new[] { Gray }, before: new[] { (0xED, filler), (0xED, filler) });
        int sof = MarkerAt(jpeg, 0xC0);
        Assert.True(sof > ImageLoader.HeadBytes);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60000);
        ImageLoader.CheckHeader(jpeg.AsSpan(0, ImageLoader.HeadBytes), "late.jpg");
        Assert.Equal("late.jpg: image size 20x60000 is too large: the limit is 16384 pixels a side and 67108864 pixels",
            Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(jpeg, "late.jpg")).Message);
    }

    [Fact]
    public void A_directory_scan_picks_up_jpg_and_jpeg_files()
    {
        Assert.True(ImageLoader.IsImagePath("photo.jpg"));
        Assert.True(ImageLoader.IsImagePath("scan.JPEG"));
        Assert.False(ImageLoader.IsImagePath("photo.jfif"));

        using var dir = new TempDirectory();
        using Image<Rgba32> ring = Ring(64, 48);
        dir.File("a.jpg", SaveJpeg(ring));
        dir.File("b.JPEG", SaveJpeg(ring));
        dir.File("c.jpeg", FlatJpeg(20, 14, new[] { Gray })[..100]);
        dir.File("d.txt", "not an image");
        var output = new StringWriter();
        var errors = new StringWriter();
        RecognitionSummary summary = RecognitionBatch.Run(new DigitRecognitionService(RandomLeNet5.Create(2)),
            new RecognitionBatchOptions(new[] { dir.Path }, null, null, MultiDigit: false), output, errors);

        Assert.Equal((2, 1), (summary.Recognized, summary.Failed));
        Assert.Contains("\"source\":\"" + Path.Combine(dir.Path, "a.jpg").Replace("\\", "\\\\") + "\"", output.ToString());
        Assert.Contains("\"source\":\"" + Path.Combine(dir.Path, "b.JPEG").Replace("\\", "\\\\") + "\"", output.ToString());
        Assert.StartsWith($"error: {Path.Combine(dir.Path, "c.jpeg")}: truncated JPEG: ", errors.ToString());
    }
}
