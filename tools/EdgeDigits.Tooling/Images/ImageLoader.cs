using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EdgeDigits.Tooling.Images;

/// <summary>
/// Loads PNG, JPEG and PGM files (recognized by their signature, not their extension) as luminance; transparency is
/// flattened onto the background that contrasts with the opaque pixels (see <see cref="Flatten"/>).
/// </summary>
/// <remarks>
/// PNG is decoded by SixLabors.ImageSharp 2.1 (every colour type and bit depth, tRNS, Adam7), after <c>PngIntegrity</c>
/// has checked what that decoder lets through or mishandles (truncation, chunk CRCs, short image data, Adler-32, image
/// data split by other chunks, palettes) and rewritten the file for it (the IDAT chunks joined into one, no metadata
/// chunks, the palette padded), and after the size in the header has been checked, so an image over
/// <see cref="MaxSide"/> or <see cref="MaxPixels"/> (a decompression bomb) is refused before any pixel buffer is allocated.
/// Colour becomes luminance Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), rounded; 16-bit samples are rounded to 8
/// bits by ImageSharp.
/// <para>
/// JPEG (baseline, extended sequential and progressive, Huffman-coded, 8-bit: grayscale, YCbCr, RGB, CMYK and Adobe
/// YCCK as ImageSharp 2.1 converts them) is decoded by ImageSharp after <c>JpegIntegrity</c> has walked its marker
/// segments (ITU-T T.81 Annex B), refused a file cut before its EOI marker (which ImageSharp decodes silently, grey and
/// transparent black past the cut), refused lossless, hierarchical and arithmetic-coded files as unsupported, and
/// checked the frame header's size against the limits before any pixel buffer is allocated. The Exif orientation
/// (tag 0x0112) is applied, so a phone photo stored sideways is read upright with its width and height swapped. JPEG
/// is lossy: a dark stroke on paper gets ringing (a few levels of ripple) along its edges.
/// </para>
/// <para>PGM is decoded by <see cref="PgmDecoder"/>.</para>
/// </remarks>
public static class ImageLoader
{
    /// <summary>Largest accepted width or height, pixels.</summary>
    public const int MaxSide = 16384;

    /// <summary>Largest accepted pixel count (64 Mi: 64 MiB of luminance, 256 MiB of RGBA while decoding).</summary>
    public const long MaxPixels = 64L << 20;

    /// <summary>File extensions treated as images when a directory is scanned.</summary>
    public static readonly string[] Extensions = { ".png", ".jpg", ".jpeg", ".pgm" };

    /// <summary>The problem named for a file that is none of the formats read.</summary>
    internal const string UnsupportedFormat = "unsupported image format (expected PNG, JPEG or PGM P2/P5)";

    /// <summary>
    /// ImageSharp restricted to PNG: anything else is refused as an unsupported format. Internal for ImageFuzzTests,
    /// which give it a <c>SimpleGcMemoryAllocator</c> so that the decoder's buffers (pooled or unmanaged by default)
    /// show in the managed allocation count they bound.
    /// </summary>
    internal static readonly Configuration PngOnly = new(new PngConfigurationModule());

    /// <summary>
    /// ImageSharp restricted to JPEG, as <see cref="PngOnly"/> is to PNG: a file told to be JPEG by its SOI marker is
    /// never handed to another format's decoder. Internal for ImageFuzzTests (its allocator, as for PngOnly).
    /// </summary>
    internal static readonly Configuration JpegOnly = new(new JpegConfigurationModule());

    private static readonly byte[] PngSignature = { 137, 80, 78, 71, 13, 10, 26, 10 };

