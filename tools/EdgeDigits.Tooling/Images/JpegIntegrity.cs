using System.Buffers.Binary;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Checks of a JPEG file (ITU-T T.81 Annex B, the interchange format) that SixLabors.ImageSharp 2.1.13 does not make,
/// so that a damaged file is refused with a message instead of decoding to a silently partial image. Measured on that
/// version with a 64×48 quality-90 JPEG written by its own encoder (1,705 bytes, SOS at byte 593): cut inside the
/// entropy-coded data (at bytes 613 and 1,149) it decodes without an error, the block where the data ends mid grey
/// (128) and every row after it transparent black (RGBA 0,0,0,0: 2,045 and 1,021 of the 3,072 pixels); cut just before
/// the EOI marker (1,703 bytes) the last 8×8 block is mid grey (64 pixels); cut inside the header it throws
/// <c>InvalidImageContentException</c> ("Input stream does not have enough bytes to parse declared contents of the C4
/// marker").
/// </summary>
/// <remarks>
/// <para>
/// So the marker segments are walked here (T.81 §B.1.1.2–B.1.1.4: a marker is 0xFF, optional 0xFF fill bytes and a
/// code; every marker but SOI, EOI, RSTn and TEM is followed by a 2-byte big-endian length that counts itself), and a
/// file is refused unless it starts with SOI, every segment lies within the file, one frame header (SOF0 baseline,
/// SOF1 extended sequential or SOF2 progressive, all Huffman-coded, 8-bit samples; §B.2.2) comes before the first scan
/// header (SOS, §B.2.3), the entropy-coded data after each SOS runs to a marker (0xFF 0x00 is a stuffed data byte,
/// RSTn a restart inside the data; §B.1.1.5, §F.1.2.3), and EOI ends the image. Lossless (SOF3), hierarchical
/// (differential SOF5–7, DHP, EXP), arithmetic-coded (SOF9–11, SOF13–15) frames, the JPG extension marker, 12-bit
/// samples and a height left to a later DNL marker are refused as unsupported.
/// </para>
/// <para>
/// The size in the frame header is checked against the limits as soon as it is read (<see cref="ImageLoader.CheckSize"/>),
/// before ImageSharp allocates a pixel buffer. ImageSharp is given a rewritten file (<see cref="Layout.Joined"/>): up to
/// the first EOI (anything after it, such as a second image appended by a camera, is dropped), without comments and
/// application segments other than JFIF (APP0), Exif (APP1, for the orientation) and Adobe (APP14, which tells
/// ImageSharp the colour transform), so that its ICC, IPTC and XMP readers never see the file.
/// </para>
/// <para>
/// Not checked: whether a scan's entropy-coded data holds as many blocks as the frame needs (that takes Huffman
/// decoding). Data cut out of the middle of a scan that still ends with a marker decodes grey where it is missing.
/// </para>
/// </remarks>
internal static class JpegIntegrity
{
    /// <summary>The segment layout, walked without decoding.</summary>
    /// <param name="Width">Samples per line from the frame header, pixels (before any Exif orientation).</param>
    /// <param name="Height">Number of lines from the frame header, pixels.</param>
    /// <param name="Joined">The file for ImageSharp: SOI, the kept segments and the scans, EOI; nothing after it.</param>
    internal sealed record Layout(int Width, int Height, byte[] Joined);

    /// <summary>
    /// True when <paramref name="data"/> starts with the SOI marker (0xFF 0xD8, T.81 §B.2.1): what follows is then
    /// checked as JPEG, so that bytes other than a marker after SOI are named as malformed JPEG.
    /// </summary>
    internal static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0xFF && data[1] == 0xD8;

