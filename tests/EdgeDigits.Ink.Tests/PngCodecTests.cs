using System.Buffers.Binary;
using System.Text;
using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

public class PngCodecTests
{
    /// <summary>
    /// A 3×2 8-bit grayscale PNG assembled byte by byte, independent of our encoder and of ZLibStream's compressor:
    /// zlib header 78 01, one stored deflate block, Adler-32 and CRC-32 computed here bit by bit.
    /// Row 0 uses filter 0 (None) with pixels 10, 200, 30; row 1 uses filter 1 (Sub) encoding 40, 50, 255.
    /// </summary>
    private static byte[] HandBuiltPng()
    {
        byte[] raw = { 0, 10, 200, 30, 1, 40, 10, 205 }; // Sub: 40, 40+10 = 50, 50+205 = 255
        var zlib = new List<byte> { 0x78, 0x01, 0x01, (byte)raw.Length, 0, (byte)~raw.Length, 0xFF };
        zlib.AddRange(raw);
        uint a = 1, b = 0;
        foreach (byte v in raw)
        {
            a = (a + v) % 65521;
            b = (b + a) % 65521;
        }

        zlib.AddRange(new[] { (byte)(b >> 8), (byte)b, (byte)(a >> 8), (byte)a });
        var file = new List<byte> { 137, 80, 78, 71, 13, 10, 26, 10 };
        Chunk(file, "IHDR", new byte[] { 0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0 });
        Chunk(file, "IDAT", zlib.ToArray());
        Chunk(file, "IEND", Array.Empty<byte>());
        return file.ToArray();
    }

    private static void Chunk(List<byte> file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.AddRange(length);
        byte[] body = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.AddRange(body);
        uint crc = 0xFFFFFFFF;
        foreach (byte v in body)
        {
            crc ^= v;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        crc ^= 0xFFFFFFFF;
        file.AddRange(new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc });
    }

    [Fact]
    public void Decodes_a_hand_built_png()
    {
        DecodedImage image = PngDecoder.Decode(HandBuiltPng(), "hand.png");
        Assert.Equal(3, image.Gray.Width);
        Assert.Equal(2, image.Gray.Height);
        Assert.Equal(new byte[] { 10, 200, 30, 40, 50, 255 }, image.Gray.Pixels);
        Assert.Null(image.Alpha);
    }

    [Fact]
    public void Gray_encoder_round_trips()
    {
        var random = new Random(5);
        var pixels = new byte[37 * 23];
        random.NextBytes(pixels);
        var image = new GrayImage(37, 23, pixels);
        GrayImage decoded = PngDecoder.Decode(PngEncoder.EncodeGray(image), "x.png").Gray;
        Assert.Equal(pixels, decoded.Pixels);
    }