    /// <summary>True when <paramref name="path"/> has an image extension.</summary>
    public static bool IsImagePath(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>True when <paramref name="data"/> starts with the 8-byte PNG signature (PNG spec §5.2).</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(PngSignature);

    /// <summary>True when <paramref name="data"/> starts with a JPEG SOI marker (FF D8, ITU-T T.81 §B.2.1).</summary>
    public static bool IsJpeg(ReadOnlySpan<byte> data) => JpegIntegrity.IsJpeg(data);

    /// <summary>Loads an image file.</summary>
    /// <param name="path">The file; its name starts every error message.</param>
    /// <returns>The luminance, 0 = black.</returns>
    /// <exception cref="ImageFormatException">The file cannot be read, is not a regular file, is over
    /// <see cref="MaxFileBytes"/>, is not PNG/JPEG/PGM, is malformed or declares a size over the limits (checked from its
    /// first <see cref="HeadBytes"/> before the rest is read); the message names the file and the problem.</exception>
    public static GrayImage Load(string path)
    {
        byte[] data;
        try
        {
            // The size in the header is checked from the first HeadBytes, before the rest of the file is read: a
            // 16384×16384 PGM used to be refused only once its 268 MB were in memory.
            data = InputFile.ReadAllBytes(path, MaxFileBytes, HeadBytes, head => CheckHeader(head, path));
        }
        catch (InputFileException e)
        {
            throw new ImageFormatException(path, "cannot read: " + e.Problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, "cannot read: " + e.Message);
        }

        return Decode(data, path);
    }

    /// <summary>Bytes of a file <see cref="Load"/> reads first to check the size its header declares (64 KiB).</summary>
    public const int HeadBytes = 64 << 10;

    /// <summary>
    /// Largest image file <see cref="Load"/> reads (1 GiB): more than any image within <see cref="MaxPixels"/> needs
    /// (a 16-bit RGBA PNG stored uncompressed takes 512 MiB, a plain 16-bit PGM 384 MiB).
    /// </summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>
    /// Checks, from the first bytes of an image file longer than them, the size its header declares against the limits,
    /// before the rest is read: a PGM's width and height (<see cref="PgmDecoder.CheckHeader"/>), a PNG's IHDR, a JPEG's
    /// frame header (SOFn, ITU-T T.81 §B.2.2) when it lies within <paramref name="head"/> (Exif and ICC segments of up to
    /// 64 KiB each may come first; <see cref="Decode"/> then checks it before any pixel buffer). Other content is left
    /// to <see cref="Decode"/>.
    /// </summary>
    /// <param name="head">The first bytes of the file.</param>
    /// <param name="source">Name used in error messages (the file path).</param>
    /// <exception cref="ImageFormatException">The declared size is outside the limits, or a PGM header does not give it
    /// within <paramref name="head"/>.</exception>
    public static void CheckHeader(ReadOnlySpan<byte> head, string source)
    {
        if (PgmDecoder.IsPgm(head))
        {
            PgmDecoder.CheckHeader(head, source);
        }
        else if (DeclaredSize(head) is { } size)
        {
            CheckSize(size.Width, size.Height, source);
        }
    }

    /// <summary>
    /// The width and height, pixels, a PNG's IHDR (PNG spec §11.2.2), a JPEG's frame header (SOFn, ITU-T T.81
    /// §B.2.2) or a PGM's header declares within <paramref name="head"/>, read without decoding and without throwing;
    /// null for other formats or when the header does not lie within <paramref name="head"/> (the decoder then says
    /// what is wrong).
    /// </summary>
    /// <param name="head">The first bytes of the file.</param>
    public static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> head) =>
        IsPng(head) ? PngIntegrity.DeclaredSize(head)
        : IsJpeg(head) ? JpegIntegrity.DeclaredSize(head)
        : PgmDecoder.DeclaredSize(head);

    /// <summary>Decodes image bytes (PNG, JPEG or PGM).</summary>
    /// <param name="data">The file bytes.</param>
    /// <param name="source">Name used in error messages (the file path).</param>
    /// <returns>The luminance, 0 = black; transparency flattened; a JPEG turned upright by its Exif orientation.</returns>
    /// <exception cref="ImageFormatException">Not PNG/JPEG/PGM, malformed, truncated, using an unsupported feature
    /// ("unsupported JPEG: …", "unsupported PNG: …"), or over the size limits.</exception>
    public static GrayImage Decode(byte[] data, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (IsPng(data))
        {
            return DecodePng(data, source);
        }

        if (IsJpeg(data))
        {
            return DecodeJpeg(data, source);
        }

        if (PgmDecoder.IsPgm(data))
        {
            return PgmDecoder.Decode(data, source);
        }

        throw new ImageFormatException(source, UnsupportedFormat);
    }

    /// <summary>Throws when a declared size is empty or over <see cref="MaxSide"/>/<see cref="MaxPixels"/>.</summary>
    /// <exception cref="ImageFormatException">The size is outside the limits.</exception>
    public static void CheckSize(long width, long height, string source)
    {
        if (width < 1 || height < 1)
        {
            throw new ImageFormatException(source, $"image size {width}x{height} is empty");
        }

        if (width > MaxSide || height > MaxSide || width * height > MaxPixels)
        {
            throw new ImageFormatException(source, $"image size {width}x{height} is too large: the limit is {MaxSide} pixels a side and {MaxPixels} pixels");
        }
    }

    private static GrayImage DecodePng(byte[] data, string source)
    {
        PngIntegrity.Layout layout = PngIntegrity.ReadLayout(data, source);

        // The size from the header alone, as the unsigned 32-bit numbers it stores (ImageSharp reads them as int, so a
        // width of 2^31 would be reported as negative): a bomb is refused before the inflation check and the pixel buffers.
        CheckSize(layout.Width, layout.Height, source);
        Image<Rgba32> image;
        try
        {
            image = LoadChecked(PngOnly, layout.Joined, "PNG", source, info =>
            {
                CheckSize(info.Width, info.Height, source);
                PngIntegrity.CheckImageData(layout, source);
            });
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // .NET's inflater behind ImageSharp's: InvalidDataException, or its ZLibException (an IOException).
            // Never .NET's message ("unsupported compression method" for any damage); PngIntegrity found the stream sound.
            throw new ImageFormatException(source, $"corrupted zlib image data ({CompressedStreams.ZlibDamage})");
        }

        using (image)
        {
            return Luminance(image);
        }
    }

