using System.Text;
using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

public class PgmDecoderTests
{
    [Fact]
    public void Decodes_plain_P2_with_comments_and_rescales_maxval()
    {
        byte[] file = Encoding.ASCII.GetBytes("P2\n# a comment\n3 2 # trailing comment\n15\n0 15 5\n# between rows\n10 3 15\n");
        GrayImage image = PgmDecoder.Decode(file, "a.pgm");
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(new byte[] { 0, 255, 85, 170, 51, 255 }, image.Pixels);
    }

    [Fact]
    public void Decodes_raw_P5_with_one_and_two_byte_samples()
    {
        byte[] header = Encoding.ASCII.GetBytes("P5 2 2 255\n");
        GrayImage eight = PgmDecoder.Decode(header.Concat(new byte[] { 1, 2, 3, 250 }).ToArray(), "b.pgm");
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, eight.Pixels);

        byte[] header16 = Encoding.ASCII.GetBytes("P5\n2 1\n65535\n");
        GrayImage sixteen = PgmDecoder.Decode(header16.Concat(new byte[] { 0xFF, 0xFF, 0x80, 0x00 }).ToArray(), "c.pgm");
        Assert.Equal(new byte[] { 255, 128 }, sixteen.Pixels);
    }

    [Fact]
    public void Sixteen_bit_samples_are_big_endian_and_any_maxval_is_rescaled()
    {
        // Netpbm: most significant byte first; round(v·255/maxval). 0x00FF → 1, 0xFF00 → 254, 0x8000 → 128.
        byte[] sixteen = Encoding.ASCII.GetBytes("P5\n3 1\n65535\n").Concat(new byte[] { 0x00, 0xFF, 0xFF, 0x00, 0x80, 0x00 }).ToArray();
        Assert.Equal(new byte[] { 1, 254, 128 }, ImageLoader.Decode(sixteen, "s.pgm").Pixels);
        byte[] hundred = Encoding.ASCII.GetBytes("P5\n3 1\n100\n").Concat(new byte[] { 0, 50, 100 }).ToArray();
        Assert.Equal(new byte[] { 0, 128, 255 }, ImageLoader.Decode(hundred, "h.pgm").Pixels);
        Assert.Equal(new byte[] { 128, 255 }, ImageLoader.Decode(Encoding.ASCII.GetBytes("P2 2 1 1000 500 1000\n"), "t.pgm").Pixels);
    }

    [Theory]
    [InlineData(16384, 16384)] // within the side limit, over the 64 Mi pixel limit
    [InlineData(16385, 1)]
    public void A_pgm_declaring_a_huge_image_is_refused_from_its_header_without_allocating_for_it(int width, int height)
    {
        byte[] file = Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n\u0001\u0002");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(file, "big.pgm"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal($"big.pgm: image size {width}x{height} is too large: the limit is 16384 pixels a side and 67108864 pixels", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    /// <summary>A file of <paramref name="length"/> bytes starting with <paramref name="header"/>, the rest a hole (sparse: no disk used).</summary>
    private static string Sparse(TempDirectory dir, string name, byte[] header, long length)
    {
        string path = dir.File(name, header);
        using FileStream file = File.OpenWrite(path);
        file.SetLength(length);
        return path;
    }

    [Fact]
    public void A_pgm_file_declaring_a_huge_image_is_refused_from_its_header_before_the_rest_is_read()
    {
        // Was: the whole 268 MB were read into memory (305 MB RSS) before the size in the header was checked.
        using var dir = new TempDirectory();
        string path = Sparse(dir, "big.pgm", Encoding.ASCII.GetBytes("P5\n16384 16384\n255\n"), 19L + 16384 * 16384);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal($"{path}: image size 16384x16384 is too large: the limit is 16384 pixels a side and 67108864 pixels", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_png_file_declaring_a_huge_image_is_refused_from_its_ihdr_before_the_rest_is_read()
    {
        using var dir = new TempDirectory();
        byte[] head = new byte[33];
        new byte[] { 137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(head, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(16), 20000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(20), 20000);
        head[24] = 8; // 8-bit gray
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(29), System.IO.Hashing.Crc32.HashToUInt32(head.AsSpan(12, 17)));
        string path = Sparse(dir, "big.png", head, 300L << 20);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal($"{path}: image size 20000x20000 is too large: the limit is 16384 pixels a side and 67108864 pixels", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_pgm_file_longer_than_the_head_loads_whole_and_one_whose_size_is_past_the_head_is_refused()
    {
        using var dir = new TempDirectory();
        byte[] raster = Enumerable.Range(0, 300 * 300).Select(i => (byte)(i * 7)).ToArray();
        string large = dir.File("large.pgm", Encoding.ASCII.GetBytes("P5\n# a comment\n300 300\n255\n").Concat(raster).ToArray());
        Assert.True(new FileInfo(large).Length > ImageLoader.HeadBytes);
        Assert.Equal(raster, ImageLoader.Load(large).Pixels);

        string comment = "P5\n#" + new string('c', ImageLoader.HeadBytes) + "\n300 300\n255\n";
        string late = dir.File("late.pgm", Encoding.ASCII.GetBytes(comment).Concat(raster).ToArray());
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Load(late));
        Assert.Equal($"{late}: the PGM header does not give the width and height within its first 65536 bytes", e.Message);
    }

    [Theory]
    [InlineData("P2\n3 2\n255\n1 2 3 4 5\n", "unexpected end of file reading the pixel 5 of 6")]
    [InlineData("P2\n2 1\n10\n3 11\n", "pixel 1 has value 11, above maxval 10")]
    [InlineData("P5\n4 4\n255\n\u0001\u0002", "raster is truncated: 2 bytes, expected 16")]
    [InlineData("P2\nx 1\n255\n", "expected a number for the width, found 'x'")]
    [InlineData("P2\n0 1\n255\n", "image size 0x1 is empty")]
    [InlineData("P2\n1 1\n70000\n1\n", "maxval 70000 is outside 1..65535")]
    public void Malformed_files_give_errors_naming_the_file(string text, string message)
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(Encoding.Latin1.GetBytes(text), "in/x.pgm"));
        Assert.Equal("in/x.pgm: " + message, e.Message);
    }

    [Theory]
    [InlineData("P5\n# a comment\n300 200\n255\n", 300, 200)]
    [InlineData("P2 7\t9 15 ", 7, 9)]
    [InlineData("P5 #c\r40#d\n\n30\n", 40, 30)]
    public void The_declared_size_is_read_from_the_header_without_decoding(string header, long width, long height)
    {
        Assert.Equal((width, height), PgmDecoder.DeclaredSize(Encoding.ASCII.GetBytes(header)));
        Assert.Equal((width, height), ImageLoader.DeclaredSize(Encoding.ASCII.GetBytes(header)));
    }

    [Theory]
    [InlineData("P6 3 2 255\n")]            // not P2/P5
    [InlineData("P5 x 2 255\n")]            // malformed width
    [InlineData("P5 3 -2 255\n")]           // malformed height
    [InlineData("P5 99999999999 2 255\n")]  // width over int.MaxValue
    [InlineData("P5 3 2")]                   // height may go on past the head
    [InlineData("P5 # comment to the end")]
    public void The_declared_size_is_null_when_the_header_does_not_give_it(string header)
    {
        Assert.Null(PgmDecoder.DeclaredSize(Encoding.ASCII.GetBytes(header)));
    }

    [Fact]
    public void The_declared_size_agrees_with_the_decoder_on_every_cut_of_a_file()
    {
        // Each prefix either declares the size the whole file decodes to, or declares none; never another size.
        byte[] file = Encoding.ASCII.GetBytes("P5\n# made by a scanner\n12 3\n255\n").Concat(new byte[36]).ToArray();
        GrayImage whole = PgmDecoder.Decode(file, "f.pgm");
        int heightEnds = "P5\n# made by a scanner\n12 3".Length;   // the whitespace after the height ends it
        for (int cut = 0; cut <= file.Length; cut++)
        {
            (long Width, long Height)? size = PgmDecoder.DeclaredSize(file.AsSpan(0, cut));
            Assert.True(size is null || size == (whole.Width, whole.Height), $"cut {cut}: {size}");
            Assert.Equal(cut > heightEnds, size is not null);
        }
    }
}
