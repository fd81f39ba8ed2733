using EdgeDigits.Cli;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Onnx;

namespace EdgeDigits.Tooling.Tests;

/// <summary>The top-level handler: input errors exit 1, usage errors 2, bugs 3, and nothing prints a stack trace.</summary>
[Collection(PenDigits.ConsoleCollection.Name)]
public sealed class CliErrorHandlingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_unexpected_exception_is_one_line_saying_it_is_a_bug_with_exit_code_3()
    {
        var errors = new StringWriter();
        int exit = CliErrors.Report(new NullReferenceException("boom \u001b[2J" + new string('x', 1000)), errors);

        string text = errors.ToString();
        Assert.Equal(3, exit);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: internal error, this is a bug in edgedigits (please report it): System.NullReferenceException: boom \\e[2J", text);
        Assert.DoesNotContain('\u001b', text);
        Assert.True(text.Length < 600, text);
        Assert.DoesNotContain(" at ", text);
    }

    [Fact]
    public void A_known_input_error_is_exit_code_1_with_its_message_and_an_aggregate_is_unwrapped()
    {
        var errors = new StringWriter();
        int exit = CliErrors.Report(new AggregateException(new OnnxImportException("m.onnx: node 'c1' (Conv): bad")), errors);
        Assert.Equal(1, exit);
        Assert.Equal("error: m.onnx: node 'c1' (Conv): bad", errors.ToString().Trim());
        Assert.Equal(3, CliErrors.Report(new InvalidOperationException("Cannot transcode invalid UTF-8"), new StringWriter()));
    }

    [Fact]
    public void Quantize_with_a_device_or_fifo_model_is_refused_at_once_with_exit_code_1()
    {
        var run = CliRunner.Run("quantize", "--model", "/dev/zero", "--mnist", _dir.Path, "--out", _dir.File("out"), "--report", _dir.File("r.json"));
        Assert.Equal(1, run.Exit);
        Assert.Contains("error: /dev/zero: not a regular file (a character device); edgedigits reads only regular files", run.Err);
        Assert.DoesNotContain("Unhandled exception", run.Out + run.Err);
    }

    [Fact]
    public void Evaluate_on_a_two_byte_gzip_names_the_file_and_says_truncated_gzip()
    {
        foreach (string name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            File.WriteAllBytes(_dir.File(name), new byte[] { 0x1F, 0x8B });
        }

        var run = CliRunner.Run("evaluate", "--mnist", _dir.Path);
        Assert.Equal(1, run.Exit);
        Assert.Contains($"{_dir.File("train-images-idx3-ubyte.gz")}: truncated gzip", run.Out + run.Err);
        Assert.DoesNotContain("Specified argument", run.Out + run.Err);
        Assert.DoesNotContain("   at ", run.Out + run.Err);
    }

    /// <summary>A gzip of <paramref name="bytes"/>, its CRC-32 (the first half of the 8-byte trailer) made wrong when <paramref name="badCrc"/>.</summary>
    internal static byte[] Gzip(byte[] bytes, bool badCrc = false)
    {
        using var output = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        byte[] file = output.ToArray();
        file[^8] ^= (byte)(badCrc ? 1 : 0);
        return file;
    }

    [Fact]
    public void Evaluate_on_a_gzip_with_a_bad_crc_says_checksum_not_unsupported_compression_method()
    {
        // Was "the gzip stream is truncated or corrupt (The archive entry was compressed using an unsupported compression method)".
        var images = new byte[16 + 3 * 784];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), 3);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
        var labels = new byte[8 + 3];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(labels, 0x801);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), 3);
        foreach (string set in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(_dir.File(set + "-images-idx3-ubyte.gz"), Gzip(images, badCrc: true));
            File.WriteAllBytes(_dir.File(set + "-labels-idx1-ubyte.gz"), Gzip(labels, badCrc: true));
        }

        var run = CliRunner.Run("evaluate", "--mnist", _dir.Path);

        Assert.Equal(1, run.Exit);
        Assert.Matches($"error: {System.Text.RegularExpressions.Regex.Escape(_dir.Path)}/[a-z0-9]+-[a-z]+-idx[13]-ubyte.gz: the gzip stream is corrupt \\(CRC-32 checksum mismatch\\)\\.", run.Err);
        Assert.DoesNotContain("unsupported compression method", run.Out + run.Err);
    }

    [Fact]
    public void Recognize_with_a_hostile_onnx_node_name_escapes_and_truncates_it_like_quantize()
    {
        // recognize used to print its own line: the node name raw (ESC and BEL bytes) and whole (a 1 MB name in full),
        // and the file named twice ("--model m.onnx: m.onnx: node ...").
        string ansi = _dir.File("ansi.onnx");
        File.WriteAllBytes(ansi, OnnxModels.Bytes(OnnxModels.SingleNode("Bogus", "\u001b[31mRED\u001b[0m\u001b]0;pwned\u0007")));
        string wide = _dir.File("long.onnx");
        File.WriteAllBytes(wide, OnnxModels.Bytes(OnnxModels.SingleNode("Bogus", new string('N', 1_000_000))));
        string strokes = _dir.File("one.jsonl");
        File.WriteAllText(strokes, "{\"canvas\": {\"width\": 100, \"height\": 100}, \"strokes\": [[[10, 10], [60, 80]]]}\n");

        foreach (string command in new[] { "recognize", "quantize" })
        {
            string[] args = command == "recognize" ? new[] { "recognize", strokes, "--model", ansi } : new[] { "quantize", "--model", ansi, "--out", _dir.File("out"), "--report", _dir.File("r.json") };
            var run = CliRunner.Run(args);
            Assert.Equal(1, run.Exit);
            Assert.Equal($"error: {ansi}: node '\\e[31mRED\\e[0m\\e]0;pwned\\x07' (Bogus): operator Bogus is not supported.", run.Err.Trim().Split('\n')[0].Split(" Supported")[0]);
            Assert.DoesNotContain('\u001b', run.Err);
            Assert.DoesNotContain('\u0007', run.Err);

            args[Array.IndexOf(args, ansi)] = wide;
            run = CliRunner.Run(args);
            Assert.Equal(1, run.Exit);
            string line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: {wide}: node 'NNNN", line);
            Assert.Contains("…' (Bogus): operator Bogus is not supported.", line);
            Assert.True(line.Length <= "error: ".Length + CliErrors.MaxMessageChars + 1, $"{line.Length} characters");
        }
    }

    [Fact]
    public void Recognize_with_a_bad_model_name_escapes_it()
    {
        var run = CliRunner.Run("recognize", "x.jsonl", "--model", "random:\u001b[2J");
        Assert.Equal(1, run.Exit);
        Assert.Equal("error: --model random:\\e[2J: expected random:SEED with an integer seed", run.Err.Trim());
    }

    [Fact]
    public void Render_on_a_directory_says_it_is_one_and_what_render_reads()
    {
        // Was "error: DIR: no such file".
        var run = CliRunner.Run("render", _dir.Path, "--out", _dir.File("x"));
        Assert.Equal(1, run.Exit);
        Assert.Contains($"error: {_dir.Path}: a directory; render reads stroke files (.json, .jsonl): pass the files in it, e.g. {Path.Combine(_dir.Path, "*.jsonl")}", run.Err);
        Assert.DoesNotContain("no such file", run.Err);
    }

    [Fact]
    public void Evaluate_on_an_unreadable_mnist_directory_says_it_cannot_read_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string locked = _dir.File("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            // Root reads any directory: run the tool as nobody then (setpriv), else nothing can be denied here.
            bool root = CanList(locked);
            (int Exit, string Out, string Err) run = root ? RunAsNobody("evaluate", "--mnist", locked) : CliRunner.Run("evaluate", "--mnist", locked);
            if (run.Exit == -1)
            {
                return;
            }

            // Was: "train-images-idx3-ubyte(.gz) not found" (File.Exists is false in a directory that cannot be searched).
            Assert.Equal(1, run.Exit);
            Assert.Contains($"error: {locked}: cannot read the MNIST directory: ", run.Err);
            Assert.DoesNotContain("not found", run.Err);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool CanList(string directory)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(directory).ToList();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Runs edgedigits (its apphost beside the tests) as the user nobody through setpriv; exit -1 when setpriv cannot be run.</summary>
    private static (int Exit, string Out, string Err) RunAsNobody(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", Path.Combine(AppContext.BaseDirectory, "edgedigits") }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["HOME"] = Path.GetTempPath();
        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 127 || errors.StartsWith("setpriv:", StringComparison.Ordinal) ? (-1, "", errors) : (process.ExitCode, output.Result, errors);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "", "");
        }
    }

    [Fact]
    public void Recognize_with_a_bad_option_is_a_usage_error_exit_2()
    {
        var run = CliRunner.Run("recognize", "x.jsonl", "--unsure-below", "many");
        Assert.Equal(2, run.Exit);
    }

    [Fact]
    public void Recognize_keeps_going_after_a_bad_utf8_line_and_prints_the_summary()
    {
        string good = "{\"canvas\": {\"width\": 100, \"height\": 100}, \"strokes\": [[[10, 10], [60, 80]]], \"label\": \"1\"}";
        byte[] bad = System.Text.Encoding.UTF8.GetBytes("{\"canvas\": {\"width\": 100, \"height\": 100}, \"strokes\": [], \"id\": \"XX\"}");
        bad[Array.IndexOf(bad, (byte)'X')] = 0xC3;
        string first = _dir.File("a.jsonl");
        File.WriteAllBytes(first, System.Text.Encoding.UTF8.GetBytes(good + "\n").Concat(bad).Concat(System.Text.Encoding.UTF8.GetBytes("\n" + good + "\n")).ToArray());
        string second = _dir.File("b.jsonl");
        File.WriteAllText(second, good + "\n");

        var run = CliRunner.Run("recognize", first, second, "--single", "--model", "random:3");

        Assert.Equal(1, run.Exit);
        Assert.Equal(3, run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"error: {first}:2: id: a JSON string holds invalid UTF-8", run.Err);
        Assert.Contains("3 recognized, 1 failed", run.Err);
    }
}

