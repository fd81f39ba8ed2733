using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace EdgeDigits.Tooling;

/// <summary>
/// The one rule for reporting a zlib (RFC 1950, a PNG's image data) or gzip (RFC 1952, an IDX file) stream that
/// System.IO.Compression refused. Its exceptions are never quoted: for any damaged data, whether a bad header, bad
/// deflate data or a checksum that does not match, the message is "The archive entry was compressed using an
/// unsupported compression method." (for some headers "The underlying compression routine returned an unexpected
/// error code."), which misleads, since nothing is unsupported. Instead the stream is looked at again, within a bound
/// on its output, to say which part is wrong in the project's words: the header, the deflate data, or the checksum
/// (when the data decompresses on its own, it is known to be the checksum). A truncated stream is no exception at
/// all (.NET stops silently), so the callers check lengths themselves.
/// </summary>
public static class CompressedStreams
{
    /// <summary>What is said of a damaged zlib stream when the part at fault is not known.</summary>
    public const string ZlibDamage = "bad deflate stream or Adler-32 checksum";

    /// <summary>What is said of a damaged gzip stream when the part at fault is not known.</summary>
    public const string GzipDamage = "bad deflate stream or CRC-32 checksum";

    /// <summary>What is said of damaged compressed data of an unknown format when the part at fault is not known.</summary>
    public const string UnknownDamage = "bad header, deflate stream or checksum";

    /// <summary>True for an exception System.IO.Compression throws for damaged data: an
    /// <see cref="InvalidDataException"/>, or its internal <c>ZLibException</c> (an <see cref="IOException"/>).</summary>
    /// <param name="e">Any exception.</param>
    /// <returns>Whether <paramref name="e"/> was thrown by System.IO.Compression.</returns>
    public static bool IsDamage(Exception e) =>
        e is InvalidDataException or IOException && e.Source == "System.IO.Compression";

    /// <summary>Says what is wrong with a zlib stream that <see cref="ZLibStream"/> refused.</summary>
    /// <param name="zlib">The whole zlib stream.</param>
    /// <param name="maxOutput">Most bytes inflated while looking (beyond them the answer is <see cref="ZlibDamage"/>).</param>
    /// <returns>A short phrase such as "Adler-32 checksum mismatch" or "bad deflate stream", without the file name.</returns>
    public static string DescribeZlib(byte[] zlib, long maxOutput)
    {
        ArgumentNullException.ThrowIfNull(zlib);
        if (zlib.Length < 2)
        {
            return ZlibDamage;
        }

        int cmf = zlib[0], flg = zlib[1];
        if ((cmf & 0x0F) != 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 != 0)
        {
            return "bad zlib header";
        }

        if ((flg & 0x20) != 0)
        {
            return "bad zlib header: it asks for a preset dictionary";
        }

        return Inflate(zlib, 2, maxOutput).Outcome switch
        {
            Outcome.Inflated => "Adler-32 checksum mismatch",
            Outcome.Damaged => "bad deflate stream",
            _ => ZlibDamage,
        };
    }

