using System.Buffers.Binary;
using System.Text;
using EdgeDigits.Tooling.Images;
using static EdgeDigits.Tooling.Tests.ImageFuzzTests;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Focused regressions of what the image fuzzing (issue 13, <see cref="ImageFuzzTests"/>) found in the PNG and PGM
/// loading: each input once hung, crashed with an exception other than <see cref="ImageFormatException"/>, decoded to
/// a wrong image, took memory out of proportion to the file, or put raw control bytes into the error message.
/// </summary>
public sealed class ImageFuzzRegressionTests
{
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) };

    /// <summary>
    /// Filtered scanlines (filter byte 0) of an 8-bit, one-sample-per-pixel image whose pixel (x, y) is
    /// <paramref name="value"/>(x, y), in Adam7 pass order when <paramref name="interlaced"/>.
    /// </summary>
    private static byte[] Scanlines(int width, int height, bool interlaced, Func<int, int, byte> value)
    {
        var raw = new List<byte>();
        foreach ((int x0, int y0, int dx, int dy) in interlaced ? Adam7 : new[] { (0, 0, 1, 1) })
        {
            if (x0 >= width || y0 >= height)
            {
                continue;
            }

            for (int y = y0; y < height; y += dy)
            {
                raw.Add(0);
                for (int x = x0; x < width; x += dx)
                {
                    raw.Add(value(x, y));
                }
            }
        }

        return raw.ToArray();
    }

    private static byte[] Ihdr(int width, int height, int colorType, bool interlaced, int depth = 8)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)(interlaced ? 1 : 0);
        return ihdr;
    }

    private static byte[] Png(params (string Type, byte[] Data)[] chunks) =>
        new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }.Concat(chunks.SelectMany(c => ChunkBytes(c.Type, c.Data))).ToArray();

    private static byte Gradient(int x, int y) => (byte)(10 * x + 7 * y);

    /// <summary>A 12×10 8-bit gray image (a gradient) whose zlib stream is cut into <paramref name="pieces"/>, each its own IDAT, with <paramref name="between"/> after the first.</summary>
    private static byte[] GrayPng(bool interlaced, Func<byte[], IEnumerable<byte[]>> pieces, (string Type, byte[] Data)? between = null)
    {
        var chunks = new List<(string, byte[])> { ("IHDR", Ihdr(12, 10, 0, interlaced)) };
        byte[][] parts = pieces(Zlib(Scanlines(12, 10, interlaced, Gradient))).ToArray();
        for (int i = 0; i < parts.Length; i++)
        {
            chunks.Add(("IDAT", parts[i]));
            if (i == 0 && between is { } extra)
            {
                chunks.Add(extra);
            }
        }

        chunks.Add(("IEND", Array.Empty<byte>()));
        return Png(chunks.ToArray());
    }

    private static byte[] ExpectedGradient() => Enumerable.Range(0, 120).Select(i => Gradient(i % 12, i / 12)).ToArray();

    private static IEnumerable<byte[]> Halves(byte[] zlib) => new[] { zlib[..(zlib.Length / 2)], zlib[(zlib.Length / 2)..] };

    [Fact]
    public void A_png_whose_image_data_is_split_by_another_chunk_is_refused_instead_of_decoding_with_black_rows()
    {
        // Was: ImageSharp stopped reading the image data at the tEXt chunk and returned the image with every row after
        // the first black. PNG spec §5.6: the IDAT chunks shall be consecutive.
        byte[] png = GrayPng(false, Halves, ("tEXt", Encoding.Latin1.GetBytes("Comment\0between")));
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "split.png"));
        Assert.Matches("^split.png: IDAT chunk at byte [0-9]+ follows a tEXt chunk: the image data chunks must be consecutive$", e.Message);
    }

    [Fact]
    public async Task An_adam7_png_whose_image_data_is_split_by_another_chunk_is_refused_instead_of_hanging()
    {
        // Was: ImageSharp's Adam7 reader looped forever once the data stopped at the tEXt chunk. The watchdog only
        // turns a hang into a failure; the decode takes a millisecond.
        byte[] png = GrayPng(true, Halves, ("tEXt", Encoding.Latin1.GetBytes("Comment\0between")));
        var decode = Task.Run(() => Record.Exception(() => ImageLoader.Decode(png, "split-adam7.png")));
        Assert.Same(decode, await Task.WhenAny(decode, Task.Delay(TimeSpan.FromMinutes(2))));
        Assert.StartsWith("split-adam7.png: IDAT chunk at byte ", Assert.IsType<ImageFormatException>(await decode).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_png_starting_with_an_empty_idat_decodes(bool interlaced)
    {
        // Legal (the zlib stream is the IDATs' data concatenated); was SixLabors.ImageSharp.ImageFormatException
        // "Bad method for ZLIB header", which is not the loader's exception and ended the whole batch.
        byte[] png = GrayPng(interlaced, zlib => new[] { Array.Empty<byte>(), zlib });
        Assert.Equal(ExpectedGradient(), ImageLoader.Decode(png, "empty-idat.png").Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_png_with_one_byte_idat_chunks_decodes(bool interlaced)
    {
        // Legal; was an IndexOutOfRangeException from ImageSharp's zlib reader.
        byte[] png = GrayPng(interlaced, zlib => zlib.Select(b => new[] { b }));
        Assert.Equal(ExpectedGradient(), ImageLoader.Decode(png, "tiny-idats.png").Pixels);
    }

    [Theory]
    [InlineData("Title\0")] // keyword only: was IndexOutOfRangeException
    [InlineData("Title\0\0\0en\0Tit")] // no separator after the translated keyword: was ArgumentOutOfRangeException
    public void A_png_with_a_malformed_itxt_chunk_decodes_its_pixels(string itxt)
    {
        // Text does not change the pixels; ImageSharp's iTXt reader threw on these (in Identify, before any pixel).
        byte[] png = Png(("IHDR", Ihdr(12, 10, 0, false)), ("iTXt", Encoding.Latin1.GetBytes(itxt)), ("IDAT", Zlib(Scanlines(12, 10, false, Gradient))), ("IEND", Array.Empty<byte>()));
        Assert.Equal(ExpectedGradient(), ImageLoader.Decode(png, "itxt.png").Pixels);
    }

    [Theory]
    [InlineData("zTXt", "Comment\0\0")]
    [InlineData("iTXt", "Comment\0\u0001\0en\0C\0")]
    public void A_compressed_text_bomb_costs_no_memory(string type, string header)
    {
        // 32 MiB of text in a 32 KiB chunk: ImageSharp inflated it into strings, ~13 bytes allocated per byte of text
        // (measured: 872 MB for 64 MiB), in Identify and again in Load, whatever the image's size.
        byte[] bomb = Encoding.Latin1.GetBytes(header).Concat(Zlib(Encoding.ASCII.GetBytes(new string('a', 32 << 20)), System.IO.Compression.CompressionLevel.SmallestSize)).ToArray();
        byte[] png = Png(("IHDR", Ihdr(12, 10, 0, false)), (type, bomb), ("IDAT", Zlib(Scanlines(12, 10, false, Gradient))), ("IEND", Array.Empty<byte>()));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(ExpectedGradient(), ImageLoader.Decode(png, "bomb.png").Pixels);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (2 << 20) + 32 * png.Length, $"{allocated:N0} bytes allocated for a {png.Length:N0}-byte file");
    }

    /// <summary>A 16×16 8-bit palette image whose pixel (x, y) is index 16·y + x, all 256 indices, over a <paramref name="entries"/>-entry palette.</summary>
    private static byte[] PalettePng(bool interlaced, int entries)
    {
        byte[] palette = Enumerable.Range(0, entries).SelectMany(i => new[] { (byte)(i * 9), (byte)(i * 9), (byte)(i * 9) }).ToArray();
        return Png(("IHDR", Ihdr(16, 16, 3, interlaced)), ("PLTE", palette), ("IDAT", Zlib(Scanlines(16, 16, interlaced, (x, y) => (byte)(16 * y + x)))), ("IEND", Array.Empty<byte>()));
    }

    [Fact]
    public void An_adam7_palette_png_with_indices_past_its_palette_decodes_like_its_non_interlaced_twin()
    {
        // Was: ImageSharp's Adam7 palette reader read past the end of a 3-entry palette, so indices 3..255 became
        // whatever bytes followed it on the heap. Both paths now read the last entry for them.
        byte[] plain = ImageLoader.Decode(PalettePng(false, 3), "plain.png").Pixels;
        byte[] adam7 = ImageLoader.Decode(PalettePng(true, 3), "adam7.png").Pixels;
        Assert.Equal(new byte[] { 0, 9, 18 }.Concat(Enumerable.Repeat((byte)18, 253)), plain);
        Assert.Equal(plain, adam7);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_palette_png_without_a_palette_is_refused(bool interlaced)
    {
        // Was a NullReferenceException from ImageSharp's Adam7 palette reader (a "malformed PNG" without Adam7).
        byte[] png = Png(("IHDR", Ihdr(16, 16, 3, interlaced)), ("IDAT", Zlib(Scanlines(16, 16, interlaced, (x, y) => 0))), ("IEND", Array.Empty<byte>()));
        Assert.Equal("nopal.png: palette image (colour type 3) without a PLTE chunk before its image data",
            Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "nopal.png")).Message);
    }

    [Theory]
    [InlineData(0, "PLTE chunk of 0 bytes: a palette is 1 to 256 RGB entries, 3 bytes each")]
    [InlineData(4, "PLTE chunk of 4 bytes: a palette is 1 to 256 RGB entries, 3 bytes each")]
    [InlineData(771, "PLTE chunk of 771 bytes: a palette is 1 to 256 RGB entries, 3 bytes each")]
    [InlineData(-1, "PLTE chunk at byte 54 is the second one: a PNG has at most one, before its IDAT chunks")]
    public void A_palette_the_padding_cannot_make_safe_is_refused(int length, string message)
    {
        // A second, shorter PLTE would replace the padded one; a length not a multiple of 3 leaves a partial entry.
        byte[] three = { 0, 0, 0, 9, 9, 9, 18, 18, 18 };
        var chunks = new List<(string, byte[])> { ("IHDR", Ihdr(16, 16, 3, true)) };
        chunks.AddRange(length < 0 ? new[] { ("PLTE", three), ("PLTE", three[..3]) } : new[] { ("PLTE", new byte[length]) });
        chunks.Add(("IDAT", Zlib(Scanlines(16, 16, true, (x, y) => 0))));
        chunks.Add(("IEND", Array.Empty<byte>()));
        Assert.Equal("pal.png: " + message, Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Png(chunks.ToArray()), "pal.png")).Message);
    }

    [Theory]
    [InlineData(0x78, 0x20)]
    [InlineData(0x78, 0x7D)]
    public void A_zlib_stream_asking_for_a_preset_dictionary_is_refused_as_corrupted(byte cmf, byte flg)
    {
        // FDICT set (and a valid FCHECK): .NET's inflater throws its ZLibException, an IOException, which escaped the
        // loader as a file-system error and ended the batch.
        byte[] zlib = Zlib(Scanlines(12, 10, false, Gradient));
        zlib[0] = cmf;
        zlib[1] = flg;
        byte[] png = Png(("IHDR", Ihdr(12, 10, 0, false)), ("IDAT", zlib), ("IEND", Array.Empty<byte>()));
        Assert.Equal("fdict.png: corrupted zlib image data (bad zlib header: it asks for a preset dictionary)",
            Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "fdict.png")).Message);
    }

    [Fact]
    public void A_png_declaring_a_width_over_2_to_the_31_is_reported_with_its_real_size()
    {
        // Was "image size -2147483648x10 is empty": ImageSharp reads the unsigned header fields as int.
        byte[] png = Png(("IHDR", Ihdr(int.MinValue, 10, 0, false)), ("IDAT", Zlib(new byte[11])), ("IEND", Array.Empty<byte>()));
        Assert.Equal("wide.png: image size 2147483648x10 is too large: the limit is 16384 pixels a side and 67108864 pixels",
            Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "wide.png")).Message);
    }

    [Fact]
    public void A_chunk_type_of_control_bytes_is_escaped_in_the_message()
    {
        // The type is four bytes of the file, quoted in the message that goes to the terminal.
        byte[] png = Png(("\u001b[2J", Array.Empty<byte>()));
        Assert.Equal("esc.png: first chunk is \\e[2J, expected IHDR", Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(png, "esc.png")).Message);
    }

    [Theory]
    [InlineData("P5 \u001b[2J", "expected a number for the width, found byte 0x1B")]
    [InlineData("P2 4 \u009b", "expected a number for the height, found byte 0x9B")]
    [InlineData("P2 4 4\u0000", "expected a number for the maxval, found byte 0x00")]
    public void A_pgm_error_quotes_a_control_byte_by_its_code(string text, string message)
    {
        // Was found '<the raw byte>': an ESC or a C1 control (0x9B is CSI) reached the terminal.
        Assert.Equal("ctl.pgm: " + message, Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Encoding.Latin1.GetBytes(text), "ctl.pgm")).Message);
    }

    [Theory]
    [InlineData("P5\n16384 4096\n255\n", "raster is truncated: 4 bytes, expected 67108864")]
    [InlineData("P2\n16384 4096\n255\n", "raster is truncated: 5 bytes cannot hold 67108864 plain samples (at least 134217727)")]
    public void A_tiny_pgm_declaring_a_large_image_is_refused_without_allocating_it(string header, string message)
    {
        // Within the size limits, so the header check lets it through; the 64 MiB raster used to be allocated before
        // the file was found to be 4 bytes short of it.
        byte[] file = Encoding.ASCII.GetBytes(header + "\u0001\u0002\u0003\u0004");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(file, "big.pgm"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("big.pgm: " + message, e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated:N0} bytes allocated");
    }
}
