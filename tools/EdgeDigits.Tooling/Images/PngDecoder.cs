using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeDigits.Tooling.Images;

/// <summary>A decoded image: luminance plus, when the file had transparency, an alpha channel.</summary>
/// <param name="Gray">Luminance, 0 = black.</param>
/// <param name="Alpha">[Height, Width] alpha 0 (transparent) .. 255 (opaque), or null when the image is opaque.</param>
public sealed record DecodedImage(GrayImage Gray, byte[]? Alpha);

/// <summary>
/// PNG decoder (W3C PNG Specification, Third Edition): every colour type (grayscale, RGB, palette, gray+alpha, RGBA),
/// every legal bit depth (1, 2, 4, 8, 16), tRNS transparency, all five filter types and Adam7 interlacing. Chunk CRCs
/// are verified. Colour is reduced to luminance Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601); 16-bit samples are
/// rounded to 8 bits. Inflation uses <see cref="ZLibStream"/>.
/// </summary>
public static class PngDecoder
{
    /// <summary>Largest accepted width or height, pixels.</summary>
    public const int MaxSide = 16384;

    /// <summary>Largest accepted pixel count.</summary>
    public const long MaxPixels = 64L << 20;

    private static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    /// <summary>Decodes a PNG file's bytes.</summary>
    /// <param name="data">The file.</param>
    /// <param name="source">Name used in error messages (the file path).</param>
    /// <exception cref="ImageFormatException">The data is not a valid PNG, or is larger than the limits.</exception>
    public static DecodedImage Decode(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsPng(data))
        {
            throw new ImageFormatException(source, "not a PNG file (bad signature)");
        }

        int width = 0, height = 0, bitDepth = 0, colorType = -1, interlace = 0;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var compressed = new MemoryStream();
        bool seenHeader = false, seenEnd = false;
        int offset = 8;
        while (offset < data.Length && !seenEnd)
        {
            if (data.Length - offset < 12)
            {
                throw new ImageFormatException(source, $"truncated chunk header at byte {offset}");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            if (length > int.MaxValue || offset + 12L + length > data.Length)
            {
                throw new ImageFormatException(source, $"chunk {type} at byte {offset} runs past the end of the file (truncated?)");
            }

            ReadOnlySpan<byte> body = data.AsSpan(offset + 8, (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 8 + (int)length));
            if (Crc32.Compute(data.AsSpan(offset + 4, 4 + (int)length)) != crc)
            {
                throw new ImageFormatException(source, $"chunk {type} at byte {offset} has a bad CRC (corrupted file)");
            }

            if (!seenHeader && type != "IHDR")
            {
                throw new ImageFormatException(source, $"first chunk is {type}, expected IHDR");
            }

            switch (type)
            {
                case "IHDR":
                    if (seenHeader || length != 13)
                    {
                        throw new ImageFormatException(source, "malformed IHDR chunk");
                    }

                    seenHeader = true;
                    width = checked((int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body), int.MaxValue));
                    height = checked((int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), int.MaxValue));
                    bitDepth = body[8];
                    colorType = body[9];
                    interlace = body[12];
                    CheckHeader(source, width, height, bitDepth, colorType, body[10], body[11], interlace);
                    break;
                case "PLTE":
                    if (length % 3 != 0 || length == 0 || length > 768)
                    {
                        throw new ImageFormatException(source, $"PLTE chunk has {length} bytes, expected 3 to 768 and a multiple of 3");
                    }

                    palette = body.ToArray();
                    break;
                case "tRNS":
                    transparency = body.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(body);
                    break;
                case "IEND":
                    seenEnd = true;
                    break;
                default:
                    if (char.IsUpper(type[0]))
                    {
                        throw new ImageFormatException(source, $"unsupported critical chunk {type}");
                    }

                    break; // ancillary: ignored
            }

