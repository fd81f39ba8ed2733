using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// PNG encoder: 8-bit grayscale for dumps (<see cref="EncodeGray"/>), and a general writer of any colour type, bit
/// depth, filter and interlace (<see cref="Encode"/>) so tests can produce every kind of file the decoder reads.
/// Output is deterministic: no time or text chunks.
/// </summary>
public static class PngEncoder
{
    /// <summary>Encodes an 8-bit grayscale PNG (colour type 0), Paeth-filtered.</summary>
    public static byte[] EncodeGray(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Encode(image.Width, image.Height, 0, 8, image.Pixels, filter: 4);
    }

    /// <summary>Writes an 8-bit grayscale PNG file.</summary>
    public static void SaveGray(GrayImage image, string path) => File.WriteAllBytes(path, EncodeGray(image));

    /// <summary>Encodes a PNG from unpacked samples.</summary>
    /// <param name="width">Width, pixels.</param>
    /// <param name="height">Height, pixels.</param>
    /// <param name="colorType">0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.</param>
    /// <param name="bitDepth">1, 2, 4, 8 or 16 as legal for the colour type.</param>
    /// <param name="samples">[height, width, channels] sample values, one int-sized value per sample stored as
    /// bytes for depths ≤ 8 (value range 0..2^depth−1) or as big-endian byte pairs for depth 16.</param>
    /// <param name="palette">PLTE entries (RGB triples) for colour type 3.</param>
    /// <param name="transparency">tRNS chunk body, if any.</param>
    /// <param name="filter">Filter type 0..4 applied to every scanline.</param>
    /// <param name="interlace">True for Adam7.</param>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] Encode(int width, int height, int colorType, int bitDepth, byte[] samples,
        byte[]? palette = null, byte[]? transparency = null, int filter = 0, bool interlace = false)
    {
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new ArgumentException($"Invalid colour type {colorType}.", nameof(colorType)) };
        int bytesPerSample = bitDepth == 16 ? 2 : 1;
        if (samples.Length != width * height * channels * bytesPerSample)
        {
            throw new ArgumentException($"Expected {width * height * channels * bytesPerSample} sample bytes, got {samples.Length}.", nameof(samples));
        }

        var raw = new MemoryStream();
        if (!interlace)
        {
            WritePass(raw, samples, width, channels, bitDepth, 0, 0, 1, 1, width, height, filter);
        }
        else
        {
            int[] pass = { 0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2 };
            for (int p = 0; p < 7; p++)
            {
                int x0 = pass[4 * p], y0 = pass[4 * p + 1], dx = pass[4 * p + 2], dy = pass[4 * p + 3];
                int w = (width - x0 + dx - 1) / dx, h = (height - y0 + dy - 1) / dy;
                if (w > 0 && h > 0)
                {
                    WritePass(raw, samples, width, channels, bitDepth, x0, y0, dx, dy, w, h, filter);
                }
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.GetBuffer(), 0, (int)raw.Length);
        }

        var file = new MemoryStream();
        file.Write(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 });
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = (byte)bitDepth;
        header[9] = (byte)colorType;
        header[12] = (byte)(interlace ? 1 : 0);
        WriteChunk(file, "IHDR", header);
        if (palette != null)
        {
            WriteChunk(file, "PLTE", palette);
        }

        if (transparency != null)
        {
            WriteChunk(file, "tRNS", transparency);
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", Array.Empty<byte>());
        return file.ToArray();
    }

    /// <summary>Writes one chunk: length, type, data, CRC over type and data.</summary>
    public static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        stream.Write(length);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        var crcBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        stream.Write(crcBytes);
    }

    private static void WritePass(MemoryStream raw, byte[] samples, int width, int channels, int bitDepth,
        int x0, int y0, int dx, int dy, int passWidth, int passHeight, int filter)
    {
        int bitsPerPixel = channels * bitDepth;
        int stride = (passWidth * bitsPerPixel + 7) / 8;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        var previous = new byte[stride];
        var line = new byte[stride];
        var filtered = new byte[stride];
        for (int row = 0; row < passHeight; row++)
        {
            Array.Clear(line);
            int y = y0 + row * dy;
            for (int col = 0; col < passWidth; col++)
            {
                int x = x0 + col * dx;
                for (int c = 0; c < channels; c++)
                {
                    int sampleIndex = (y * width + x) * channels + c;
                    if (bitDepth == 16)
                    {
                        int o = 2 * (col * channels + c);
                        line[o] = samples[2 * sampleIndex];
                        line[o + 1] = samples[2 * sampleIndex + 1];
                    }
                    else if (bitDepth == 8)
                    {
                        line[col * channels + c] = samples[sampleIndex];
                    }
                    else
                    {
                        int bit = col * bitDepth;
                        line[bit >> 3] |= (byte)((samples[sampleIndex] & ((1 << bitDepth) - 1)) << (8 - bitDepth - (bit & 7)));
                    }
                }
            }

            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => PaethPredictor(a, b, c),
                    _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Filter type must be 0..4."),
                };
                filtered[i] = (byte)(line[i] - predictor);
            }

            raw.WriteByte((byte)filter);
            raw.Write(filtered);
            (previous, line) = (line, previous);
        }
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
    }
}
