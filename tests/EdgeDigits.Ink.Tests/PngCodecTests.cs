using System.Buffers.Binary;
using System.Text;
using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// PNG reading (SixLabors.ImageSharp behind <see cref="ImageLoader"/>) and writing (<see cref="PngEncoder"/>). The
/// files are assembled byte by byte here (stored deflate blocks, Adler-32 and CRC-32 computed bit by bit), independent
/// of any encoder, and the expected pixels follow from the PNG specification.
/// </summary>
public class PngCodecTests
{
    /// <summary>A PNG from raw filtered scanlines: IHDR, the optional chunks, one IDAT (zlib, one stored block), IEND.</summary>
    private static byte[] BuildPng(int width, int height, int colorType, int depth, byte[] scanlines, params (string Type, byte[] Data)[] extra)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        var file = new List<byte> { 137, 80, 78, 71, 13, 10, 26, 10 };
        Chunk(file, "IHDR", ihdr);
        foreach ((string type, byte[] data) in extra)
        {
            Chunk(file, type, data);
        }

        Chunk(file, "IDAT", StoredZlib(scanlines));
        Chunk(file, "IEND", Array.Empty<byte>());
        return file.ToArray();
    }

    /// <summary>
    /// A 3×2 8-bit grayscale PNG. Row 0 uses filter 0 (None) with pixels 10, 200, 30; row 1 uses filter 1 (Sub)
    /// encoding 40, 50, 255.
    /// </summary>
    private static byte[] HandBuiltPng() => BuildPng(3, 2, 0, 8, new byte[] { 0, 10, 200, 30, 1, 40, 10, 205 });

    /// <summary>zlib header 78 01, one stored deflate block (RFC 1951 §3.2.4), Adler-32 (RFC 1950 §8.2) + <paramref name="adlerError"/>.</summary>
    private static byte[] StoredZlib(byte[] raw, uint adlerError = 0)
    {
        var zlib = new List<byte> { 0x78, 0x01, 0x01, (byte)raw.Length, (byte)(raw.Length >> 8), (byte)~raw.Length, (byte)(~raw.Length >> 8) };
        zlib.AddRange(raw);
        uint a = 1, b = 0;
        foreach (byte v in raw)
        {
            a = (a + v) % 65521;
            b = (b + a) % 65521;
        }

        uint adler = ((b << 16) | a) ^ adlerError;
        zlib.AddRange(new[] { (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler });
        return zlib.ToArray();
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

    private static int Luma(int r, int g, int b) => (int)Math.Round(0.299 * r + 0.587 * g + 0.114 * b + 1e-9, MidpointRounding.AwayFromZero);

    [Fact]
    public void Decodes_a_hand_built_png()
    {
        GrayImage image = ImageLoader.Decode(HandBuiltPng(), "hand.png");
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(new byte[] { 10, 200, 30, 40, 50, 255 }, image.Pixels);
    }

    [Fact]
    public void Colour_becomes_BT601_luminance()
    {
        byte[] rgb = { 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30 };
        byte[] png = BuildPng(4, 1, 2, 8, new byte[] { 0 }.Concat(rgb).ToArray());
        Assert.Equal(new byte[] { (byte)Luma(255, 0, 0), (byte)Luma(0, 255, 0), (byte)Luma(0, 0, 255), (byte)Luma(10, 200, 30) },
            ImageLoader.Decode(png, "rgb.png").Pixels);
    }

    [Fact]
    public void Grey_levels_of_every_gray_bit_depth_are_scaled_to_8_bits()
    {
        // 16-bit: round(v·255/65535) for big-endian 0x00FF, 0x8000, 0xFFFF; 1-bit: 1 0 1 packed MSB first; 4-bit: 3, 15.
        Assert.Equal(new byte[] { 1, 128, 255 }, ImageLoader.Decode(BuildPng(3, 1, 0, 16, new byte[] { 0, 0x00, 0xFF, 0x80, 0x00, 0xFF, 0xFF }), "16.png").Pixels);
        Assert.Equal(new byte[] { 255, 0, 255 }, ImageLoader.Decode(BuildPng(3, 1, 0, 1, new byte[] { 0, 0b1010_0000 }), "1.png").Pixels);
        Assert.Equal(new byte[] { 51, 255 }, ImageLoader.Decode(BuildPng(2, 1, 0, 4, new byte[] { 0, 0x3F }), "4.png").Pixels);
    }

    [Fact]
    public void Palette_images_use_their_palette()
    {
        byte[] palette = { 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255 };
        byte[] png = BuildPng(4, 1, 3, 2, new byte[] { 0, 0b00_01_10_11 }, ("PLTE", palette));
        Assert.Equal(new byte[] { 0, 255, (byte)Luma(255, 0, 0), (byte)Luma(0, 0, 255) }, ImageLoader.Decode(png, "p.png").Pixels);
    }

    [Fact]
    public void Black_ink_on_a_transparent_background_is_flattened_onto_white_and_white_ink_onto_black()
    {
        // Gray+alpha: ink pixel opaque, background transparent.
        byte[] dark = BuildPng(2, 1, 4, 8, new byte[] { 0, 0, 255, 0, 0 });
        Assert.Equal(new byte[] { 0, 255 }, ImageLoader.Decode(dark, "d.png").Pixels);
        byte[] light = BuildPng(2, 1, 4, 8, new byte[] { 0, 255, 255, 255, 0 });
        Assert.Equal(new byte[] { 255, 0 }, ImageLoader.Decode(light, "l.png").Pixels);

        // tRNS colour key on gray (value 9 transparent) and palette alpha (entry 0 transparent).
        byte[] keyed = BuildPng(2, 1, 0, 8, new byte[] { 0, 7, 9 }, ("tRNS", new byte[] { 0, 9 }));
        Assert.Equal(new byte[] { 7, 255 }, ImageLoader.Decode(keyed, "k.png").Pixels);
        byte[] paletteAlpha = BuildPng(2, 1, 3, 8, new byte[] { 0, 0, 1 }, ("PLTE", new byte[] { 255, 255, 255, 0, 0, 0 }), ("tRNS", new byte[] { 0 }));
        Assert.Equal(new byte[] { 255, 0 }, ImageLoader.Decode(paletteAlpha, "pa.png").Pixels);
    }

    [Fact]
    public void Gray_encoder_writes_8_bit_grayscale_that_round_trips()
    {
        var random = new Random(5);
        var pixels = new byte[37 * 23];
        random.NextBytes(pixels);
        var image = new GrayImage(37, 23, pixels);
        byte[] png = PngEncoder.EncodeGray(image);

        // IHDR (PNG spec §11.2.2) right after the signature: 37×23, bit depth 8, colour type 0, not interlaced.
        Assert.True(ImageLoader.IsPng(png));
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal((37, 23, 8, 0, 0), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), png[24], png[25], png[28]));
        Assert.Equal(pixels, ImageLoader.Decode(png, "x.png").Pixels);
        Assert.Equal(png, PngEncoder.EncodeGray(new GrayImage(37, 23, (byte[])pixels.Clone())));

        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "saved.png");
        PngEncoder.SaveGray(image, path);
        Assert.Equal(pixels, ImageLoader.Load(path).Pixels);
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "signature", "unsupported image format (expected PNG, JPEG or PGM P2/P5)" },
        { "header", "chunk header at byte 33 is cut short (file truncated?)" },
        { "crc", "CRC" },
        { "truncated", "runs past the end of the file (truncated?)" },
        { "no-iend", "missing IEND chunk (file truncated?)" },
        { "no-idat", "no IDAT chunk" },
        { "bad-depth", "unsupported PNG: " },
        { "zlib", "corrupted zlib image data" },
        { "adler", "corrupted zlib image data (Adler-32 checksum mismatch)" },
        { "short-data", "image data is truncated: 4 bytes of filtered scanlines, expected 8" },
        { "filter", "malformed PNG: " },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Malformed_files_give_errors_naming_the_file_and_the_problem(string corruption, string message)
    {
        byte[] png = HandBuiltPng();
        byte[] raw = { 0, 1, 2, 3, 0, 1, 2, 3 };
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
            case "no-idat":
                var file = new List<byte>(png[..33]);
                Chunk(file, "IEND", Array.Empty<byte>());
                png = file.ToArray();
                break;
            case "bad-depth":
                png = BuildPng(3, 2, 2, 4, raw);
                break;
            case "zlib":
                png = Rebuild(new byte[] { 0x78, 0x01, 0xFF, 0xFF, 0xFF });
                break;
            case "adler":
                png = Rebuild(StoredZlib(raw, adlerError: 1));
                break;
            case "short-data":
                png = Rebuild(StoredZlib(new byte[] { 0, 1, 2, 3 }));
                break;
            case "filter":
                png = Rebuild(StoredZlib(new byte[] { 7, 1, 2, 3, 0, 1, 2, 3 }));
                break;
        }

        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "digits/bad.png"));
        Assert.StartsWith("digits/bad.png: ", e.Message);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("unsupported compression method", e.Message);
    }

    [Fact]
    public void Zlib_damage_says_which_part_is_wrong_not_dotnets_unsupported_compression_method()
    {
        // .NET says "The archive entry was compressed using an unsupported compression method." for any damage; that
        // text used to be appended, and a bad Adler-32 was not told from bad deflate data.
        byte[] raw = { 0, 1, 2, 3, 0, 1, 2, 3 };
        string Error(byte[] zlib) => Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Rebuild(zlib), "bad.png")).Message;

        Assert.Equal("bad.png: corrupted zlib image data (Adler-32 checksum mismatch)", Error(StoredZlib(raw, adlerError: 1)));
        Assert.Equal("bad.png: corrupted zlib image data (bad deflate stream)", Error(new byte[] { 0x78, 0x01, 0xFF, 0xFF, 0xFF }));
        Assert.Equal("bad.png: corrupted zlib image data (bad zlib header)", Error(new byte[] { 0x78, 0x02, 0x03, 0x00 }));
    }

    [Theory]
    [InlineData(16384, 16384)] // within the side limit, 256 Mi pixels: over the pixel limit
    [InlineData(20000, 1)]
    [InlineData(1, 100000)]
    public void A_png_declaring_a_huge_image_is_refused_from_its_header_without_allocating_for_it(int width, int height)
    {
        // A decompression bomb in miniature: the header declares the size, the data is a few bytes.
        byte[] png = BuildPng(width, height, 0, 8, new byte[] { 0, 0, 0 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "bomb.png"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal($"bomb.png: image size {width}x{height} is too large: the limit is 16384 pixels a side and 67108864 pixels", e.Message);
        Assert.True(allocated < 4 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Unknown_formats_are_rejected_by_name()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Encoding.ASCII.GetBytes("GIF89a...."), "a.gif"));
        Assert.Equal("a.gif: unsupported image format (expected PNG, JPEG or PGM P2/P5)", e.Message);
        Assert.Equal("e.png: unsupported image format (expected PNG, JPEG or PGM P2/P5)", Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Array.Empty<byte>(), "e.png")).Message);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_named()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "missing.png");
        Assert.StartsWith(missing + ": cannot read: ", Assert.Throws<ImageFormatException>(() => ImageLoader.Load(missing)).Message);
    }

    private static byte[] Rebuild(byte[] idat)
    {
        var file = new List<byte> { 137, 80, 78, 71, 13, 10, 26, 10 };
        Chunk(file, "IHDR", new byte[] { 0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0 });
        Chunk(file, "IDAT", idat);
        Chunk(file, "IEND", Array.Empty<byte>());
        return file.ToArray();
    }
}
