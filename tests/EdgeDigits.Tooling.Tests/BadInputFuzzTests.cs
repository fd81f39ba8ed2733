using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CsCheck;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// Fuzz suite (CsCheck, fixed seeds): generated bad stroke lines and IDX files must each give a clean error naming
/// the file (and line) and the problem — never another exception, a stack trace or a lost batch.
/// </summary>
[Collection(PenDigits.ConsoleCollection.Name)]
public sealed class BadInputFuzzTests : IDisposable
{
    private const string Good = "{\"canvas\": {\"width\": 200, \"height\": 200}, \"strokes\": [[[20, 30], [60.5, 90], [100, 150]], [[40, 40]]], \"label\": \"7\", \"id\": \"w1-3\"}";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A stroke line: the good line with bytes replaced, inserted or deleted, or raw byte soup; never a newline.</summary>
    private static readonly Gen<byte[]> StrokeLine = Gen.OneOf(
        Gen.Select(Gen.Int[0, Good.Length - 1].Array[1, 6], Gen.Byte.Array[1, 6], (positions, values) =>
        {
            byte[] line = Encoding.UTF8.GetBytes(Good);
            for (int i = 0; i < positions.Length; i++)
            {
                line[positions[i]] = values[i % values.Length];
            }

            return line;
        }),
        Gen.Select(Gen.Int[0, Good.Length], Gen.Const(new[] {"\\ud800", "\\udfff", "\u001b[2J", "\xff\xfe", "\"", "[", "]]]", "{", "1e999", "-", "null", "\\u0000", "\u0085", "\u202e" }).SelectMany(options => Gen.Int[0, options.Length - 1].Select(k => options[k])),
            (at, insert) => Encoding.UTF8.GetBytes(Good[..at]).Concat(Encoding.Latin1.GetBytes(insert).Select(b => insert.Any(c => c > 0xFF) ? (byte)'?' : b))
                .Concat(Encoding.UTF8.GetBytes(Good[at..])).ToArray()),
        Gen.Select(Gen.Int[0, Good.Length], Gen.Int[0, 20], (at, count) => Encoding.UTF8.GetBytes(Good[..at] + Good[Math.Min(Good.Length, at + count)..])),
        Gen.Byte.Array[1, 120])
        .Select(line => line.Select(b => b == (byte)'\n' ? (byte)'\t' : b).ToArray());

    [Fact]
    public void A_thousand_bad_stroke_lines_each_give_one_clean_error_naming_file_and_line()
    {
        List<byte[]> lines = Generate(StrokeLine, 1000, 20240601);
        string path = _dir.File("fuzz.jsonl");
        File.WriteAllBytes(path, lines.SelectMany(l => l.Concat(new[] { (byte)'\n' })).ToArray());

        List<StrokeFileEntry> entries = StrokeFileReader.Read(path);

        int expected = lines.Count(l => !l.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r'));
        Assert.Equal(expected, entries.Count);
        foreach (StrokeFileEntry e in entries.Where(e => e.Error != null))
        {
            Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:[0-9]+: .+", e.Error);
            Assert.DoesNotContain(e.Error!, c => char.IsControl(c) || char.IsSurrogate(c));
            Assert.True(e.Error!.Length < path.Length + 300, e.Error);
        }

        Assert.True(entries.Count(e => e.Error != null) > 600, "the generator should produce mostly bad lines");
    }

    [Fact]
    public void The_cli_reads_every_other_file_and_line_of_a_fuzzed_batch_and_exits_1()
    {
        List<byte[]> lines = Generate(StrokeLine, 300, 7);
        string bad = _dir.File("a-fuzz.jsonl");
        File.WriteAllBytes(bad, lines.SelectMany(l => l.Concat(new[] { (byte)'\n' })).ToArray());
        string good = _dir.File("b-good.jsonl");
        File.WriteAllText(good, Good + "\n");
        int readable = StrokeFileReader.Read(bad).Count(e => e.Sample != null);

        var run = CliRunner.Run("recognize", bad, good, "--single", "--model", "random:5");

        Assert.Equal(1, run.Exit);
        Assert.DoesNotContain("Unhandled", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Contains("\"source\":\"" + good.Replace("\\", "\\\\") + ":1\"", run.Out);
        Assert.Contains($"{readable + 1} recognized, ", run.Err);
    }

    /// <summary>An IDX label or image file: a valid one with header or body bytes changed, cut, extended, or gzipped and then damaged.</summary>
    private static readonly Gen<(byte[] Bytes, bool Images)> IdxFile = Gen.Select(Gen.Bool, Gen.Int[0, 40], Gen.Int[0, 4], Gen.Int[0, 100], Gen.Byte, Gen.Bool,
        (images, count, damage, at, value, gzip) =>
        {
            byte[] data = images ? new byte[16 + count * 784] : new byte[8 + count];
            BinaryPrimitives.WriteInt32BigEndian(data, images ? IdxReader.ImagesMagic : IdxReader.LabelsMagic);
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
            if (images)
            {
                BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), 28);
                BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), 28);
            }

            if (gzip)
            {
                using var output = new MemoryStream();
                using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gz.Write(data);
                }

                data = output.ToArray();
            }

            int i = at * data.Length / 101;
            data = damage switch
            {
                0 => data.Take(i).ToArray(),
                1 => Overwrite(data, i, value),
                2 => data.Concat(Enumerable.Repeat(value, at)).ToArray(),
                3 => Overwrite(data, Math.Min(i, 12), value),
                _ => data,
            };
            return (data, images);
        });

    [Fact]
    public void A_thousand_damaged_idx_files_each_load_or_give_an_idx_error_naming_the_file()
    {
        int index = 0, errors = 0;
        foreach ((byte[] bytes, bool images) in Generate(IdxFile, 1000, 99))
        {
            string path = _dir.File($"idx-{index++}.gz");
            File.WriteAllBytes(path, bytes);
            try
            {
                if (images)
                {
                    IdxReader.ReadImages(path, out _, out _);
                }
                else
                {
                    IdxReader.ReadLabels(path);
                }
            }
            catch (IdxFormatException e)
            {
                errors++;
                Assert.StartsWith(path, e.Message);
                Assert.DoesNotContain("Specified argument", e.Message);
            }

            File.Delete(path);
        }

        Assert.True(errors > 500, $"{errors} errors");
    }

    private static byte[] Overwrite(byte[] data, int at, byte value)
    {
        byte[] copy = (byte[])data.Clone();
        if (at < copy.Length)
        {
            copy[at] = value;
        }

        if (at + 1 < copy.Length)
        {
            copy[at + 1] ^= 0xFF;
        }

        return copy;
    }

    /// <summary>Draws <paramref name="count"/> values from <paramref name="gen"/> with a fixed seed, so CI sees the same inputs every run.</summary>
    private static List<T> Generate<T>(Gen<T> gen, int count, ulong seed)
    {
        var pcg = new PCG(1, seed);
        var values = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            values.Add(gen.Generate(pcg, null, out _));
        }

        return values;
    }
}