/// <summary>
/// bench on damaged MNIST test files: it loads them as <c>evaluate</c> does, whole and checked, before taking the first
/// --limit images (issue 13: it used to read only those, so each case below passed with exit 0).
/// </summary>
[Collection(PenDigits.ConsoleCollection.Name)]
public sealed class BenchBadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Images => _dir.File("t10k-images-idx3-ubyte.gz");

    private string Labels => _dir.File("t10k-labels-idx1-ubyte");

    /// <summary>The first 20 MNIST test images (.gz) and their labels (raw) in the temp dir.</summary>
    private void WriteTestSplit(int count = 20)
    {
        MnistDataset test = TestData.Test;
        IdxWriter.WriteImages(Images, Enumerable.Range(0, count).SelectMany(test.CopyImage).ToArray(), 28, 28);
        IdxWriter.WriteLabels(Labels, Enumerable.Range(0, count).Select(i => (byte)test.Label(i)).ToArray());
    }

    private (int Exit, string Out, string Err) Bench(params string[] more) =>
        CliRunner.Run(new[] { "bench", "--limit", "10", "--mnist", _dir.Path }.Concat(more).ToArray());

    [Fact]
    public void Bench_on_an_idx_with_no_images_says_so_and_exits_1()
    {
        IdxWriter.WriteImages(_dir.File("t10k-images-idx3-ubyte"), Array.Empty<byte>(), 28, 28);
        IdxWriter.WriteLabels(Labels, Array.Empty<byte>());

        var run = CliRunner.Run("bench", "--mnist", _dir.Path);

        // The file's real name: the message used to print the literal "t10k-images-idx3-ubyte(.gz)".
        Assert.Equal(1, run.Exit);
        Assert.Contains($"bench: {_dir.File("t10k-images-idx3-ubyte")}: the IDX file holds no images; nothing to measure.", run.Err);
    }

    [Fact]
    public void Bench_refuses_a_gzip_whose_crc_is_wrong()
    {
        WriteTestSplit();
        byte[] gz = File.ReadAllBytes(Images);
        gz[^8] ^= 0xFF; // the CRC-32 of the trailer (RFC 1952)
        File.WriteAllBytes(Images, gz);

        var run = Bench();

        Assert.Equal(1, run.Exit);
        Assert.StartsWith($"bench: {Images}: the gzip stream is corrupt (CRC-32 checksum mismatch).", run.Err);
    }

    [Fact]
    public void Bench_refuses_a_label_that_is_not_a_digit_past_the_limit()
    {
        WriteTestSplit();
        byte[] labels = File.ReadAllBytes(Labels);
        labels[8 + 15] = 255;
        File.WriteAllBytes(Labels, labels);

        var run = Bench();

        Assert.Equal(1, run.Exit);
        Assert.Equal($"bench: {Labels}: label 15 is 255; MNIST labels are digits 0..9.", run.Err.Trim());
    }

    [Fact]
    public void Bench_refuses_a_declared_count_far_larger_than_the_data()
    {
        WriteTestSplit();
        string raw = _dir.File("t10k-images-idx3-ubyte");
        byte[] data = IdxReader.ReadAll(Images);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), 1_000_000);
        File.Delete(Images);
        File.WriteAllBytes(raw, data);

        var run = Bench();

        Assert.Equal(1, run.Exit);
        Assert.Equal($"bench: {raw}: truncated IDX file: the header announces 1000000 images of 28×28 (784000000 bytes) but only 15680 follow.", run.Err.Trim());
    }

    [Fact]
    public void Bench_refuses_a_gzip_bomb_after_the_size_its_header_declares()
    {
        WriteTestSplit();
        byte[] content = IdxReader.ReadAll(Images);
        using (FileStream file = File.Create(Images))
        using (var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(content);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++)
            {
                gz.Write(zeros); // 64 MiB more than the 20 images the header declares
            }
        }

        var run = Bench();

        Assert.Equal(1, run.Exit);
        Assert.Equal($"bench: {Images}: the gzip stream decompresses to more than the 15,696 bytes its IDX header declares (at least 65,536 more); the file is corrupt.", run.Err.Trim());
    }

    [Fact]
    public void Bench_refuses_a_missing_labels_file()
    {
        WriteTestSplit();
        File.Delete(Labels);

        var run = Bench();

        Assert.Equal(1, run.Exit);
        Assert.StartsWith($"bench: {Labels}(.gz) not found", run.Err);
    }

    [Fact]
    public void Bench_refuses_test_images_linked_to_a_device_as_not_a_regular_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        WriteTestSplit();
        File.Delete(Images);
        File.CreateSymbolicLink(Images, "/dev/zero");

        var run = Bench();

        // Was: "bench: The archive entry was compressed using an unsupported compression method." (no file named).
        Assert.Equal(1, run.Exit);
        Assert.Equal($"bench: {Images}: not a regular file (a character device); edgedigits reads only regular files", run.Err.Trim());
    }

    [Fact]
    public void Bench_refuses_a_device_or_fifo_stroke_file_before_measuring()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        WriteTestSplit();
        string fifo = _dir.File("pipe.jsonl");
        System.Diagnostics.Process.Start("mkfifo", fifo)!.WaitForExit();

        var zero = Bench("--strokes", "/dev/zero");
        var pipe = Bench("--strokes", fifo);

        // Was: the whole MNIST bench first (about 8 s), then "bench: no drawings in /dev/zero".
        Assert.Equal((1, 1), (zero.Exit, pipe.Exit));
        Assert.Equal("bench: /dev/zero: not a regular file (a character device); edgedigits reads only regular files", zero.Err.Trim());
        Assert.Equal($"bench: {fifo}: not a regular file (a FIFO (named pipe)); edgedigits reads only regular files", pipe.Err.Trim());
        Assert.DoesNotContain("counting", zero.Out + pipe.Out);
    }

    [Fact]
    public void Bench_on_a_corrupt_gzip_names_the_file_not_dotnets_unsupported_compression_method()
    {
        // Was "bench: The archive entry was compressed using an unsupported compression method.", naming no file.
        WriteTestSplit();
        byte[] gz = File.ReadAllBytes(Images);
        gz[10] = 0x07; // the deflate data starts with a final block of the reserved type 3 (RFC 1951 §3.2.3)
        File.WriteAllBytes(Images, gz);

        var run = Bench();

        Assert.Equal(1, run.Exit);
        Assert.Contains($"bench: {Images}: the gzip stream is corrupt (bad deflate stream).", run.Err);
        Assert.DoesNotContain("unsupported compression method", run.Out + run.Err);
    }
}
