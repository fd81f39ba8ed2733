using System.Buffers.Binary;
using System.IO.Compression;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Tests;

/// <summary>IDX files: valid raw and gzip files load; every defect is reported with the file name.</summary>
public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Images(int count, int rows = 28, int cols = 28, int magic = IdxReader.ImagesMagic)
    {
        var data = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(data, magic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), cols);
        for (int i = 16; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7);
        }

        return data;
    }

    private static byte[] Labels(int count, int magic = IdxReader.LabelsMagic)
    {
        var data = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(data, magic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            data[8 + i] = (byte)(i % 10);
        }

        return data;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        return output.ToArray();
    }

    [Fact]
    public void RawAndGzipFilesLoadTheSameData()
    {
        string raw = Write("images", Images(3));
        string gz = Write("images.gz", Gzip(Images(3)));
        string labels = Write("labels", Labels(3));

        MnistDataset a = MnistDataset.Load(raw, labels);
        MnistDataset b = MnistDataset.Load(gz, labels);

        Assert.Equal(3, a.Count);
        Assert.Equal(Images(3)[16..(16 + 784)], a.CopyImage(0));
        Assert.Equal(a.CopyImage(2), b.CopyImage(2));
        Assert.Equal(2, b.Label(2));
    }

    [Fact]
    public void WrongMagicIsReported()
    {
        string path = Write("labels-as-images", Images(1, magic: IdxReader.LabelsMagic));

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path, out _, out _));

        Assert.Equal($"{path}: wrong IDX magic number 0x00000801; an MNIST image file starts with 0x00000803.", e.Message);
    }

    [Fact]
    public void TruncatedFileIsReported()
    {
        string path = Write("truncated", Images(2)[..^100]);

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path, out _, out _));

        Assert.Equal($"{path}: truncated IDX file: the header announces 2 images of 28×28 (1568 bytes) but only 1468 follow.", e.Message);
    }

    [Fact]
    public void TruncatedHeaderAndGzipAreReported()
    {
        string header = Write("header", Labels(0)[..6]);
        Assert.Equal($"{header}: truncated IDX header (6 bytes); not an MNIST label file.", Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(header)).Message);

        byte[] gz = Gzip(Images(50));
        string cut = Write("cut.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(cut, out _, out _));
        Assert.StartsWith($"{cut}: the gzip stream is truncated or corrupt (", e.Message);
    }

    [Fact]
    public void A_damaged_gzip_says_which_part_is_wrong_not_dotnets_unsupported_compression_method()
    {
        // .NET says "The archive entry was compressed using an unsupported compression method." for any damage; that
        // text used to be appended, and a bad CRC-32 was not called a checksum.
        byte[] gz = Gzip(Images(50));
        string Error(string name, byte[] bytes)
        {
            string message = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(Write(name, bytes), out _, out _)).Message;
            Assert.DoesNotContain("unsupported compression method", message);
            return message;
        }

        byte[] crc = (byte[])gz.Clone();
        crc[^6] ^= 1;
        Assert.Equal($"{_dir.File("crc.gz")}: the gzip stream is corrupt (CRC-32 checksum mismatch).", Error("crc.gz", crc));
        byte[] length = (byte[])gz.Clone();
        length[^2] ^= 1;
        Assert.Equal($"{_dir.File("length.gz")}: the gzip stream is corrupt (length mismatch: the gzip trailer states another length).", Error("length.gz", length));
        byte[] deflate = (byte[])gz.Clone();
        deflate[10] = 0x07; // a final block of the reserved type 3
        Assert.Equal($"{_dir.File("deflate.gz")}: the gzip stream is corrupt (bad deflate stream).", Error("deflate.gz", deflate));
        byte[] flags = (byte[])gz.Clone();
        flags[3] = 0x80; // a reserved flag bit
        Assert.Equal($"{_dir.File("flags.gz")}: the gzip stream is corrupt (bad gzip header).", Error("flags.gz", flags));
        // Two members (as `cat a.gz b.gz` makes), the second one's checksum wrong: the first one is sound.
        byte[] first = Gzip(Images(50)[..1000]), second = Gzip(Images(50)[1000..]);
        second[^6] ^= 1;
        Assert.Equal($"{_dir.File("multi.gz")}: the gzip stream is corrupt (CRC-32 checksum mismatch in the gzip member at byte {first.Length}).",
            Error("multi.gz", first.Concat(second).ToArray()));
    }

    [Fact]
    public void ImageAndLabelCountMismatchIsReported()
    {
        string images = Write("images", Images(3));
        string labels = Write("labels", Labels(4));

        var e = Assert.Throws<IdxFormatException>(() => MnistDataset.Load(images, labels));

        Assert.Equal($"{images} holds 3 images but {labels} holds 4 labels; the counts must match.", e.Message);
    }

    [Fact]
    public void WrongImageSizeAndBadLabelsAreReported()
    {
        string small = Write("small", Images(1, 8, 8));
        string labels = Write("labels", Labels(1));
        Assert.Equal($"{small}: images are 8×8; MNIST images are 28×28.", Assert.Throws<IdxFormatException>(() => MnistDataset.Load(small, labels)).Message);

        byte[] bad = Labels(2);
        bad[9] = 12;
        string badLabels = Write("bad-labels", bad);
        string images = Write("images", Images(2));
        Assert.Equal($"{badLabels}: label 1 is 12; MNIST labels are digits 0..9.", Assert.Throws<IdxFormatException>(() => MnistDataset.Load(images, badLabels)).Message);
    }

    [Fact]
    public void MissingFileInDirectoryIsReported()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(_dir.Path, MnistSplit.Test));

        Assert.StartsWith(Path.Combine(_dir.Path, "t10k-images-idx3-ubyte") + "(.gz) not found", e.Message);
    }

    [Fact]
    public void ShippedMnistTestSplitLoads()
    {
        MnistDataset test = TestData.Test;

        Assert.Equal(10_000, test.Count);
        Assert.Equal(7, test.Label(0));
        Assert.Equal(1135, Enumerable.Range(0, test.Count).Count(i => test.Label(i) == 1));
    }
}

