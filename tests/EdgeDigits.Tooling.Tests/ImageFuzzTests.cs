using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CsCheck;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Recognition;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;
using SharpPngEncoder = SixLabors.ImageSharp.Formats.Png.PngEncoder;
using ImageFormatException = EdgeDigits.Tooling.Images.ImageFormatException;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Fuzz suite for the image inputs (issue 13; CsCheck, fixed seeds): PNGs mutated from small valid files of every
/// colour type (byte flips, truncation, chunk lengths and CRCs, IHDR fields, huge declared sizes, zlib damage, extra,
/// missing and reordered chunks) and PGMs mutated from P2 and P5 files (header tokens, comments, maxval, sizes,
/// truncation, trailing garbage, stray characters). Each file must either decode to an image of the size its header
/// declares, which the recognizer then reads without an exception, or be refused with an
/// <see cref="ImageFormatException"/> naming the file and the problem in printable text; the decoder's allocations
/// stay within a bound set by the file's length and the size limits. A deeper local hunt:
/// EDGEDIGITS_FUZZ_ITERATIONS=20000 EDGEDIGITS_FUZZ_SEED=7.
/// </summary>
[Collection(PenDigits.ConsoleCollection.Name)]
public sealed class ImageFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("EDGEDIGITS_FUZZ_ITERATIONS"), out int n) ? n : 1200;
    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("EDGEDIGITS_FUZZ_SEED"), out ulong s) ? s : 20240613;

    private const int SeedWidth = 24, SeedHeight = 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A "7" in dark ink with anti-aliased edges, 24×20: on an off-white background, or on a transparent one.
    /// </summary>
    private static Image<Rgba32> Digit(bool transparent)
    {
        var image = new Image<Rgba32>(SeedWidth, SeedHeight);
        for (int y = 0; y < SeedHeight; y++)
        {
            for (int x = 0; x < SeedWidth; x++)
            {
                double bar = y is >= 3 and <= 5 && x is >= 4 and <= 19 ? 1 : 0;
                double stem = y >= 5 && y <= 17 ? Math.Max(0, 1.5 - Math.Abs(x - (19 - (y - 5) * 0.8))) : 0;
                double ink = Math.Min(1, bar + stem);
                byte level = (byte)Math.Round(245 - ink * 225);
                image[x, y] = transparent
                    ? new Rgba32(20, 30, 40, (byte)Math.Round(ink * 255))
                    : new Rgba32(level, (byte)(level - ink * 10), (byte)Math.Max(0, level - ink * 5 - 3), 255);
            }
        }

        return image;
    }

    private static byte[] Encode(Image<Rgba32> image, PngColorType colorType, PngBitDepth depth, bool interlaced = false)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new SharpPngEncoder
        {
            ColorType = colorType,
            BitDepth = depth,
            InterlaceMethod = interlaced ? PngInterlaceMode.Adam7 : PngInterlaceMode.None,
        });
        return stream.ToArray();
    }

    /// <summary>The valid PNGs the mutations start from: one per colour type, with 1-, 4-, 8- and 16-bit samples, alpha, tRNS and Adam7.</summary>
    private static readonly Lazy<(string Name, byte[] Bytes)[]> s_pngSeeds = new(() =>
    {
        using Image<Rgba32> paper = Digit(transparent: false);
        using Image<Rgba32> clear = Digit(transparent: true);
        var luminance = new byte[SeedWidth * SeedHeight];
        paper.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < SeedHeight; y++)
            {
                for (int x = 0; x < SeedWidth; x++)
                {
                    luminance[y * SeedWidth + x] = rows.GetRowSpan(y)[x].R;
                }
            }
        });
        return new[]
        {
            ("gray8", EdgeDigits.Tooling.Images.PngEncoder.EncodeGray(new GrayImage(SeedWidth, SeedHeight, luminance))),
            ("gray1", Encode(paper, PngColorType.Grayscale, PngBitDepth.Bit1)),
            ("gray16", Encode(paper, PngColorType.Grayscale, PngBitDepth.Bit16)),
            ("rgb8", Encode(paper, PngColorType.Rgb, PngBitDepth.Bit8)),
            ("palette8", Encode(paper, PngColorType.Palette, PngBitDepth.Bit8)),
            ("palette4-trns", Encode(clear, PngColorType.Palette, PngBitDepth.Bit4)),
            ("rgba8", Encode(clear, PngColorType.RgbWithAlpha, PngBitDepth.Bit8)),
            ("graya8-adam7", Encode(clear, PngColorType.GrayscaleWithAlpha, PngBitDepth.Bit8, interlaced: true)),
            ("rgb16-adam7", Encode(paper, PngColorType.Rgb, PngBitDepth.Bit16, interlaced: true)),
        };
    });

    /// <summary>The valid PGMs the mutations start from: P5 with 8- and 16-bit samples and an odd maxval, P2 with comments.</summary>
    private static readonly Lazy<(string Name, byte[] Bytes)[]> s_pgmSeeds = new(() =>
    {
        const int w = 16, h = 12;
        int Sample(int x, int y, int max) => (y is >= 2 and <= 3 && x is >= 3 and <= 12) || (y >= 3 && Math.Abs(x - (12 - (y - 3) * 0.7)) < 1.2) ? max / 10 : max - max / 20;
        byte[] Raw(int max) => Enumerable.Range(0, w * h).SelectMany(i => max > 255
            ? new[] { (byte)(Sample(i % w, i / w, max) >> 8), (byte)Sample(i % w, i / w, max) }
            : new[] { (byte)Sample(i % w, i / w, max) }).ToArray();
        string Plain(int max, string between) => string.Join(between, Enumerable.Range(0, h).Select(y => string.Join(" ", Enumerable.Range(0, w).Select(x => Sample(x, y, max)))));
        byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
        return new[]
        {
            ("p5-255", Ascii($"P5\n{w} {h}\n255\n").Concat(Raw(255)).ToArray()),
            ("p5-65535", Ascii($"P5 {w} {h} 65535\n").Concat(Raw(65535)).ToArray()),
            ("p5-15-comment", Ascii($"P5\n# fuzz seed\n{w} {h}\n15\n").Concat(Raw(15)).ToArray()),
            ("p2-255", Ascii($"P2\n{w} {h}\n255\n{Plain(255, "\n")}\n")),
            ("p2-1000-comments", Ascii($"P2 # plain\n{w}\n# height next\n{h} 1000\n{Plain(1000, "\n# row\n")}\n")),
        };
    });

    private static readonly Lazy<DigitRecognitionService> s_service = new(() => new DigitRecognitionService(RandomLeNet5.Create(5)));

    /// <summary>
    /// A fuzz case: which seed file, one to three mutations (kind k drawn with weight <paramref name="weights"/>[k]),
    /// and the random draws they use.
    /// </summary>
    private static Gen<(int Seed, int[] Kinds, uint[] Draws)> Case(int seeds, int[] weights)
    {
        int[] kinds = weights.SelectMany((w, k) => Enumerable.Repeat(k, w)).ToArray();
        return Gen.Select(Gen.Int[0, seeds - 1], Gen.Int[0, kinds.Length - 1].Select(i => kinds[i]).Array[1, 3], Gen.UInt.Array[24]);
    }

    [Fact]
    public void The_seed_files_decode_to_their_size_and_are_recognized()
    {
        foreach ((string name, byte[] bytes) in s_pngSeeds.Value.Concat(s_pgmSeeds.Value))
        {
            GrayImage image = ImageLoader.Decode(bytes, name);
            Assert.Equal(name.StartsWith('p') && !name.StartsWith("palette") ? (16, 12) : (SeedWidth, SeedHeight), (image.Width, image.Height));
            RecognitionResult result = s_service.Value.Recognize(image, name, null, multiDigit: true);
            Assert.Single(result.Digits);
        }

        // What the PNG seeds cover: colour type / bit depth / interlace method of each, and the palette's tRNS.
        Assert.Equal(
            new[] { "gray8 0/8/0", "gray1 0/1/0", "gray16 0/16/0", "rgb8 2/8/0", "palette8 3/8/0", "palette4-trns 3/4/0", "rgba8 6/8/0", "graya8-adam7 4/8/1", "rgb16-adam7 2/16/1" },
            s_pngSeeds.Value.Select(p => $"{p.Name} {p.Bytes[25]}/{p.Bytes[24]}/{p.Bytes[28]}"));
        Assert.Contains(Chunks(s_pngSeeds.Value.Single(p => p.Name == "palette4-trns").Bytes), c => c.Type == "tRNS");
    }

    [Fact]
    public void Mutated_pngs_each_decode_to_their_declared_size_or_give_an_image_error_naming_the_file()
    {
        Dictionary<string, int> outcomes = Fuzz("png", s_pngSeeds.Value, Case(s_pngSeeds.Value.Length, PngKinds), MutatePng, DeclaredPngSize);
        Assert.True(outcomes.GetValueOrDefault("refused") > Iterations / 2, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("decoded") > Iterations / 20, Describe(outcomes));
    }

    [Fact]
    public void Mutated_pgms_each_decode_to_their_declared_size_or_give_an_image_error_naming_the_file()
    {
        Dictionary<string, int> outcomes = Fuzz("pgm", s_pgmSeeds.Value, Case(s_pgmSeeds.Value.Length, PgmKinds), MutatePgm, DeclaredPgmSize);
        Assert.True(outcomes.GetValueOrDefault("refused") > Iterations / 2, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("decoded") > Iterations / 20, Describe(outcomes));
    }

    [Fact]
    public void Every_truncation_of_every_seed_png_is_refused_naming_the_file()
    {
        // A PNG ends with IEND and its CRC: every proper prefix, at every byte of every chunk, is a cut file.
        output.WriteLine($"{s_pngSeeds.Value.Sum(p => p.Bytes.Length)} truncations");
        foreach ((string name, byte[] bytes) in s_pngSeeds.Value)
        {
            for (int cut = 0; cut < bytes.Length; cut++)
            {
                string source = $"cut/{name}-{cut}.png";
                var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(bytes[..cut], source));
                CheckMessage(e.Message, source);
            }
        }
    }

    [Fact]
    public void Every_truncation_of_every_seed_p5_pgm_is_refused_naming_the_file()
    {
        output.WriteLine($"{s_pgmSeeds.Value.Where(p => p.Bytes[1] == (byte)'5').Sum(p => p.Bytes.Length)} truncations");
        foreach ((string name, byte[] bytes) in s_pgmSeeds.Value.Where(p => p.Bytes[1] == (byte)'5'))
        {
            for (int cut = 0; cut < bytes.Length; cut++)
            {
                string source = $"cut/{name}-{cut}.pgm";
                var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(bytes[..cut], source));
                CheckMessage(e.Message, source);
            }
        }
    }

    [Fact]
    public void The_cli_recognizes_every_good_image_of_a_fuzzed_batch_names_each_bad_one_and_exits_1()
    {
        string dir = Path.Combine(_dir.Path, "batch");
        Directory.CreateDirectory(dir);
        var good = new List<string>();
        var bad = new List<string>();
        void Add(string name, byte[] bytes)
        {
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, bytes);
            try
            {
                ImageLoader.Load(path);
                good.Add(path);
            }
            catch (ImageFormatException)
            {
                bad.Add(path);
            }
        }

        foreach ((string name, byte[] bytes) in s_pngSeeds.Value)
        {
            Add($"good-{name}.png", bytes);
        }

        foreach ((string name, byte[] bytes) in s_pgmSeeds.Value)
        {
            Add($"good-{name}.pgm", bytes);
        }

        // Inputs that once ended the whole batch (an exception other than ImageFormatException) or garbled the
        // terminal, first in the directory's order so that everything after them counts (ImageFuzzRegressionTests).
        byte[] ihdr = { 0, 0, 0, 4, 0, 0, 0, 4, 8, 0, 0, 0, 0 };
        byte[] zlib = Zlib(new byte[20]);
        byte[] Png(params (string Type, byte[] Data)[] chunks) =>
            new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }.Concat(chunks.SelectMany(c => ChunkBytes(c.Type, c.Data))).ToArray();
        Add("a-fdict.png", Png(("IHDR", ihdr), ("IDAT", new byte[] { 0x78, 0x20 }.Concat(zlib[2..]).ToArray()), ("IEND", Array.Empty<byte>())));
        Add("a-empty-first-idat.png", Png(("IHDR", ihdr), ("IDAT", Array.Empty<byte>()), ("IDAT", zlib), ("IEND", Array.Empty<byte>())));
        Add("a-itxt.png", Png(("IHDR", ihdr), ("iTXt", Encoding.Latin1.GetBytes("Title\0")), ("IDAT", zlib), ("IEND", Array.Empty<byte>())));
        Add("a-escape.pgm", Encoding.Latin1.GetBytes("P5 \u001b[2J"));

        int seedGood = good.Count;
        var pcg = new PCG(1, 11);
        (string Name, byte[] Bytes)[] pngs = s_pngSeeds.Value, pgms = s_pgmSeeds.Value;
        for (int i = 0; i < 120; i++)
        {
            (int seed, int[] kinds, uint[] draws) = Case(pngs.Length, PngKinds).Generate(pcg, null, out _);
            Add($"fuzz-{i:D3}.png", MutatePng(pngs[seed].Bytes, kinds, new Draws(draws), new List<string>()));
            (seed, kinds, draws) = Case(pgms.Length, PgmKinds).Generate(pcg, null, out _);
            // Mixed case: the directory scan matches extensions case-insensitively.
            Add($"fuzz-{i:D3}.PGM", MutatePgm(pgms[seed].Bytes, kinds, new Draws(draws), new List<string>()));
        }

        Assert.Equal(seedGood, good.Count(p => Path.GetFileName(p).StartsWith("good-") || Path.GetFileName(p).StartsWith("a-")));
        Assert.Equal(new[] { "a-escape.pgm", "a-fdict.png" }, bad.Select(Path.GetFileName).Where(n => n!.StartsWith("a-")).Order());
        Assert.True(bad.Count > 100, $"{bad.Count} refused");

        output.WriteLine($"{good.Count} good, {bad.Count} bad");
        var run = CliRunner.Run("recognize", dir, "--model", "random:5");

        Assert.Equal(1, run.Exit);
        Assert.DoesNotContain("Unhandled", run.Err);
        Assert.DoesNotContain("internal error", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.DoesNotContain("   at ", run.Out);
        foreach (string path in good)
        {
            Assert.Single(run.Out.Split('\n'), l => l.StartsWith("{\"source\":\"" + path + "\""));
        }

        string[] errorLines = run.Err.Split('\n').Where(l => l.StartsWith("error: ")).ToArray();
        Assert.Equal(bad.Count, errorLines.Length);
        foreach (string path in bad)
        {
            string line = Assert.Single(errorLines, l => l.StartsWith("error: " + path + ": "));
            CheckMessage(line["error: ".Length..].TrimEnd('\r'), path);
        }

        Assert.Contains($"{good.Count} recognized, {bad.Count} failed", run.Err);
    }

    private delegate byte[] Mutator(byte[] seed, int[] kinds, Draws draws, List<string> applied);

    /// <summary>
    /// Generates <see cref="Iterations"/> cases, writes each to a file and loads it; returns the outcome counts. Any
    /// exception but <see cref="ImageFormatException"/>, a message not naming the file, a decoded size other than the
    /// declared one, other pixels than the seed's after mutations that keep them (marked "= " in the description:
    /// re-split image data, inserted text chunks, comments, trailing bytes), a recognizer exception or an allocation
    /// over <see cref="MemoryBound"/> fails the test, listing the cases.
    /// </summary>
    private Dictionary<string, int> Fuzz(string extension, (string Name, byte[] Bytes)[] seeds, Gen<(int Seed, int[] Kinds, uint[] Draws)> gen,
        Mutator mutate, Func<byte[], (long Width, long Height)?> declared)
    {
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();
        var reasons = new Dictionary<string, int>();
        byte[][] seedPixels = seeds.Select(s => ImageLoader.Decode(s.Bytes, s.Name).Pixels).ToArray();
        string current = "";
        int samePixels = 0;

        // ImageSharp's default allocator pools and allocates unmanaged memory, which the managed count does not see.
        MemoryAllocator allocator = ImageLoader.PngOnly.MemoryAllocator;
        ImageLoader.PngOnly.MemoryAllocator = new SimpleGcMemoryAllocator();
        try
        {
            // A hang detector, not a timing check: the loop takes a second or two; a file that makes a decoder loop
            // forever (as IDATs split by a tEXt chunk once did) is named instead of stalling the run.
            Task run = Task.Run(Loop);
            if (!run.Wait(TimeSpan.FromMinutes(10)))
            {
                Assert.Fail($"no outcome after 10 minutes: {Volatile.Read(ref current)} hangs");
            }
        }
        finally
        {
            ImageLoader.PngOnly.MemoryAllocator = allocator;
        }

        output.WriteLine(Describe(outcomes) + $"; {samePixels} of the decoded compared equal to their seed's pixels");
        output.WriteLine("refused because:\n  " + string.Join("\n  ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Value,5}  {r.Key}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {Iterations} fuzzed .{extension} files failed:\n" + string.Join("\n", failures.Take(30)));
        return outcomes;

        void Loop()
        {
            var pcg = new PCG(1, Seed);
            for (int i = 0; i < Iterations; i++)
            {
                (int seed, int[] kinds, uint[] draws) = gen.Generate(pcg, null, out _);
                var applied = new List<string>();
                byte[] bytes = mutate(seeds[seed].Bytes, kinds, new Draws(draws), applied);
                string path = _dir.File($"fuzz-{i}.{extension}");
                File.WriteAllBytes(path, bytes);
                string description = $"case {i} ({seeds[seed].Name}: {string.Join("; ", applied)}; {bytes.Length} bytes)";
                Volatile.Write(ref current, description);
                string outcome = Check(path, bytes, description, seedPixels[seed], preserving: applied.All(a => a.StartsWith("= ")));
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                File.Delete(path);
            }
        }

        string Check(string path, byte[] bytes, string description, byte[] seedPixels, bool preserving)
        {
            (long Width, long Height)? size = declared(bytes);
            long pixels = size is { } d && d.Width is >= 1 and <= ImageLoader.MaxSide && d.Height is >= 1 and <= ImageLoader.MaxSide ? d.Width * d.Height : 0;
            string outcome;
            GrayImage? image = null;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                image = ImageLoader.Load(path);
                outcome = "decoded";
            }
            catch (ImageFormatException e)
            {
                outcome = "refused";
                string reason = System.Text.RegularExpressions.Regex.Replace(e.Message.StartsWith(path) ? e.Message[(path.Length + 2)..] : e.Message, "[0-9A-F]{8}|[0-9]+|'.*'", "N");
                reason = reason[..Math.Min(reason.Length, 60)];
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                if (CheckMessage(e.Message, path, fail: false) is { } problem)
                {
                    failures.Add($"{description}: {problem}");
                }
            }
            catch (Exception e)
            {
                outcome = "crash";
                failures.Add($"{description}: {e.GetType().Name}: {e.Message}\n    {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long bound = MemoryBound(bytes.Length, extension == "png" ? pixels : 0);
            if (allocated > bound)
            {
                failures.Add($"{description}: {outcome} after allocating {allocated:N0} bytes, over the bound {bound:N0}");
            }

            if (image == null)
            {
                return outcome;
            }

            if (size is not { } declaredSize || (declaredSize.Width, declaredSize.Height) != (image.Width, image.Height))
            {
                failures.Add($"{description}: decoded to {image.Width}x{image.Height}, the header declares {size}");
            }
            else if (preserving)
            {
                samePixels++;
                if (!image.Pixels.AsSpan().SequenceEqual(seedPixels))
                {
                    failures.Add($"{description}: decoded to other pixels than the seed's ({image.Pixels.Zip(seedPixels).Count(p => p.First != p.Second)} differ)");
                }
            }

            try
            {
                RecognitionResult result = s_service.Value.Recognize(image, path, null, multiDigit: true);
                if (result.Digits.Any(r => r.Digit is < 0 or > 9 || r.Input.Length != 28 * 28))
                {
                    failures.Add($"{description}: recognized a digit out of range");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{description}: the recognizer threw {e.GetType().Name}: {e.Message}\n    {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }

            return outcome;
        }
    }

    private static string Describe(Dictionary<string, int> outcomes) => string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}"));

    /// <summary>
    /// Most bytes a load may allocate: a fixed 2 MiB (buffers, the inflater), 32 per byte of the file (the file
    /// itself, the concatenated image data, the rewritten file for ImageSharp, a PGM's pixels, which the file must
    /// hold) and, for a PNG whose header declares a size within <see cref="ImageLoader.MaxSide"/>/
    /// <see cref="ImageLoader.MaxPixels"/>, 24 per declared pixel that the file can hold at all (the decoder's RGBA
    /// buffer and row buffers, the luminance, the alpha and the flattened copy), at most 8 pixels (1 bit each) per
    /// byte of deflate's best ratio: a bomb header over tiny data must be refused before the pixel buffers. A declared
    /// size over the limits allows no pixel memory at all: it must be refused from the header.
    /// </summary>
    private static long MemoryBound(long fileLength, long declaredPixels) =>
        (2L << 20) + 32 * fileLength + (declaredPixels <= ImageLoader.MaxPixels ? 24 * Math.Min(declaredPixels, MaxDeflateRatio * 8 * fileLength) : 0);

    /// <summary>Deflate's largest compression ratio (a 258-byte match in about two bits: ~1,032:1), rounded up.</summary>
    private const long MaxDeflateRatio = 1040;

    /// <summary>
    /// Checks an error message: it starts with the file name and a colon, then says what is wrong, in printable text
    /// (no control or format characters: it is printed on a terminal), at most a few hundred characters.
    /// </summary>
    private static string? CheckMessage(string message, string path, bool fail = true)
    {
        string? problem = !message.StartsWith(path + ": ", StringComparison.Ordinal) ? "does not start with the file name"
            : message.Length < path.Length + 6 ? "says nothing after the file name"
            : message.Any(c => char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) ? "holds a control or format character"
            : message.Length > path.Length + 400 ? "is too long"
            : null;
        if (problem != null && fail)
        {
            Assert.Fail($"the message '{UserText.Escape(message, 500)}' {problem}");
        }

        return problem == null ? null : $"the message '{UserText.Escape(message, 500)}' {problem}";
    }

    // ---------------------------------------------------------------------------------------------------------
    // PNG mutations
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Weights of the PNG mutation kinds (see <see cref="MutatePng"/>): more of those that keep the file well-formed
    /// enough to reach the decoder (data flips with the CRC fixed, IHDR fields, zlib contents, inserted chunks) than
    /// of those refused at the first chunk walk (and every truncation has its own test).
    /// </summary>
    private static readonly int[] PngKinds = { 2, 3, 1, 1, 1, 3, 2, 3, 5, 2, 2, 1 };

    /// <summary>Width and height of the first IHDR, when the file starts with the signature and an IHDR chunk.</summary>
    private static (long, long)? DeclaredPngSize(byte[] png) =>
        png.Length >= 24 && ImageLoader.IsPng(png) && Encoding.Latin1.GetString(png, 12, 4) == "IHDR"
            ? (BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)))
            : null;

    /// <summary>A chunk: its 4-byte type (Latin-1, so any bytes round-trip) and its data.</summary>
    private sealed record Chunk(string Type, byte[] Data);

    private static List<Chunk> Chunks(byte[] png)
    {
        var chunks = new List<Chunk>();
        for (int offset = 8; offset + 12 <= png.Length;)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            if (offset + 12L + length > png.Length)
            {
                break; // a damaged length from an earlier mutation: keep the chunks before it.
            }

            chunks.Add(new Chunk(Encoding.Latin1.GetString(png, offset + 4, 4), png.AsSpan(offset + 8, (int)length).ToArray()));
            offset += 12 + (int)length;
        }

        return chunks;
    }

    private static byte[] Assemble(IEnumerable<Chunk> chunks)
    {
        var file = new List<byte> { 137, 80, 78, 71, 13, 10, 26, 10 };
        foreach (Chunk c in chunks)
        {
            file.AddRange(ChunkBytes(c.Type, c.Data));
        }

        return file.ToArray();
    }

    internal static byte[] ChunkBytes(string type, byte[] data)
    {
        var bytes = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)data.Length);
        Encoding.Latin1.GetBytes(type, bytes.AsSpan(4));
        data.CopyTo(bytes, 8);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 + data.Length), Crc32(bytes.AsSpan(4, 4 + data.Length)));
        return bytes;
    }

    /// <summary>CRC-32 of PNG spec §5.5 (ISO 3309), from System.IO.Hashing.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> bytes) => System.IO.Hashing.Crc32.HashToUInt32(bytes);

    /// <summary>Start offsets of the chunks of a well-formed file, plus the end.</summary>
    private static List<int> ChunkOffsets(byte[] png)
    {
        var offsets = new List<int>();
        int offset = 8;
        while (offset + 12 <= png.Length)
        {
            offsets.Add(offset);
            long next = offset + 12L + BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            if (next > png.Length)
            {
                break;
            }

            offset = (int)next;
        }

        offsets.Add(png.Length);
        return offsets;
    }

    internal static byte[] Zlib(byte[] raw, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var stream = new MemoryStream();
        using (var zlib = new ZLibStream(stream, level, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return stream.ToArray();
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        input.CopyTo(raw);
        return raw.ToArray();
    }

    private static readonly uint[] Sides = { 0, 1, 2, 3, 7, 23, 25, 48, 192, 4096, 16384, 16385, 65535, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF };

    private static readonly (uint Width, uint Height)[] HugeSizes =
    {
        (16384, 4096), (4096, 16384), (8192, 8192), (16384, 16384), (16385, 1), (1, 16385), (65535, 65535),
        (0x40000000, 4), (0x7FFFFFFF, 0x7FFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), (2048, 2048), (1024, 1024), (4096, 4097),
    };

    private static readonly uint[] Lengths = { 0, 1, 12, 13, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFF3, 0x00FFFFFF };

    /// <summary>
    /// Applies PNG mutations in turn: 0 byte flips (CRCs left stale), 1 flips inside a chunk's data with the CRC
    /// fixed, 2 truncation inside a chosen region (signature or any chunk's length, type, data or CRC), 3 a chunk
    /// length field, 4 a chunk CRC, 5 IHDR fields (CRC usually fixed), 6 a huge declared size (sometimes with a real
    /// decompression bomb behind it), 7 zlib stream damage and re-filtered data, 8 extra or malformed chunks, 9
    /// duplicated, removed or swapped chunks, 10 the image data split over many IDATs or interleaved, 11 raw bytes
    /// after the signature, or no signature.
    /// </summary>
    private static byte[] MutatePng(byte[] original, int[] kinds, Draws r, List<string> applied)
    {
        byte[] png = (byte[])original.Clone();
        foreach (int kind in kinds)
        {
            png = MutatePngOnce(png, kind, r, applied);
        }

        return png;
    }

    private static byte[] MutatePngOnce(byte[] png, int kind, Draws r, List<string> applied)
    {
        List<int> offsets = ChunkOffsets(png);
        int chunkCount = offsets.Count - 1;
        switch (kind)
        {
            case 0:
            {
                int flips = 1 + r.Index(4);
                for (int k = 0; k < flips && png.Length > 0; k++)
                {
                    int at = r.Index(png.Length);
                    byte x = (byte)(1 + r.Index(255));
                    png[at] ^= x;
                    applied.Add($"flip byte {at} ^ {x:X2}");
                }

                return png;
            }

            case 1:
            {
                List<Chunk> chunks = Chunks(png);
                if (chunks.Count == 0)
                {
                    return png;
                }

                int c = r.Index(chunks.Count);
                byte[] data = (byte[])chunks[c].Data.Clone();
                if (data.Length == 0)
                {
                    data = new[] { r.Byte() };
                }
                else
                {
                    for (int k = 0, flips = 1 + r.Index(3); k < flips; k++)
                    {
                        data[r.Index(data.Length)] ^= (byte)(1 + r.Index(255));
                    }
                }

                chunks[c] = chunks[c] with { Data = data };
                applied.Add($"flip data of chunk {c} ({chunks[c].Type}), CRC fixed");
                return Assemble(chunks);
            }

            case 2:
            {
                int region = r.Index(chunkCount + 1);
                int start = region == 0 ? 0 : offsets[region - 1];
                int end = region == 0 ? 8 : offsets[region];
                // Bias towards the field boundaries of the chunk: length, type, data, CRC.
                int[] marks = { 0, 1, 4, 5, 8, 9, end - start - 4, end - start - 1 };
                int cut = start + (r.Index(2) == 0 ? Math.Clamp(r.Pick(marks), 0, end - start - 1) : r.Index(end - start));
                applied.Add($"truncate at {cut} (region {region})");
                return png[..Math.Clamp(cut, 0, png.Length)];
            }

            case 3:
            {
                if (chunkCount == 0)
                {
                    return png;
                }

                int c = r.Index(chunkCount);
                uint old = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offsets[c]));
                uint value = r.Index(3) switch { 0 => r.Pick(Lengths), 1 => old + (uint)r.Index(9) - 4, _ => r.Next() };
                BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(offsets[c]), value);
                applied.Add($"length of chunk {c} {old} -> {value}");
                return png;
            }

            case 4:
            {
                if (chunkCount == 0)
                {
                    return png;
                }

                int c = r.Index(chunkCount);
                int at = offsets[c + 1] - 4 + r.Index(4);
                png[at] ^= (byte)(1 + r.Index(255));
                applied.Add($"CRC of chunk {c}");
                return png;
            }

            case 5:
            {
                List<Chunk> chunks = Chunks(png);
                int c = chunks.FindIndex(ch => ch.Type == "IHDR" && ch.Data.Length == 13);
                if (c < 0)
                {
                    return png;
                }

                byte[] ihdr = (byte[])chunks[c].Data.Clone();
                int field = r.Index(7);
                switch (field)
                {
                    case 0 or 1:
                        uint side = r.Index(3) == 0 ? (uint)r.Index(100) : r.Pick(Sides);
                        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4 * field), side);
                        applied.Add($"IHDR {(field == 0 ? "width" : "height")} {side}");
                        break;
                    case 2:
                        ihdr[8] = r.Pick(new byte[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 32, 255 });
                        applied.Add($"IHDR bit depth {ihdr[8]}");
                        break;
                    case 3:
                        ihdr[9] = r.Pick(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 255 });
                        applied.Add($"IHDR colour type {ihdr[9]}");
                        break;
                    default:
                        ihdr[6 + field] = r.Pick(new byte[] { 0, 1, 2, 7, 128, 255 });
                        applied.Add($"IHDR byte {6 + field} = {ihdr[6 + field]}");
                        break;
                }

                chunks[c] = chunks[c] with { Data = ihdr };
                byte[] result = Assemble(chunks);
                if (r.Index(6) == 0)
                {
                    result[ChunkOffsets(result)[c + 1] - 1] ^= 0x5A;
                    applied.Add("IHDR CRC stale");
                }

                return result;
            }

            case 6:
            {
                List<Chunk> chunks = Chunks(png);
                int c = chunks.FindIndex(ch => ch.Type == "IHDR" && ch.Data.Length == 13);
                if (c < 0)
                {
                    return png;
                }

                (uint w, uint h) = r.Pick(HugeSizes);
                byte[] ihdr = (byte[])chunks[c].Data.Clone();
                BinaryPrimitives.WriteUInt32BigEndian(ihdr, w);
                BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), h);
                applied.Add($"IHDR size {w}x{h}");
                int bits = PngIntegrity.BitsPerPixel(ihdr[9], ihdr[8]);
                long rowBytes = 1 + ((long)w * bits + 7) / 8;
                if (r.Index(3) == 0 && bits > 0 && w <= ImageLoader.MaxSide && h <= ImageLoader.MaxSide && (long)w * h <= 4L << 20)
                {
                    // A real bomb: zero rows (filter None, sample 0) for the whole declared image, a few KiB compressed.
                    ihdr[12] = 0;
                    long rawLength = rowBytes * h - (r.Index(2) == 0 ? 0 : 1 + r.Index(1000));
                    chunks.RemoveAll(ch => ch.Type == "IDAT");
                    chunks.Insert(chunks.FindIndex(ch => ch.Type == "IEND") is var e and >= 0 ? e : chunks.Count, new Chunk("IDAT", Zlib(new byte[rawLength])));
                    applied.Add($"zero image data of {rawLength} bytes (needs {rowBytes * h})");
                }

                chunks[c] = chunks[c] with { Data = ihdr };
                return Assemble(chunks);
            }

            case 7:
                return DamageZlib(png, r, applied);

            case 8:
                return InsertChunk(png, r, applied);

            case 9:
            {
                List<Chunk> chunks = Chunks(png);
                if (chunks.Count == 0)
                {
                    return png;
                }

                int i = r.Index(chunks.Count), j = r.Index(chunks.Count + 1);
                switch (r.Index(3))
                {
                    case 0:
                        chunks.Insert(j, chunks[i]);
                        applied.Add($"duplicate chunk {i} ({chunks[i].Type}) at {j}");
                        break;
                    case 1:
                        applied.Add($"remove chunk {i} ({chunks[i].Type})");
                        chunks.RemoveAt(i);
                        break;
                    default:
                        j = Math.Min(j, chunks.Count - 1);
                        (chunks[i], chunks[j]) = (chunks[j], chunks[i]);
                        applied.Add($"swap chunks {i} and {j}");
                        break;
                }

                return Assemble(chunks);
            }

            case 10:
            {
                List<Chunk> chunks = Chunks(png);
                int first = chunks.FindIndex(ch => ch.Type == "IDAT");
                if (first < 0)
                {
                    return png;
                }

                byte[] zlib = chunks.Where(ch => ch.Type == "IDAT").SelectMany(ch => ch.Data).ToArray();
                chunks.RemoveAll(ch => ch.Type == "IDAT");
                int pieceLength = 1 + r.Index(Math.Max(1, zlib.Length / 2));
                var pieces = zlib.Chunk(pieceLength).Select(p => new Chunk("IDAT", p)).ToList();
                if (r.Index(2) == 0)
                {
                    pieces.Insert(r.Index(pieces.Count + 1), new Chunk("IDAT", Array.Empty<byte>()));
                }

                if (r.Index(3) == 0 && pieces.Count > 1)
                {
                    pieces.Insert(1 + r.Index(pieces.Count - 1), new Chunk("tEXt", Encoding.Latin1.GetBytes("Comment\0between IDATs")));
                    applied.Add("= tEXt between IDATs");
                }

                chunks.InsertRange(Math.Min(first, chunks.Count), pieces);
                applied.Add($"= image data in {pieces.Count} IDATs");
                return Assemble(chunks);
            }

            default:
            {
                int length = r.Index(600);
                var soup = new byte[length];
                for (int k = 0; k < length; k++)
                {
                    soup[k] = r.Byte();
                }

                bool signed = r.Index(3) > 0;
                applied.Add($"{length} random bytes{(signed ? " after the signature" : "")}");
                return signed ? png[..Math.Min(8, png.Length)].Concat(soup).ToArray() : soup;
            }
        }
    }

    /// <summary>Damages the zlib stream of the image data (or its filtered contents), then stores it in one to three IDATs with valid CRCs.</summary>
    private static byte[] DamageZlib(byte[] png, Draws r, List<string> applied)
    {
        List<Chunk> chunks = Chunks(png);
        int first = chunks.FindIndex(ch => ch.Type == "IDAT");
        if (first < 0)
        {
            return png;
        }

        byte[] zlib = chunks.Where(ch => ch.Type == "IDAT").SelectMany(ch => ch.Data).ToArray();
        byte[]? raw = null;
        try
        {
            raw = Inflate(zlib);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // already damaged by an earlier mutation: damage the stream further.
        }

        int option = raw is not { Length: > 0 } ? r.Index(6) : r.Index(11);
        switch (option)
        {
            case 0:
                for (int k = 0, flips = 1 + r.Index(3); k < flips && zlib.Length > 0; k++)
                {
                    zlib[r.Index(zlib.Length)] ^= (byte)(1 + r.Index(255));
                }

                applied.Add("flip zlib bytes");
                break;
            case 1:
                zlib = zlib[..r.Index(zlib.Length)];
                applied.Add($"zlib cut to {zlib.Length} bytes");
                break;
            case 2 when zlib.Length > 2:
                zlib[r.Index(2)] = r.Byte();
                applied.Add($"zlib header {zlib[0]:X2} {zlib[1]:X2}");
                break;
            case 3 when zlib.Length > 4:
                zlib[^(1 + r.Index(4))] ^= (byte)(1 + r.Index(255));
                applied.Add("Adler-32 damaged");
                break;
            case 4:
                zlib = zlib.Concat(Enumerable.Repeat(r.Byte(), 1 + r.Index(64))).ToArray();
                applied.Add("= garbage after the zlib stream");
                break;
            case 5:
                // A stored block whose NLEN is not the complement of LEN, or whose LEN runs past the data.
                int len = r.Index(2) == 0 ? Math.Min(zlib.Length, 100) : 0xFFFF;
                zlib = new byte[] { 0x78, 0x01, 0x01, (byte)len, (byte)(len >> 8), r.Byte(), r.Byte() }.Concat(zlib.Take(len)).ToArray();
                applied.Add("stored block with a bad NLEN");
                break;
            case 6:
                // Filter type bytes are the first byte of each row; any byte of raw may be one.
                raw![r.Index(raw.Length)] = (byte)(r.Index(2) == 0 ? 5 + r.Index(251) : r.Index(5));
                zlib = Zlib(raw);
                applied.Add("re-filtered data (a filter byte or sample changed)");
                break;
            case 7:
                raw = raw![..r.Index(raw.Length)];
                zlib = Zlib(raw);
                applied.Add($"valid zlib of {raw.Length} bytes of scanlines, too few");
                break;
            case 8:
                raw = raw!.Concat(Enumerable.Repeat(r.Byte(), 1 + r.Index(5000))).ToArray();
                zlib = Zlib(raw);
                applied.Add($"= valid zlib of {raw.Length} bytes of scanlines, too many");
                break;
            case 9:
                for (int k = 0, flips = 1 + r.Index(20); k < flips; k++)
                {
                    raw![r.Index(raw.Length)] = r.Byte();
                }

                zlib = Zlib(raw!, CompressionLevel.NoCompression);
                applied.Add("random samples and filter bytes, valid stored zlib");
                break;
            case 10:
                zlib = Zlib(raw!.Concat(new byte[1 << (10 + r.Index(11))]).ToArray(), CompressionLevel.SmallestSize);
                applied.Add("= a trailing zlib bomb after the scanlines");
                break;
            default:
                return png; // a guard above did not hold (a stream too short to damage there)
        }

        chunks.RemoveAll(ch => ch.Type == "IDAT");
        int parts = 1 + r.Index(3);
        int size = Math.Max(1, (zlib.Length + parts - 1) / parts);
        chunks.InsertRange(Math.Min(first, chunks.Count), zlib.Length == 0 ? new[] { new Chunk("IDAT", zlib) } : zlib.Chunk(size).Select(p => new Chunk("IDAT", p)));
        return Assemble(chunks);
    }

    /// <summary>Inserts a chunk at a random place: a second IHDR, odd PLTE/tRNS, unknown critical or ancillary chunks, metadata with broken or bomb-sized payloads.</summary>
    private static byte[] InsertChunk(byte[] png, Draws r, List<string> applied)
    {
        List<Chunk> chunks = Chunks(png);
        byte[] Random(int length)
        {
            var bytes = new byte[length];
            for (int k = 0; k < length; k++)
            {
                bytes[k] = r.Byte();
            }

            return bytes;
        }

        byte[] Text(string s) => Encoding.Latin1.GetBytes(s);
        Chunk chunk = r.Index(16) switch
        {
            0 => new Chunk("IHDR", new byte[] { 0, 0, 0, 9, 0, 0, 0, 9, 8, 0, 0, 0, 0 }),
            1 => new Chunk("PLTE", Random(r.Pick(new[] { 0, 1, 3, 6, 48, 767, 768, 771 }))),
            2 => new Chunk("tRNS", Random(r.Pick(new[] { 0, 1, 2, 5, 6, 7, 16, 255, 256, 257 }))),
            3 => new Chunk(r.Pick(new[] { "ABCD", "IDAx", "IEnD", "PLTe" }), Random(r.Index(40))),
            4 => new Chunk(r.Pick(new[] { "abCd", "zzZz", "prVt", "\u0000\u001b[m", "\u009b2J\u0085" }), Random(r.Index(40))),
            5 => new Chunk("zTXt", Text("Comment\0\0").Concat(Zlib(Text(new string('a', 1 << (10 + r.Index(13)))), CompressionLevel.SmallestSize)).ToArray()),
            6 => new Chunk("zTXt", Text("Comment\0").Concat(Random(r.Index(40))).ToArray()),
            7 => new Chunk("iTXt", r.Index(3) switch
            {
                0 => Text("Title\0\u0001\0en\0Titel\0").Concat(Zlib(Text(new string('a', 1 << (10 + r.Index(13)))), CompressionLevel.SmallestSize)).ToArray(),
                // A well-formed iTXt (keyword, compression flag and method, language, translated keyword, text) cut short.
                1 => Text("Title\0\0\0en-GB\0Titel\0seven")[..r.Index(24)],
                _ => Random(r.Index(60)),
            }),
            8 => new Chunk("tEXt", r.Index(2) == 0 ? Random(r.Index(80)) : Text(new string('k', 100) + "\0value")),
            9 => new Chunk("iCCP", Text("icc\0\0").Concat(r.Index(2) == 0 ? Random(r.Index(60)) : Zlib(new byte[1 << (10 + r.Index(13))], CompressionLevel.SmallestSize)).ToArray()),
            10 => new Chunk("eXIf", r.Index(2) == 0 ? Random(r.Index(100))
                : Text("MM\0*").Concat(new byte[] { 0, 0, 0, 8, 0xFF, 0xFF }).Concat(Random(r.Index(60))).ToArray()),
            11 => new Chunk(r.Pick(new[] { "gAMA", "pHYs", "cHRM", "sRGB", "bKGD", "tIME", "sBIT", "hIST", "sPLT", "oFFs" }), Random(r.Pick(new[] { 0, 1, 2, 3, 4, 6, 7, 9, 32 }))),
            12 => new Chunk("IEND", Array.Empty<byte>()),
            13 => new Chunk("IDAT", r.Index(2) == 0 ? Array.Empty<byte>() : Random(1 + r.Index(30))),
            14 => new Chunk("acTL", Random(8)),
            _ => new Chunk("tEXt", Text("Comment\0").Concat(Enumerable.Repeat((byte)'x', 1 << (8 + r.Index(10)))).ToArray()),
        };
        // Mostly between IHDR and IEND, where a decoder reads it; sometimes first or after IEND.
        int at = r.Index(4) > 0 && chunks.Count > 1 ? 1 + r.Index(chunks.Count - 1) : r.Index(chunks.Count + 1);
        chunks.Insert(at, chunk);
        bool ancillary = (Encoding.Latin1.GetBytes(chunk.Type)[0] & 0x20) != 0 && chunk.Type != "tRNS";
        applied.Add($"{(ancillary ? "= " : "")}insert {UserText.Escape(chunk.Type)} ({chunk.Data.Length} bytes) at {at}");
        byte[] result = Assemble(chunks);
        if (r.Index(2) == 0 && r.Index(2) == 0)
        {
            result = result.Concat(Random(1 + r.Index(50))).ToArray();
            applied.Add("= garbage after the last chunk");
        }

        return result;
    }

    // ---------------------------------------------------------------------------------------------------------
    // PGM mutations
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Weights of the PGM mutation kinds (see <see cref="MutatePgm"/>).</summary>
    private static readonly int[] PgmKinds = { 2, 2, 2, 2, 1, 1, 2, 2, 1, 1, 2 };

    /// <summary>
    /// Width and height as the header states them: after the two-byte magic, the first two tokens (runs of bytes
    /// other than whitespace and '#'), skipping '#' comments to the end of the line; null unless both are plain
    /// decimal numbers.
    /// </summary>
    private static (long, long)? DeclaredPgmSize(byte[] pgm)
    {
        var tokens = new List<string>();
        int i = 2;
        while (i < pgm.Length && tokens.Count < 2)
        {
            byte b = pgm[i];
            if (b == (byte)'#')
            {
                while (i < pgm.Length && pgm[i] != (byte)'\n' && pgm[i] != (byte)'\r')
                {
                    i++;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 11 or 12)
            {
                i++;
            }
            else
            {
                int start = i;
                while (i < pgm.Length && pgm[i] is >= (byte)'0' and <= (byte)'9')
                {
                    i++;
                }

                if (i == start)
                {
                    return null;
                }

                tokens.Add(Encoding.ASCII.GetString(pgm, start, i - start));
            }
        }

        return tokens.Count == 2 && long.TryParse(tokens[0], out long w) && long.TryParse(tokens[1], out long h) ? (w, h) : null;
    }

    /// <summary>Byte ranges of the magic and the width, height and maxval tokens (comments skipped).</summary>
    private static List<(int Start, int End)> PgmTokens(byte[] pgm)
    {
        var tokens = new List<(int, int)>();
        if (pgm.Length >= 2)
        {
            tokens.Add((0, 2));
        }

        int i = 2;
        while (i < pgm.Length && tokens.Count < 4)
        {
            if (pgm[i] == (byte)'#')
            {
                while (i < pgm.Length && pgm[i] != (byte)'\n' && pgm[i] != (byte)'\r')
                {
                    i++;
                }
            }
            else if (pgm[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 11 or 12)
            {
                i++;
            }
            else
            {
                int start = i;
                while (i < pgm.Length && pgm[i] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 11 or 12 or (byte)'#'))
                {
                    i++;
                }

                tokens.Add((start, i));
            }
        }

        return tokens;
    }

    private static readonly string[] SizeTokens =
    {
        "0", "00", "1", "2", "15", "17", "016", "16384", "16385", "65535", "65536", "4096", "2147483647", "2147483648",
        "4294967296", "99999999999999999999", "-1", "+5", "1e3", "0x10", "12a", "", "\uff11\uff12", "1.5",
    };

    /// <summary>Declared sizes: at and over the limits, empty, and overflowing 32 and 64 bits.</summary>
    private static readonly (string, string)[] PgmSizes =
    {
        ("16384", "4096"), ("4096", "16384"), ("8192", "8192"), ("4096", "4096"), ("16384", "1"), ("1", "16384"), ("16384", "16384"),
        ("16385", "1"), ("0", "12"), ("16", "0"), ("0", "0"), ("65536", "65536"), ("4294967296", "1"), ("99999999999999999999", "99999999999999999999"),
    };

    private static readonly string[] MaxvalTokens =
    {
        "0", "1", "2", "15", "100", "255", "256", "1000", "65535", "65536", "70000", "4294967295", "99999999999999999999",
        "-1", "00255", "255.0", "",
    };

    private static readonly string[] Magics = { "P1", "P3", "P4", "P6", "P7", "p5", "P", "P55", "P22", "PF", "\0P5" };

    private static readonly byte[] StrayBytes =
    {
        (byte)'a', (byte)'-', (byte)'+', (byte)'.', (byte)'e', (byte)'x', (byte)'#', (byte)'P', 0, 0x1B, 0x7F, 0x85, 0x9B, 0xA0, 0xAD, 0xFF,
    };

    /// <summary>
    /// Applies PGM mutations in turn: 0 a header token (magic, width, height, maxval) replaced, 1 maxval, 2 a huge
    /// or empty size, 3 a comment inserted in the header (or inside a token, unterminated, huge, with control bytes),
    /// 4 truncation, 5 trailing garbage, 6 a stray non-digit byte in the header or the samples, 7 byte flips, 8
    /// whitespace removed, doubled or changed, 9 random bytes after the magic, 10 plain samples over maxval, negative,
    /// missing or extra.
    /// </summary>
    private static byte[] MutatePgm(byte[] original, int[] kinds, Draws r, List<string> applied)
    {
        byte[] pgm = (byte[])original.Clone();
        foreach (int kind in kinds)
        {
            pgm = MutatePgmOnce(pgm, kind, r, applied);
        }

        return pgm;
    }

    private static byte[] MutatePgmOnce(byte[] pgm, int kind, Draws r, List<string> applied)
    {
        List<(int Start, int End)> tokens = PgmTokens(pgm);
        int headerEnd = tokens.Count > 0 ? Math.Min(pgm.Length, tokens[^1].End + 1) : Math.Min(pgm.Length, 2);
        byte[] Replace(int start, int end, string text) =>
            pgm[..start].Concat(Encoding.UTF8.GetBytes(text)).Concat(pgm[end..]).ToArray();

        switch (kind)
        {
            case 2 when tokens.Count >= 4 && r.Index(2) == 0:
            {
                (string w, string h) = r.Pick(PgmSizes);
                applied.Add($"size {w}x{h}");
                return pgm[..tokens[1].Start].Concat(Encoding.ASCII.GetBytes($"{w} {h}")).Concat(pgm[tokens[2].End..]).ToArray();
            }

            case 0 or 1 or 2:
            {
                int token = kind switch { 1 => 3, 2 => 1 + r.Index(2), _ => r.Index(4) };
                if (token >= tokens.Count)
                {
                    return pgm;
                }

                string value = token switch
                {
                    0 => r.Pick(Magics),
                    3 => r.Pick(MaxvalTokens),
                    _ => r.Pick(SizeTokens),
                };
                applied.Add($"header token {token} -> '{UserText.Escape(value)}'");
                byte[] result = Replace(tokens[token].Start, tokens[token].End, value);
                if (kind == 2 && r.Index(2) == 0 && token + 1 < tokens.Count)
                {
                    // Both sides.
                    List<(int Start, int End)> again = PgmTokens(result);
                    if (again.Count > 2)
                    {
                        string other = r.Pick(SizeTokens);
                        applied.Add($"header token {3 - token} -> '{UserText.Escape(other)}'");
                        int t = 3 - token;
                        result = result[..again[t].Start].Concat(Encoding.UTF8.GetBytes(other)).Concat(result[again[t].End..]).ToArray();
                    }
                }

                return result;
            }

            case 3:
            {
                string comment = r.Index(7) switch
                {
                    0 => "#",
                    1 => "# comment\n",
                    2 => "#\r",
                    3 => "# control \u001b[31m \u0007 \u0000\n",
                    4 => "#" + new string('c', 1 << (4 + r.Index(13))) + "\n",
                    5 => "\n#no end",
                    _ => "#\n#\n# three\n",
                };
                int token = r.Index(2) == 0 && tokens.Count > 0 ? r.Index(tokens.Count) : -1;
                int at = token >= 0 ? tokens[token].End : r.Index(headerEnd + 1);

                // A whole comment line right after the magic, the width or the height changes no pixel.
                bool preserving = token is >= 0 and <= 2 && comment.StartsWith('#') && comment[^1] is '\n' or '\r';
                applied.Add($"{(preserving ? "= " : "")}comment '{UserText.Escape(comment, 20)}' at {at}");
                return Replace(at, at, comment);
            }

            case 4:
            {
                int cut = r.Index(pgm.Length + 1);
                applied.Add($"truncate at {cut} of {pgm.Length}");
                return pgm[..cut];
            }

            case 5:
            {
                int length = 1 + r.Index(1000);
                byte[] garbage = r.Index(2) == 0 ? Enumerable.Range(0, length).Select(_ => r.Byte()).ToArray() : Encoding.ASCII.GetBytes(" 7 8 9 255 0\n# trailing\nP5 1 1 255\n");
                applied.Add($"= {garbage.Length} bytes of trailing garbage");
                return pgm.Concat(garbage).ToArray();
            }

            case 6:
            {
                bool header = r.Index(3) > 0 || pgm.Length <= headerEnd;
                int at = header ? r.Index(Math.Max(1, headerEnd)) : headerEnd + r.Index(pgm.Length - headerEnd);
                if (at >= pgm.Length)
                {
                    return pgm;
                }

                byte stray = r.Pick(StrayBytes);
                applied.Add($"byte {at} -> {stray:X2}");
                pgm[at] = stray;
                return pgm;
            }

            case 7:
            {
                for (int k = 0, flips = 1 + r.Index(4); k < flips && pgm.Length > 0; k++)
                {
                    int at = r.Index(pgm.Length);
                    pgm[at] ^= (byte)(1 + r.Index(255));
                    applied.Add($"flip byte {at}");
                }

                return pgm;
            }

            case 8:
            {
                var spaces = Enumerable.Range(0, headerEnd).Where(i => pgm[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t').ToArray();
                if (spaces.Length == 0)
                {
                    return pgm;
                }

                int at = r.Pick(spaces);
                string replacement = r.Pick(new[] { "", "  ", "\r\n", "\t", "\v", "\f", "\u00a0", "\u0085", "\n\n" });
                applied.Add($"whitespace at {at} -> '{UserText.Escape(replacement)}'");
                return pgm[..at].Concat(Encoding.Latin1.GetBytes(replacement)).Concat(pgm[(at + 1)..]).ToArray();
            }

            case 9:
            {
                int length = r.Index(400);
                applied.Add($"{length} random bytes after the magic");
                return pgm[..Math.Min(2, pgm.Length)].Concat(Enumerable.Range(0, length).Select(_ => r.Byte())).ToArray();
            }

            default:
            {
                if (pgm.Length < 2 || pgm[1] != (byte)'2' || headerEnd >= pgm.Length)
                {
                    return pgm;
                }

                string body = Encoding.Latin1.GetString(pgm, headerEnd, pgm.Length - headerEnd);
                var samples = body.Split(' ', '\n').ToList();
                int i = r.Index(samples.Count);
                string change = r.Index(5) switch
                {
                    0 => samples[i] = r.Pick(new[] { "256", "1001", "65535", "65536", "2147483648", "99999999999", "-3", "3.5", "0x1" }),
                    1 => "remove " + samples[i] + (samples[i] = ""),
                    2 => "add " + (samples[i] += " 7"),
                    3 => "drop the last samples" + (samples = samples.Take(i).ToList()).Count,
                    _ => samples[i] = "\u0001",
                };
                applied.Add($"P2 sample {i}: {UserText.Escape(change, 40)}");
                return pgm[..headerEnd].Concat(Encoding.Latin1.GetBytes(string.Join(" ", samples))).ToArray();
            }
        }
    }

    /// <summary>The random draws of one case, taken in turn (cycling).</summary>
    private sealed class Draws(uint[] values)
    {
        private int _next;

        public uint Next() => values[_next++ % values.Length];

        public int Index(int count) => count <= 0 ? 0 : (int)(Next() % (uint)count);

        public T Pick<T>(T[] options) => options[Index(options.Length)];

        public byte Byte() => (byte)(Next() & 0xFF);
    }
}
