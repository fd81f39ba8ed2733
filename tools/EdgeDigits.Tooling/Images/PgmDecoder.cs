namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Netpbm PGM decoder (https://netpbm.sourceforge.net/doc/pgm.html): P2 (plain, ASCII) and P5 (raw) with any
/// maxval 1..65535 (two bytes per sample, big-endian, above 255); <c>#</c> comments in the header. Samples are
/// rescaled to 0..255 (round(v·255 / maxval)). PGM stores gray where 0 is black. The size is checked against
/// <see cref="ImageLoader.MaxSide"/> and <see cref="ImageLoader.MaxPixels"/> from the header, before the raster is
/// allocated.
/// </summary>
/// <remarks>
/// Kept instead of SixLabors.ImageSharp 2.1.13's PBM decoder, which this project uses for PNG: measured on that
/// version, it reads 16-bit raw samples in little-endian order (bytes 00 FF decode as 254, not 1; fixed upstream in
/// ImageSharp PR #3164, not in 2.1), misreads raw 8-bit samples under a maxval other than 255 (maxval 100: 50 decodes
/// as 100, not 128), accepts maxval 70000
/// (validated upstream from PR #3134), and pads a truncated raster or a short P2 pixel list without an error.
/// </remarks>
public static class PgmDecoder
{
    /// <summary>True when <paramref name="data"/> starts with a P2 or P5 magic number.</summary>
    public static bool IsPgm(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == (byte)'P' && (data[1] == (byte)'2' || data[1] == (byte)'5');

    /// <summary>Decodes a PGM file's bytes.</summary>
    /// <param name="data">The file.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <exception cref="ImageFormatException">The data is not a valid P2/P5 PGM.</exception>
    public static GrayImage Decode(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsPgm(data))
        {
            throw new ImageFormatException(source, "not a PGM file (expected magic P2 or P5)");
        }

        bool plain = data[1] == (byte)'2';
        int position = 2;
        ReadSize(data, ref position, source, head: false, out int width, out int height);
        int maxval = ReadNumber(data, ref position, source, "maxval");
        // Before the raster is allocated: a 16384×16384 header is refused here, whatever the file's length.
        ImageLoader.CheckSize(width, height, source);

        if (maxval < 1 || maxval > 65535)
        {
            throw new ImageFormatException(source, $"maxval {maxval} is outside 1..65535");
        }

        // The file must hold the raster before the raster is allocated: a 200-byte file declaring 16384×4096 is
        // refused without taking 64 MiB (found by ImageFuzzTests).
        int count = width * height;
        byte[] pixels;
        if (plain)
        {
            // A sample is at least one digit and samples are separated by whitespace: 2·count − 1 bytes at least.
            long least = 2L * count - 1;
            if (data.Length - position < least)
            {
                throw new ImageFormatException(source, $"raster is truncated: {data.Length - position} bytes cannot hold {count} plain samples (at least {least})");
            }

            pixels = new byte[count];
            for (int i = 0; i < pixels.Length; i++)
            {
                int v = ReadNumber(data, ref position, source, $"pixel {i} of {pixels.Length}");
                pixels[i] = Scale(v, maxval, source, i);
            }
        }
        else
        {
            // Exactly one whitespace byte separates maxval from the raster.
            if (position >= data.Length || !IsSpace(data[position]))
            {
                throw new ImageFormatException(source, "missing whitespace after maxval");
            }

            position++;
            int bytesPerSample = maxval > 255 ? 2 : 1;
            long needed = (long)count * bytesPerSample;
            if (data.Length - position < needed)
            {
                throw new ImageFormatException(source, $"raster is truncated: {data.Length - position} bytes, expected {needed}");
            }

            pixels = new byte[count];
            for (int i = 0; i < pixels.Length; i++)
            {
                int v = bytesPerSample == 1 ? data[position + i] : (data[position + 2 * i] << 8) | data[position + 2 * i + 1];
                pixels[i] = Scale(v, maxval, source, i);
            }
        }

        return new GrayImage(width, height, pixels);
    }

    /// <summary>
    /// Checks the size a PGM header declares from the first bytes of a longer file, before the rest is read: the magic
    /// number, width and height must lie within <paramref name="head"/>, and the size within
    /// <see cref="ImageLoader.MaxSide"/> and <see cref="ImageLoader.MaxPixels"/>.
    /// </summary>
    /// <param name="head">The first bytes of the file (a prefix; the whole file goes to <see cref="Decode"/>).</param>
    /// <param name="source">Name used in error messages.</param>
    /// <exception cref="ImageFormatException">Not a PGM, a malformed width or height, a size outside the limits, or a
    /// header whose width and height do not end within <paramref name="head"/>.</exception>
    public static void CheckHeader(ReadOnlySpan<byte> head, string source)
    {
        if (!IsPgm(head))
        {
            throw new ImageFormatException(source, "not a PGM file (expected magic P2 or P5)");
        }

        int position = 2;
        if (!ReadSize(head, ref position, source, head: true, out int width, out int height))
        {
            throw new ImageFormatException(source, $"the PGM header does not give the width and height within its first {head.Length} bytes");
        }

        ImageLoader.CheckSize(width, height, source);
    }

    /// <summary>Reads the width and height; with <paramref name="head"/>, false when the data ends before both are read.</summary>
    private static bool ReadSize(ReadOnlySpan<byte> data, ref int position, string source, bool head, out int width, out int height)
    {
        height = -1;
        width = ReadNumber(data, ref position, source, "width", head);
        if (width >= 0)
        {
            height = ReadNumber(data, ref position, source, "height", head);
        }

        return width >= 0 && height >= 0;
    }

    private static byte Scale(int v, int maxval, string source, int index)
    {
        if (v > maxval)
        {
            throw new ImageFormatException(source, $"pixel {index} has value {v}, above maxval {maxval}");
        }

        return (byte)((v * 255 + maxval / 2) / maxval);
    }

    /// <summary>
    /// The width and height, pixels, a PGM header declares within <paramref name="head"/>, read without throwing; null
    /// when <paramref name="head"/> is not a PGM, its width or height is malformed or too large, or they do not end
    /// within it (<see cref="Decode"/> and <see cref="CheckHeader"/> then say what is wrong).
    /// </summary>
    /// <param name="head">The first bytes of the file.</param>
    public static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> head)
    {
        if (!IsPgm(head))
        {
            return null;
        }

        int position = 2;
        return ScanNumber(head, ref position, head: true, out int width) == Scan.Number
               && ScanNumber(head, ref position, head: true, out int height) == Scan.Number
            ? (width, height)
            : null;
    }

    /// <summary>What <see cref="ScanNumber"/> found.</summary>
    private enum Scan
    {
        Number,
        End,
        NotANumber,
        TooLarge,
    }

    /// <summary>
    /// Reads a decimal number after whitespace and <c>#</c> comments. With <paramref name="head"/> the data is a prefix of
    /// the file, and digits that reach its last byte may go on in the rest: that is <see cref="Scan.End"/> too.
    /// </summary>
    private static Scan ScanNumber(ReadOnlySpan<byte> data, ref int position, bool head, out int value)
    {
        value = -1;
        while (position < data.Length && (IsSpace(data[position]) || data[position] == (byte)'#'))
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n' && data[position] != (byte)'\r')
                {
                    position++;
                }
            }
            else
            {
                position++;
            }
        }

        if (position >= data.Length)
        {
            return Scan.End;
        }

        if (data[position] < (byte)'0' || data[position] > (byte)'9')
        {
            return Scan.NotANumber;
        }

        long number = 0;
        while (position < data.Length && data[position] >= (byte)'0' && data[position] <= (byte)'9')
        {
            number = number * 10 + (data[position] - '0');
            if (number > int.MaxValue)
            {
                return Scan.TooLarge;
            }

            position++;
        }

        if (head && position >= data.Length)
        {
            return Scan.End;
        }

        value = (int)number;
        return Scan.Number;
    }

    /// <summary>
    /// Reads a decimal number after whitespace and comments (<see cref="ScanNumber"/>); with <paramref name="head"/>, -1
    /// says the data ends before the number does.
    /// </summary>
    /// <exception cref="ImageFormatException">No number there, a number over int.MaxValue, or (without
    /// <paramref name="head"/>) the end of the file.</exception>
    private static int ReadNumber(ReadOnlySpan<byte> data, ref int position, string source, string what, bool head = false) =>
        ScanNumber(data, ref position, head, out int value) switch
        {
            Scan.Number => value,
            Scan.End when head => -1,
            Scan.End => throw new ImageFormatException(source, $"unexpected end of file reading the {what}"),
            Scan.NotANumber => throw new ImageFormatException(source, $"expected a number for the {what}, found {Describe(data[position])}"),
            _ => throw new ImageFormatException(source, $"the {what} is too large"),
        };

    /// <summary>A byte as an error quotes it: <c>'x'</c> when printable ASCII, else <c>byte 0x1B</c>.</summary>
    private static string Describe(byte b) => b is > 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
}