/// <summary>IDX hardening: bounded decompression, truncated and multi-member gzip, non-regular files.</summary>
public sealed class IdxHardeningTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Header(int count, int rows, int cols)
    {
        var data = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(data, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), cols);
        return data;
    }

    private static void Gzip(Stream output, Action<Stream> write)
    {
        using var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        write(gz);
    }

    [Fact]
    public void A_gzip_bomb_fails_after_a_little_more_than_the_declared_size()
    {
        string path = _dir.File("bomb-idx3-ubyte.gz");
        using (FileStream file = File.Create(path))
        {
            Gzip(file, gz =>
            {
                gz.Write(Header(1, 28, 28));
                var zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++)
                {
                    gz.Write(zeros); // 64 MiB of zeros behind a header declaring 784 bytes
                }
            });
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path, out _, out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal($"{path}: the gzip stream decompresses to more than the 800 bytes its IDX header declares (at least 65,536 more); the file is corrupt.", e.Message);
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_header_declaring_more_than_the_limit_is_refused_before_allocating()
    {
        string path = _dir.File("huge.gz");
        using (FileStream file = File.Create(path))
        {
            Gzip(file, gz => gz.Write(Header(int.MaxValue, 28, 28)));
        }

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path, out _, out _));
        Assert.Equal($"{path}: the IDX header declares more than 1,073,741,824 bytes of data (the limit).", e.Message);
    }

    [Fact]
    public void A_two_byte_gzip_is_a_truncated_gzip_naming_the_file()
    {
        string path = _dir.File("two.gz");
        File.WriteAllBytes(path, new byte[] { 0x1F, 0x8B });
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Equal($"{path}: truncated gzip: the file is 2 bytes, less than the 18 bytes of the smallest gzip stream.", e.Message);
    }

    [Fact]
    public void A_valid_multi_member_gzip_loads()
    {
        byte[] labels = new byte[8 + 100];
        BinaryPrimitives.WriteInt32BigEndian(labels, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), 100);
        for (int i = 0; i < 100; i++)
        {
            labels[8 + i] = (byte)(i % 10);
        }

        string path = _dir.File("multi.gz");
        using (FileStream file = File.Create(path))
        {
            Gzip(file, gz => gz.Write(labels.AsSpan(0, 50)));
            Gzip(file, gz => gz.Write(labels.AsSpan(50)));
        }

        Assert.Equal(labels[8..], IdxReader.ReadLabels(path));
    }

    [Fact]
    public void A_device_is_refused_without_reading_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadAll("/dev/urandom"));
        Assert.Equal("/dev/urandom: not a regular file (a character device); edgedigits reads only regular files", e.Message);
    }
}