    /// <summary>Says what is wrong with a gzip file, of one member or several, that <see cref="GZipStream"/> refused.</summary>
    /// <param name="gzip">The whole file.</param>
    /// <param name="maxOutput">Most bytes inflated while looking, over all members (beyond them the answer is <see cref="GzipDamage"/>).</param>
    /// <returns>A short phrase such as "CRC-32 checksum mismatch" or "bad deflate stream", without the file name.</returns>
    public static string DescribeGzip(byte[] gzip, long maxOutput)
    {
        ArgumentNullException.ThrowIfNull(gzip);
        int start = 0;
        while (true)
        {
            string where = start == 0 ? "" : $" in the gzip member at byte {start}";
            int body = GzipBody(gzip, start);
            if (body < 0)
            {
                return "bad gzip header" + where;
            }

            Inflated member = Inflate(gzip, body, maxOutput);
            if (member.Outcome != Outcome.Inflated)
            {
                return member.Outcome == Outcome.Damaged ? "bad deflate stream" + where : GzipDamage;
            }

            // The trailer (CRC-32, then the length mod 2^32, little-endian) follows the deflate data, whose end is not
            // reported: look for the trailer the data should have. Not found, this member's trailer is what is wrong.
            var trailer = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, member.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), (uint)member.Length);
            int found = gzip.AsSpan(body).IndexOf(trailer);
            if (found < 0)
            {
                // The last member usually ends the file, so its trailer is the file's last 8 bytes.
                bool lengthMatches = gzip.Length - body >= 8 && gzip.AsSpan(gzip.Length - 4).SequenceEqual(trailer.AsSpan(4));
                bool crcMatches = gzip.Length - body >= 8 && gzip.AsSpan(gzip.Length - 8, 4).SequenceEqual(trailer.AsSpan(0, 4));
                return (lengthMatches ? "CRC-32 checksum mismatch" : crcMatches ? "length mismatch: the gzip trailer states another length"
                    : "CRC-32 checksum or length mismatch") + where;
            }

            // This member is sound; the fault lies in a later one.
            start = body + found + 8;
            maxOutput -= member.Length;
            if (gzip.Length - start < 2 || gzip[start] != 0x1F || gzip[start + 1] != 0x8B)
            {
                return GzipDamage;
            }
        }
    }

    /// <summary>Where the deflate data of the gzip member starting at <paramref name="start"/> begins (RFC 1952 §2.3), or -1 for a bad header.</summary>
    private static int GzipBody(byte[] gzip, int start)
    {
        if (gzip.Length - start < 10 || gzip[start] != 0x1F || gzip[start + 1] != 0x8B || gzip[start + 2] != 8 || (gzip[start + 3] & 0xE0) != 0)
        {
            return -1;
        }

        int flags = gzip[start + 3];
        long p = start + 10;
        if ((flags & 0x04) != 0)
        {
            p = p + 2 > gzip.Length ? -1 : p + 2 + BinaryPrimitives.ReadUInt16LittleEndian(gzip.AsSpan((int)p));
        }

        foreach (int flag in new[] { 0x08, 0x10 })
        {
            if (p >= 0 && p <= gzip.Length && (flags & flag) != 0)
            {
                int zero = gzip.AsSpan((int)p).IndexOf((byte)0);
                p = zero < 0 ? -1 : p + zero + 1;
            }
        }

        if (p >= 0 && (flags & 0x02) != 0)
        {
            // FHCRC: the low 16 bits of the CRC-32 of the header before it.
            if (p + 2 > gzip.Length || BinaryPrimitives.ReadUInt16LittleEndian(gzip.AsSpan((int)p)) != (ushort)Crc32.HashToUInt32(gzip.AsSpan(start, (int)p - start)))
            {
                return -1;
            }

            p += 2;
        }

        return p < 0 || p > gzip.Length ? -1 : (int)p;
    }

    private enum Outcome
    {
        Inflated,
        Damaged,
        TooLong,
    }

    private readonly record struct Inflated(Outcome Outcome, uint Crc, long Length);

    /// <summary>Inflates the raw deflate data at <paramref name="offset"/> (which ends by itself; what follows is ignored).</summary>
    private static Inflated Inflate(byte[] data, int offset, long maxOutput)
    {
        var crc = new Crc32();
        long length = 0;
        var buffer = new byte[81920];
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(data, offset, data.Length - offset, writable: false), CompressionMode.Decompress);
            int n;
            while ((n = deflate.Read(buffer)) > 0)
            {
                length += n;
                if (length > maxOutput)
                {
                    return new Inflated(Outcome.TooLong, 0, length);
                }

                crc.Append(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return new Inflated(Outcome.Damaged, 0, length);
        }

        return new Inflated(Outcome.Inflated, crc.GetCurrentHashAsUInt32(), length);
    }
}