    private static GrayImage DecodeJpeg(byte[] data, string source)
    {
        // The segments, the frame's size against the limits, truncation: before ImageSharp allocates anything.
        JpegIntegrity.Layout layout = JpegIntegrity.ReadLayout(data, source);
        using Image<Rgba32> image = LoadChecked(JpegOnly, layout.Joined, "JPEG", source, info =>
        {
            if ((info.Width, info.Height) != (layout.Width, layout.Height))
            {
                throw new ImageFormatException(source, $"malformed JPEG: ImageSharp reads a {info.Width}x{info.Height} frame, the frame header declares {layout.Width}x{layout.Height}");
            }
        });

        // Exif orientation 2..8: a phone held sideways stores the sensor's rows and says how to turn them.
        // AutoOrient reads the tag ImageSharp parsed from the APP1 segment and resets it to 1.
        image.Mutate(x => x.AutoOrient());
        return Luminance(image);
    }

    /// <summary>
    /// ImageSharp's decoding of a file our integrity check has passed: the header identified first and given to
    /// <paramref name="check"/> (which throws to refuse it before any pixel buffer), then the pixels; ImageSharp's own
    /// errors become an <see cref="ImageFormatException"/> naming <paramref name="format"/>.
    /// </summary>
    /// <exception cref="ImageFormatException">ImageSharp does not identify the file, refuses it as malformed ("malformed
    /// {format}: …") or unsupported ("unsupported {format}: …"), or <paramref name="check"/> refuses it.</exception>
    private static Image<Rgba32> LoadChecked(Configuration configuration, byte[] file, string format, string source, Action<IImageInfo> check)
    {
        try
        {
            IImageInfo info = Image.Identify(configuration, file, out _)
                ?? throw new ImageFormatException(source, UnsupportedFormat);
            check(info);
            return Image.Load<Rgba32>(configuration, file);
        }
        catch (UnknownImageFormatException)
        {
            throw new ImageFormatException(source, UnsupportedFormat);
        }
        catch (SixLabors.ImageSharp.ImageFormatException e)
        {
            // InvalidImageContentException, and its base thrown as is (by the PNG decoder's zlib reader, a bad zlib header).
            throw new ImageFormatException(source, $"malformed {format}: " + e.Message);
        }
        catch (NotSupportedException e)
        {
            throw new ImageFormatException(source, $"unsupported {format}: " + e.Message);
        }
    }

    /// <summary>BT.601 luminance, rounded, of every pixel; flattened when any is not opaque.</summary>
    private static GrayImage Luminance(Image<Rgba32> image)
    {
        int w = image.Width, h = image.Height;
        var gray = new byte[w * h];
        var alpha = new byte[w * h];
        bool transparent = false;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                Span<Rgba32> row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    Rgba32 p = row[x];
                    gray[y * w + x] = (byte)((299 * p.R + 587 * p.G + 114 * p.B + 500) / 1000);
                    alpha[y * w + x] = p.A;
                    transparent |= p.A != 255;
                }
            }
        });

        var result = new GrayImage(w, h, gray);
        return transparent ? Flatten(result, alpha) : result;
    }

    /// <summary>
    /// Composites an image with alpha onto a flat background: black when the mostly-opaque pixels are light on
    /// average (light ink on a transparent background), white otherwise. So "black ink on transparent" and
    /// "white ink on transparent" both keep their ink visible.
    /// </summary>
    /// <param name="gray">Luminance, 0 = black.</param>
    /// <param name="alpha">[Height, Width] alpha, 0 = transparent .. 255 = opaque.</param>
    /// <returns>round((gray·alpha + background·(255 − alpha)) / 255) per pixel.</returns>
    public static GrayImage Flatten(GrayImage gray, byte[] alpha)
    {
        ArgumentNullException.ThrowIfNull(gray);
        ArgumentNullException.ThrowIfNull(alpha);
        long sum = 0, count = 0;
        for (int i = 0; i < alpha.Length; i++)
        {
            if (alpha[i] >= 128)
            {
                sum += gray.Pixels[i];
                count++;
            }
        }

        int background = count > 0 && sum / count >= 128 ? 0 : 255;
        var pixels = new byte[alpha.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((gray.Pixels[i] * alpha[i] + background * (255 - alpha[i]) + 127) / 255);
        }

        return new GrayImage(gray.Width, gray.Height, pixels);
    }
}