            offset += 12 + (int)length;
        }

        if (!seenHeader)
        {
            throw new ImageFormatException(source, "missing IHDR chunk");
        }

        if (!seenEnd)
        {
            throw new ImageFormatException(source, "missing IEND chunk (file truncated?)");
        }

        if (compressed.Length == 0)
        {
            throw new ImageFormatException(source, "no IDAT chunk (no image data)");
        }

        if (colorType == 3 && palette == null)
        {
            throw new ImageFormatException(source, "palette image without a PLTE chunk");
        }

        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int bitsPerPixel = channels * bitDepth;
        byte[] raw = Inflate(compressed, source);
        var gray = new byte[width * height];
        byte[]? alpha = colorType is 4 or 6 || transparency != null ? new byte[width * height] : null;
        var sampler = new Sampler(colorType, bitDepth, palette, transparency, source);

        int position = 0;
        if (interlace == 0)
        {
            position = DecodePass(raw, position, width, height, bitsPerPixel, sampler, gray, alpha, width, 0, 0, 1, 1, source);
        }
        else
        {
            // Adam7: (x0, y0, dx, dy) of the seven passes (PNG spec §8.2).
            int[] pass = { 0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2 };
            for (int p = 0; p < 7; p++)
            {
                int x0 = pass[4 * p], y0 = pass[4 * p + 1], dx = pass[4 * p + 2], dy = pass[4 * p + 3];
                int passWidth = (width - x0 + dx - 1) / dx;
                int passHeight = (height - y0 + dy - 1) / dy;
                if (passWidth > 0 && passHeight > 0)
                {
                    position = DecodePass(raw, position, passWidth, passHeight, bitsPerPixel, sampler, gray, alpha, width, x0, y0, dx, dy, source);
                }
            }
        }

        if (alpha != null && alpha.All(a => a == 255))
        {
            alpha = null;
        }

        return new DecodedImage(new GrayImage(width, height, gray), alpha);
    }

    private static void CheckHeader(string source, int width, int height, int bitDepth, int colorType, int compression, int filter, int interlace)
    {
        if (width < 1 || height < 1)
        {
            throw new ImageFormatException(source, $"image size {width}x{height} is empty");
        }

        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new ImageFormatException(source, $"image size {width}x{height} exceeds the limit of {MaxSide}x{MaxSide} and {MaxPixels} pixels");
        }

        bool legal = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (!legal)
        {
            throw new ImageFormatException(source, $"invalid colour type {colorType} with bit depth {bitDepth}");
        }

        if (compression != 0 || filter != 0)
        {
            throw new ImageFormatException(source, $"unknown compression method {compression} or filter method {filter}");
        }

        if (interlace > 1)
        {
            throw new ImageFormatException(source, $"unknown interlace method {interlace}");
        }
    }

    private static byte[] Inflate(MemoryStream compressed, string source)
    {
        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > MaxPixels * 8 + MaxSide * 8)
                {
                    throw new ImageFormatException(source, "image data inflates beyond the size limit");
                }
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException(source, "corrupted zlib image data: " + e.Message);
        }
    }

    /// <summary>Unfilters one (sub-)image of <paramref name="passWidth"/>×<paramref name="passHeight"/> pixels and scatters it.</summary>
    private static int DecodePass(byte[] raw, int position, int passWidth, int passHeight, int bitsPerPixel, Sampler sampler,
        byte[] gray, byte[]? alpha, int width, int x0, int y0, int dx, int dy, string source)
    {
        int stride = (int)(((long)passWidth * bitsPerPixel + 7) / 8);
        int bpp = Math.Max(1, bitsPerPixel / 8);
        var previous = new byte[stride];
        var current = new byte[stride];
        for (int row = 0; row < passHeight; row++)
        {
            if (position + 1 + stride > raw.Length)
            {
                throw new ImageFormatException(source, $"image data is truncated (row {row} of {passHeight})");
            }

            int filter = raw[position];
            Buffer.BlockCopy(raw, position + 1, current, 0, stride);
            position += 1 + stride;
            Unfilter(filter, current, previous, bpp, source);
            int y = y0 + row * dy;
            for (int col = 0; col < passWidth; col++)
            {
                int x = x0 + col * dx;
                int index = y * width + x;
                sampler.Read(current, col, out gray[index], out byte a);
                if (alpha != null)
                {
                    alpha[index] = a;
                }
            }

            (previous, current) = (current, previous);
        }

        return position;
    }

    /// <summary>Reverses the PNG filter of one scanline (spec §7.3, §9.2–9.4); <paramref name="previous"/> is the unfiltered previous line (zeros for the first).</summary>
    private static void Unfilter(int filter, byte[] line, byte[] previous, int bpp, string source)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (int i = bpp; i < line.Length; i++)
                {
                    line[i] += line[i - bpp];
                }

                break;
            case 2:
                for (int i = 0; i < line.Length; i++)
                {
                    line[i] += previous[i];
                }

                break;
            case 3:
                for (int i = 0; i < line.Length; i++)
                {
                    int left = i >= bpp ? line[i - bpp] : 0;
                    line[i] += (byte)((left + previous[i]) >> 1);
                }

                break;
            case 4:
                for (int i = 0; i < line.Length; i++)
                {
                    int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                    line[i] += (byte)Paeth(a, b, c);
                }

                break;
            default:
                throw new ImageFormatException(source, $"unknown scanline filter type {filter}");
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
    }

    /// <summary>Reads pixel <c>col</c> of an unfiltered scanline as luminance and alpha.</summary>
    private sealed class Sampler
    {
        private readonly int _colorType;
        private readonly int _bitDepth;
        private readonly byte[]? _palette;
        private readonly byte[]? _transparency;
        private readonly int _keyGray = -1;
        private readonly int _keyR = -1, _keyG = -1, _keyB = -1;

        public Sampler(int colorType, int bitDepth, byte[]? palette, byte[]? transparency, string source)
        {
            _colorType = colorType;
            _bitDepth = bitDepth;
            _palette = palette;
            _transparency = transparency;
            if (transparency != null)
            {
                if (colorType == 0 && transparency.Length >= 2)
                {
                    _keyGray = BinaryPrimitives.ReadUInt16BigEndian(transparency);
                }
                else if (colorType == 2 && transparency.Length >= 6)
                {
                    _keyR = BinaryPrimitives.ReadUInt16BigEndian(transparency);
                    _keyG = BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(2));
                    _keyB = BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(4));
                }
                else if (colorType is 4 or 6)
                {
                    throw new ImageFormatException(source, $"tRNS chunk is not allowed for colour type {colorType}");
                }
            }
        }

        public void Read(byte[] line, int col, out byte gray, out byte alpha)
        {
            alpha = 255;
            switch (_colorType)
            {
                case 0:
                {
                    int v = Sample(line, col, 0, 1);
                    gray = To8(v);
                    if (v == _keyGray)
                    {
                        alpha = 0;
                    }

                    break;
                }

                case 3:
                {
                    int index = Sample(line, col, 0, 1);
                    if (3 * index + 2 >= _palette!.Length)
                    {
                        gray = 0; // out-of-palette index: the spec calls it an error; treat as black rather than fail
                        break;
                    }

                    gray = Luma(_palette[3 * index], _palette[3 * index + 1], _palette[3 * index + 2]);
                    if (_transparency != null && index < _transparency.Length)
                    {
                        alpha = _transparency[index];
                    }

                    break;
                }

                case 4:
                    gray = To8(Sample(line, col, 0, 2));
                    alpha = To8(Sample(line, col, 1, 2));
                    break;
                case 2:
                case 6:
                {
                    int channels = _colorType == 2 ? 3 : 4;
                    int r = Sample(line, col, 0, channels), g = Sample(line, col, 1, channels), b = Sample(line, col, 2, channels);
                    gray = Luma(To8(r), To8(g), To8(b));
                    if (_colorType == 6)
                    {
                        alpha = To8(Sample(line, col, 3, channels));
                    }
                    else if (r == _keyR && g == _keyG && b == _keyB)
                    {
                        alpha = 0;
                    }

                    break;
                }

                default:
                    gray = 0;
                    break;
            }
        }

        private int Sample(byte[] line, int col, int channel, int channels)
        {
            switch (_bitDepth)
            {
                case 8:
                    return line[col * channels + channel];
                case 16:
                    int i = 2 * (col * channels + channel);
                    return (line[i] << 8) | line[i + 1];
                default:
                    // Sub-byte samples (one channel), packed most significant bits first.
                    int bit = col * _bitDepth;
                    int shift = 8 - _bitDepth - (bit & 7);
                    return (line[bit >> 3] >> shift) & ((1 << _bitDepth) - 1);
            }
        }

        private byte To8(int v) => _bitDepth switch
        {
            16 => (byte)((v * 255 + 32767) / 65535),
            8 => (byte)v,
            _ => _colorType == 3 ? (byte)v : (byte)(v * 255 / ((1 << _bitDepth) - 1)),
        };

        private static byte Luma(int r, int g, int b) => (byte)((299 * r + 587 * g + 114 * b + 500) / 1000);
    }
}