    /// <summary>
    /// The width and height the frame header declares, from the first bytes of a file, for the size check made before
    /// the rest of a file is read; null when no frame header lies within <paramref name="head"/> (Exif and ICC segments
    /// of up to 64 KiB each may come first) or a segment before it is broken (<see cref="ReadLayout"/> then says what is
    /// wrong), and when the height is 0 (left to a DNL marker, refused by <see cref="ReadLayout"/>).
    /// </summary>
    /// <param name="head">The first bytes of the file, SOI included.</param>
    /// <returns>(width, height) in pixels, or null.</returns>
    internal static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> head)
    {
        if (!IsJpeg(head))
        {
            return null;
        }

        int offset = 2;
        while (NextMarker(head, ref offset) is int code && code != 0xD9 && code != 0xDA)
        {
            if (IsStandalone(code))
            {
                continue;
            }

            if (head.Length - offset < 2)
            {
                return null;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(head[offset..]);
            if (IsFrame(code))
            {
                if (length < 8 || head.Length - offset < 7)
                {
                    return null;
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(head[(offset + 3)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(head[(offset + 5)..]);
                return height == 0 ? null : (width, height);
            }

            if (length < 2)
            {
                return null;
            }

            offset += length;
        }

        return null;
    }

    /// <summary>
    /// Walks the marker segments from SOI to EOI (T.81 Annex B): each within the file, one supported frame header before
    /// the first scan, entropy-coded data after each scan header ending at a marker, EOI present; checks the frame's size
    /// against the limits as soon as it is read; and builds the file ImageSharp decodes (<see cref="Layout.Joined"/>).
    /// </summary>
    /// <param name="data">The file bytes, starting with SOI.</param>
    /// <param name="source">Name used in error messages (the file path).</param>
    /// <exception cref="ImageFormatException">"truncated JPEG: …" for a file that ends before its EOI marker, "malformed
    /// JPEG: …" for a broken segment layout, "unsupported JPEG: …" for a coding process other than Huffman-coded 8-bit
    /// baseline, extended sequential or progressive, and the size limits' message for a frame over them.</exception>
    internal static Layout ReadLayout(byte[] data, string source)
    {
        if (!IsJpeg(data))
        {
            throw new ImageFormatException(source, "malformed JPEG: the file does not start with an SOI marker (FF D8)");
        }

        var joined = new MemoryStream(data.Length);
        joined.Write(data, 0, 2);
        int offset = 2, width = 0, height = 0, frame = 0, scans = 0;
        while (true)
        {
            int at = offset;
            int code = NextMarker(data, ref offset)
                ?? throw (offset >= data.Length
                    ? new ImageFormatException(source, $"truncated JPEG: the file ends at byte {data.Length} without an EOI marker")
                    : new ImageFormatException(source, $"malformed JPEG: expected a marker at byte {offset}, found byte 0x{data[offset]:X2}"));
            if (code == 0xD9)
            {
                break;
            }

            if (code is >= 0xD0 and <= 0xD7)
            {
                throw new ImageFormatException(source, $"malformed JPEG: restart marker RST{code - 0xD0} at byte {at} outside a scan's data");
            }

            if (code == 0xD8)
            {
                throw new ImageFormatException(source, $"malformed JPEG: a second SOI marker at byte {at}");
            }

            if (code == 0x01)
            {
                continue; // TEM: no length, no meaning here.
            }

            if (data.Length - offset < 2)
            {
                throw new ImageFormatException(source, $"truncated JPEG: the length of marker FF{code:X2} at byte {at} is cut off");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
            if (length < 2)
            {
                throw new ImageFormatException(source, $"malformed JPEG: marker FF{code:X2} at byte {at} declares a segment length of {length}");
            }

            if (data.Length - offset < length)
            {
                throw new ImageFormatException(source, $"truncated JPEG: the FF{code:X2} segment at byte {at} ({length} bytes) runs past the end of the file");
            }

            ReadOnlySpan<byte> body = data.AsSpan(offset + 2, length - 2);
            if (IsFrame(code))
            {
                if (frame != 0)
                {
                    throw new ImageFormatException(source, $"malformed JPEG: a second frame header (FF{code:X2}) at byte {at}");
                }

                if (code is not (0xC0 or 0xC1 or 0xC2))
                {
                    throw new ImageFormatException(source, $"unsupported JPEG: {FrameName(code)} frame (SOF{code - 0xC0}); only Huffman-coded baseline, extended sequential and progressive are read");
                }

                if (body.Length < 6 || body.Length != 6 + 3 * body[5] || body[5] == 0)
                {
                    throw new ImageFormatException(source, $"malformed JPEG: frame header of {length} bytes at byte {at} (8 + 3 per component, at least one)");
                }

                if (body[0] != 8)
                {
                    throw new ImageFormatException(source, $"unsupported JPEG: {body[0]}-bit samples; only 8-bit are read");
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
                if (height == 0)
                {
                    throw new ImageFormatException(source, "unsupported JPEG: the frame header leaves the height to a DNL marker");
                }

                // Before anything is allocated for the pixels: a 60000×60000 frame in a 200-byte file is refused here.
                ImageLoader.CheckSize(width, height, source);
                frame = code;
            }
            else if (code == 0xC8 || code == 0xDE || code == 0xDF)
            {
                throw new ImageFormatException(source, $"unsupported JPEG: marker FF{code:X2} ({(code == 0xC8 ? "JPEG extension" : "hierarchical mode")})");
            }

            bool keep = code switch
            {
                0xFE => false, // COM
                0xE0 => body.StartsWith("JFIF\0"u8) || body.StartsWith("JFXX\0"u8),
                0xE1 => body.StartsWith("Exif\0"u8),
                0xEE => body.StartsWith("Adobe"u8),
                >= 0xE0 and <= 0xEF => false,
                _ => true,
            };
            if (keep)
            {
                joined.Write(data, at, offset + length - at);
            }

            offset += length;
            if (code != 0xDA)
            {
                continue;
            }

            if (frame == 0)
            {
                throw new ImageFormatException(source, $"malformed JPEG: scan header (SOS) at byte {at} before any frame header (SOFn)");
            }

            if (body.Length < 1 || body.Length != 4 + 2 * body[0] || body[0] is 0 or > 4)
            {
                throw new ImageFormatException(source, $"malformed JPEG: scan header of {length} bytes at byte {at} (6 + 2 per component, 1 to 4 components)");
            }

            scans++;
            int end = ScanEnd(data, offset);
            if (end < 0)
            {
                throw new ImageFormatException(source, $"truncated JPEG: the entropy-coded data of scan {scans} (from byte {offset}) ends with the file, without an EOI marker");
            }

            joined.Write(data, offset, end - offset);
            offset = end;
        }

        if (frame == 0)
        {
            throw new ImageFormatException(source, "malformed JPEG: no frame header (SOFn) before EOI");
        }

        if (scans == 0)
        {
            throw new ImageFormatException(source, "malformed JPEG: no scan (SOS) before EOI");
        }

        joined.Write(data, offset - 2, 2);
        return new Layout(width, height, joined.ToArray());
    }

    /// <summary>
    /// Reads a marker at <paramref name="offset"/>: 0xFF, any further 0xFF fill bytes, then a code other than 0x00 and
    /// 0xFF (T.81 §B.1.1.2). Returns the code with <paramref name="offset"/> just past it, or null with
    /// <paramref name="offset"/> at the byte that is not a marker (the length of the data when it ends first).
    /// </summary>
    private static int? NextMarker(ReadOnlySpan<byte> data, ref int offset)
    {
        if (offset >= data.Length || data[offset] != 0xFF)
        {
            return null;
        }

        int at = offset + 1;
        while (at < data.Length && data[at] == 0xFF)
        {
            at++;
        }

        if (at >= data.Length)
        {
            offset = data.Length;
            return null;
        }

        if (data[at] == 0x00)
        {
            return null;
        }

        offset = at + 1;
        return data[at];
    }

    /// <summary>
    /// The offset of the marker that ends entropy-coded data starting at <paramref name="offset"/>: the first 0xFF not
    /// followed by 0x00 (a stuffed byte), 0xFF (fill) or 0xD0–0xD7 (RSTn); −1 when the data runs to the end of the file.
    /// </summary>
    private static int ScanEnd(byte[] data, int offset)
    {
        while (true)
        {
            int found = data.AsSpan(offset).IndexOf((byte)0xFF);
            if (found < 0)
            {
                return -1;
            }

            int at = offset + found;
            if (at + 1 >= data.Length)
            {
                return -1;
            }

            byte next = data[at + 1];
            if (next == 0xFF)
            {
                offset = at + 1;
            }
            else if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                offset = at + 2;
            }
            else
            {
                return at;
            }
        }
    }

    /// <summary>SOI, EOI, RST0–7 and TEM stand alone; every other marker begins a segment with a length (T.81 §B.1.1.3).</summary>
    private static bool IsStandalone(int code) => code is 0x01 or (>= 0xD0 and <= 0xD9);

    /// <summary>SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) (T.81 Table B.1).</summary>
    private static bool IsFrame(int code) => code is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static string FrameName(int code) => code switch
    {
        0xC3 => "lossless",
        0xC5 or 0xC6 or 0xC7 => "differential (hierarchical)",
        0xC9 or 0xCA => "arithmetic-coded",
        0xCB => "arithmetic-coded lossless",
        _ => "arithmetic-coded differential (hierarchical)",
    };
}