    public static TheoryData<int, int, int, bool> Formats()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (bool interlace in new[] { false, true })
        {
            foreach ((int colorType, int depth) in new[] { (0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16) })
            {
                data.Add(colorType, depth, (colorType + depth + (interlace ? 1 : 0)) % 5, interlace);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decodes_every_colour_type_bit_depth_filter_and_interlace(int colorType, int depth, int filter, bool interlace)
    {
        // 13×11 so every Adam7 pass has partial blocks; the expected luminance is computed here from the samples.
        const int w = 13, h = 11;
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int max = (1 << depth) - 1;
        var random = new Random(colorType * 100 + depth);
        var values = new int[w * h * channels];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(colorType == 3 ? Math.Min(max, 5) + 1 : max + 1);
        }

        byte[] samples = depth == 16
            ? values.SelectMany(v => new[] { (byte)(v >> 8), (byte)v }).ToArray()
            : values.Select(v => (byte)v).ToArray();
        byte[] palette = { 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 64, 32 };
        byte[] png = PngEncoder.Encode(w, h, colorType, depth, samples, colorType == 3 ? palette : null, filter: filter, interlace: interlace);
        DecodedImage decoded = PngDecoder.Decode(png, "t.png");

        for (int i = 0; i < w * h; i++)
        {
            double To8(int v) => depth == 8 ? v : Math.Round(v * 255.0 / max);
            int expectedGray, expectedAlpha = 255;
            int[] v = values.Skip(i * channels).Take(channels).ToArray();
            switch (colorType)
            {
                case 0:
                    expectedGray = (int)To8(v[0]);
                    break;
                case 3:
                    expectedGray = Luma(palette[3 * v[0]], palette[3 * v[0] + 1], palette[3 * v[0] + 2]);
                    break;
                case 4:
                    expectedGray = (int)To8(v[0]);
                    expectedAlpha = (int)To8(v[1]);
                    break;
                default:
                    expectedGray = Luma((int)To8(v[0]), (int)To8(v[1]), (int)To8(v[2]));
                    expectedAlpha = colorType == 6 ? (int)To8(v[3]) : 255;
                    break;
            }

            Assert.Equal(expectedGray, decoded.Gray.Pixels[i]);
            Assert.Equal(expectedAlpha, decoded.Alpha?[i] ?? 255);
        }
    }

    private static int Luma(int r, int g, int b) => (int)Math.Round((0.299 * r + 0.587 * g + 0.114 * b) + 1e-9, MidpointRounding.AwayFromZero);

    [Fact]
    public void Transparency_keys_and_palette_alpha_are_applied()
    {
        byte[] gray = PngEncoder.Encode(2, 1, 0, 8, new byte[] { 7, 9 }, transparency: new byte[] { 0, 9 });
        Assert.Equal(new byte[] { 255, 0 }, PngDecoder.Decode(gray, "k.png").Alpha);

        byte[] palette = PngEncoder.Encode(2, 1, 3, 8, new byte[] { 0, 1 }, new byte[] { 0, 0, 0, 255, 255, 255 }, transparency: new byte[] { 0 });
        Assert.Equal(new byte[] { 0, 255 }, PngDecoder.Decode(palette, "p.png").Alpha);
    }

    [Fact]
    public void Black_ink_on_a_transparent_background_is_flattened_onto_white_and_white_ink_onto_black()
    {
        // Gray+alpha: ink pixel opaque, background transparent.
        byte[] dark = PngEncoder.Encode(2, 1, 4, 8, new byte[] { 0, 255, 0, 0 });
        Assert.Equal(new byte[] { 0, 255 }, ImageLoader.Decode(dark, "d.png").Pixels);
        byte[] light = PngEncoder.Encode(2, 1, 4, 8, new byte[] { 255, 255, 255, 0 });
        Assert.Equal(new byte[] { 255, 0 }, ImageLoader.Decode(light, "l.png").Pixels);
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "signature", "unsupported image format (expected PNG or PGM P2/P5)" },
        { "header", "chunk header at byte 33 is cut short (file truncated?)" },
        { "crc", "chunk IHDR at byte 8 has a bad CRC (corrupted file)" },
        { "truncated", "runs past the end of the file (truncated?)" },
        { "no-iend", "missing IEND chunk (file truncated?)" },
        { "bad-depth", "invalid colour type 2 with bit depth 4" },
        { "zlib", "corrupted zlib image data" },
        { "short-data", "image data is truncated (row" },
        { "filter", "unknown scanline filter type 7" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Malformed_files_give_errors_naming_the_file_and_the_problem(string corruption, string message)
    {
        byte[] png = HandBuiltPng();
        switch (corruption)
        {
            case "signature":
                png[1] = (byte)'X';
                break;
            case "crc":
                png[20] ^= 1;
                break;
            case "header":
                png = png[..40];
                break;
            case "truncated":
                png = png[..50];
                break;
            case "no-iend":
                png = png[..^12];
                break;
            case "bad-depth":
                png = Rebuild(ihdr: new byte[] { 0, 0, 0, 3, 0, 0, 0, 2, 4, 2, 0, 0, 0 });
                break;
            case "zlib":
                png = Rebuild(idat: new byte[] { 0x78, 0x01, 0xFF, 0xFF, 0xFF });
                break;
            case "short-data":
                png = Rebuild(idat: PngZlib(new byte[] { 0, 1, 2, 3 }));
                break;
            case "filter":
                png = Rebuild(idat: PngZlib(new byte[] { 7, 1, 2, 3, 0, 1, 2, 3 }));
                break;
        }

        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "digits/bad.png"));
        Assert.StartsWith("digits/bad.png: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_png_decoder_itself_checks_the_signature()
    {
        Assert.Equal("x.png: not a PNG file (bad signature)", Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(new byte[20], "x.png")).Message);
    }

    [Fact]
    public void Unknown_formats_are_rejected_by_name()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Encoding.ASCII.GetBytes("GIF89a...."), "a.gif"));
        Assert.Equal("a.gif: unsupported image format (expected PNG or PGM P2/P5)", e.Message);
    }

    private static byte[] Rebuild(byte[]? ihdr = null, byte[]? idat = null)
    {
        var file = new List<byte> { 137, 80, 78, 71, 13, 10, 26, 10 };
        Chunk(file, "IHDR", ihdr ?? new byte[] { 0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0 });
        Chunk(file, "IDAT", idat ?? PngZlib(new byte[] { 0, 1, 2, 3, 0, 1, 2, 3 }));
        Chunk(file, "IEND", Array.Empty<byte>());
        return file.ToArray();
    }

    private static byte[] PngZlib(byte[] raw)
    {
        using var memory = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(memory, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(raw);
        }

        return memory.ToArray();
    }
}
