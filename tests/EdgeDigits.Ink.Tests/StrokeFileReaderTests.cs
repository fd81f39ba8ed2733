using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Ink.Tests;

public class StrokeFileReaderTests
{
    private const string Good = "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[[10.5, 20], [30, 40.25]], [[5, 5]]], \"label\": \"7\"}";

    [Fact]
    public void Reads_a_json_object_with_fractions_and_a_label()
    {
        using var dir = new TempDirectory();
        string path = dir.File("seven.json", "{\n  \"canvas\": {\"width\": 320.5, \"height\": 240},\n  \"strokes\": [[[10.5, 20], [30, 40.25]], [[5, 5]]],\n  \"label\": \"7\", \"writer\": \"ignored\"\n}\n");
        StrokeFileEntry entry = Assert.Single(StrokeFileReader.Read(path));
        Assert.Null(entry.Error);
        StrokeSample s = entry.Sample!;
        Assert.Equal((320.5, 240.0), (s.CanvasWidth, s.CanvasHeight));
        Assert.Equal(2, s.Strokes.Count);
        Assert.Equal(new[] { new StrokePoint(10.5, 20), new StrokePoint(30, 40.25) }, s.Strokes[0]);
        Assert.Equal("7", s.Label);
        Assert.Equal(path, s.Source);
    }

    [Fact]
    public void Reads_jsonl_line_by_line_and_a_bad_line_does_not_stop_the_others()
    {
        using var dir = new TempDirectory();
        string path = dir.File("set.jsonl", Good + "\n\n" + "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[[1, 2, 3]]]}\r\n" + Good.Replace("\"7\"", "\"42\"") + "\n");
        List<StrokeFileEntry> entries = StrokeFileReader.Read(path);
        Assert.Equal(3, entries.Count);
        Assert.Equal(path + ":1", entries[0].Source);
        Assert.Equal($"{path}:3: strokes[0][0]: expected a point [x, y], found more than two values", entries[1].Error);
        Assert.Equal("42", entries[2].Sample!.Label);
        Assert.Equal(path + ":4", entries[2].Sample!.Source);
    }

    [Fact]
    public void The_label_is_optional()
    {
        StrokeSample s = StrokeFileReader.Parse("x.jsonl", 1, "{\"canvas\":{\"width\":1,\"height\":1},\"strokes\":[],\"label\":null}"u8.ToArray(), StrokeFileLimits.Default, "x");
        Assert.Null(s.Label);
        Assert.Empty(s.Strokes);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[[1, 2]]", "x.jsonl:5: invalid JSON: Expected depth to be zero at the end of the JSON payload" },
        { "[1, 2]", "x.jsonl:5: expected a JSON object {\"canvas\": ..., \"strokes\": ...}, found an array" },
        { "{\"strokes\": []}", "x.jsonl:5: missing \"canvas\": {\"width\": W, \"height\": H}" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}}", "x.jsonl:5: missing \"strokes\": [[[x, y], ...], ...]" },
        { "{\"canvas\": {\"width\": -3, \"height\": 240}, \"strokes\": []}", "x.jsonl:5: canvas.width: must be a positive number of pixels up to 100000, was -3" },
        { "{\"canvas\": {\"width\": 3}, \"strokes\": []}", "x.jsonl:5: canvas: needs both \"width\" and \"height\"" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[[1, \"2\"]]]}", "x.jsonl:5: strokes[0][0][1]: expected a number, found string \"2\"" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[[1, 2], [3]]]}", "x.jsonl:5: strokes[0][1]: expected a point [x, y], found only one number" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[1, 2]]}", "x.jsonl:5: strokes[0][0]: expected a point [x, y], found number 1" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": {}}", "x.jsonl:5: strokes: expected an array of strokes [[[x, y], ...], ...], found an object" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [], \"label\": \"4a\"}", "x.jsonl:5: label: must be a non-empty string of digits 0-9, was \"4a\"" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [], \"label\": 4}", "x.jsonl:5: label: must be a string of digits such as \"42\", found number 4" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [], \"strokes\": []}", "x.jsonl:5: strokes: appears twice" },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": []} {}", "x.jsonl:5: invalid JSON: " },
        { "{\"canvas\": {\"width\": 320, \"height\": 240}, \"strokes\": [[[1, 2]], [[1e999, 2]]]}", "x.jsonl:5: strokes[1][0][0]: number is out of range" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_drawings_name_the_file_line_and_json_path(string json, string message)
    {
        var e = Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("x.jsonl", 5, System.Text.Encoding.UTF8.GetBytes(json), StrokeFileLimits.Default, "x"));
        Assert.StartsWith(message, e.Message);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void Errors_in_a_multi_line_json_file_name_the_line_of_the_problem()
    {
        using var dir = new TempDirectory();
        string path = dir.File("d.json", "{\n \"canvas\": {\"width\": 320, \"height\": 240},\n \"strokes\": [\n  [[1, 2], [3, 4]],\n  [[5, true]]\n ]\n}");
        Assert.Equal($"{path}:5: strokes[1][0][1]: expected a number, found true", Assert.Single(StrokeFileReader.Read(path)).Error);

        path = dir.File("e.json", "{\n \"canvas\": {\"width\": 320, \"height\": 240},\n \"strokes\": [ [[1, 2],, ]\n ]\n}");
        Assert.StartsWith($"{path}:3: invalid JSON: ", Assert.Single(StrokeFileReader.Read(path)).Error);
    }

    [Fact]
    public void Limits_are_enforced_with_clear_messages()
    {
        var limits = new StrokeFileLimits(MaxFileBytes: 10_000, MaxLineBytes: 300, MaxStrokes: 2, MaxPoints: 3, MaxCanvasSide: 1000);
        string ThreeStrokes = "{\"canvas\":{\"width\":9,\"height\":9},\"strokes\":[[[1,1]],[[2,2]],[[3,3]]]}";
        string FourPoints = "{\"canvas\":{\"width\":9,\"height\":9},\"strokes\":[[[1,1],[2,2]],[[3,3],[4,4]]]}";
        Assert.Equal("f:1: strokes[2]: more than 2 strokes (limit)", Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("f", 1, System.Text.Encoding.UTF8.GetBytes(ThreeStrokes), limits, "f")).Message);
        Assert.Equal("f:1: strokes[1][1]: more than 3 points in one drawing (limit)", Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("f", 1, System.Text.Encoding.UTF8.GetBytes(FourPoints), limits, "f")).Message);
        Assert.Equal("f:1: canvas.width: must be a positive number of pixels up to 1000, was 5000",
            Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("f", 1, "{\"canvas\":{\"width\":5000,\"height\":9},\"strokes\":[]}"u8.ToArray(), limits, "f")).Message);
        Assert.Equal("f:1: drawing is 301 bytes, more than the limit of 300 bytes",
            Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("f", 1, new byte[301], limits, "f")).Message);

        using var dir = new TempDirectory();
        string big = dir.File("big.jsonl", new string(' ', 10_001));
        Assert.Equal($"{big}: file is 10001 bytes, more than the limit of 10000 bytes", Assert.Single(StrokeFileReader.Read(big, limits)).Error);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        StrokeFileEntry entry = Assert.Single(StrokeFileReader.Read("/nonexistent/strokes.jsonl"));
        Assert.StartsWith("/nonexistent/strokes.jsonl: cannot read: ", entry.Error);
    }

    [Fact]
    public void Writer_output_reads_back()
    {
        var sample = new StrokeSample("s", 320, 240, new[] { new[] { new StrokePoint(1.25, 2), new StrokePoint(-0.04, 3.96) } }, "5", "mnist-test[3]");
        string line = StrokeFileWriter.Format(sample);
        Assert.Equal("{\"canvas\":{\"width\":320,\"height\":240},\"strokes\":[[[1.3,2],[0,4]]],\"label\":\"5\",\"id\":\"mnist-test[3]\"}", line);
        StrokeSample back = StrokeFileReader.Parse("w", 1, System.Text.Encoding.UTF8.GetBytes(line), StrokeFileLimits.Default, "w");
        Assert.Equal("5", back.Label);
        Assert.Equal("mnist-test[3]", back.Id);
        Assert.Equal(new[] { new StrokePoint(1.3, 2), new StrokePoint(0, 4) }, back.Strokes[0]);
    }

    [Fact]
    public void Invalid_utf8_or_a_lone_surrogate_fails_only_its_own_line()
    {
        using var dir = new TempDirectory();
        byte[] good = System.Text.Encoding.UTF8.GetBytes(Good + "\n");
        byte[] badUtf8 = System.Text.Encoding.UTF8.GetBytes(Good.Replace("\"7\"}", "\"7\", \"note\": \"XX\"}") + "\n");
        int x = Array.IndexOf(badUtf8, (byte)'X');
        badUtf8[x] = 0xFF;
        badUtf8[x + 1] = 0xFE;
        byte[] surrogate = System.Text.Encoding.UTF8.GetBytes(Good.Replace("\"7\"}", "\"7\", \"id\": \"\\ud800\"}") + "\n");
        byte[] nested = System.Text.Encoding.UTF8.GetBytes(Good.Replace("\"7\"}", "\"7\", \"meta\": {\"a\": [1, \"\\udfff\"]}}") + "\n");
        string path = dir.File("mixed.jsonl", good.Concat(badUtf8).Concat(surrogate).Concat(nested).Concat(good).ToArray());

        List<StrokeFileEntry> entries = StrokeFileReader.Read(path);

        Assert.Equal(5, entries.Count);
        Assert.NotNull(entries[0].Sample);
        Assert.Equal($"{path}:2: note: a JSON string holds invalid UTF-8 or a lone UTF-16 surrogate (\\uD800-\\uDFFF)", entries[1].Error);
        Assert.Equal($"{path}:3: id: a JSON string holds invalid UTF-8 or a lone UTF-16 surrogate (\\uD800-\\uDFFF)", entries[2].Error);
        Assert.StartsWith($"{path}:4: meta: a JSON string holds invalid UTF-8", entries[3].Error);
        Assert.NotNull(entries[4].Sample);
    }

    [Fact]
    public void Error_lines_quote_at_most_80_characters_with_control_characters_escaped()
    {
        using var dir = new TempDirectory();
        string hostile = "\\u001b[2J\\u0007" + new string('9', 50) + "x" + new string('a', 500);
        string path = dir.File("ansi.jsonl", Good.Replace("\"7\"", "\"" + hostile + "\"") + "\n" + "{\"canvas\": \"\\u001b]0;pwned\\u0007" + new string('b', 300) + "\"}\n");

        List<StrokeFileEntry> entries = StrokeFileReader.Read(path);

        string label = entries[0].Error!;
        Assert.StartsWith($"{path}:1: label: must be a non-empty string of digits 0-9, was \"\\e[2J\\x07999", label);
        Assert.EndsWith("…\"", label);
        Assert.True(label.Length < path.Length + 200, label);
        string canvas = entries[1].Error!;
        Assert.Contains("\\e]0;pwned\\x07", canvas);
        Assert.DoesNotContain('\x1b', canvas + label);
        Assert.DoesNotContain('\x07', canvas + label);
        Assert.True(canvas.Length < path.Length + 200, canvas);
    }

    [Theory]
    [InlineData("utf-16", true, "UTF-16 (LE)")]
    [InlineData("utf-16BE", true, "UTF-16 (BE)")]
    [InlineData("utf-16", false, "UTF-16 (LE)")]
    [InlineData("utf-16BE", false, "UTF-16 (BE)")]
    [InlineData("utf-32", true, "UTF-32 (LE)")]
    [InlineData("utf-32BE", false, "UTF-32 (BE)")]
    public void A_utf16_or_utf32_file_is_one_error_saying_stroke_files_must_be_utf8(string encoding, bool bom, string name)
    {
        // Was one "invalid JSON: '0xFF' is an invalid start of a value" per line ('0xFE' for BE, '0x00' without a BOM).
        using var dir = new TempDirectory();
        System.Text.Encoding text = System.Text.Encoding.GetEncoding(encoding);
        byte[] body = text.GetBytes(Good + "\n" + Good + "\n");
        string jsonl = dir.File("wide.jsonl", bom ? text.GetPreamble().Concat(body).ToArray() : body);
        string json = dir.File("wide.json", bom ? text.GetPreamble().Concat(text.GetBytes(Good)).ToArray() : text.GetBytes(Good));

        foreach (string path in new[] { jsonl, json })
        {
            StrokeFileEntry entry = Assert.Single(StrokeFileReader.Read(path));
            Assert.Null(entry.Sample);
            Assert.Equal($"{path}: the file is {name}; stroke files must be UTF-8", entry.Error);
        }
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_still_accepted()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bom.jsonl", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(Good + "\n" + Good + "\n")).ToArray());
        Assert.All(StrokeFileReader.Read(path), e => Assert.Equal("7", e.Sample!.Label));
    }

    [Fact]
    public void A_fifo_or_a_device_is_refused_at_once_not_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string fifo = System.IO.Path.Combine(dir.Path, "pipe.jsonl");
        System.Diagnostics.Process.Start("mkfifo", fifo)!.WaitForExit();
        Assert.True(File.Exists(fifo));

        StrokeFileEntry entry = Assert.Single(StrokeFileReader.Read(fifo));
        Assert.Equal($"{fifo}: cannot read: not a regular file (a FIFO (named pipe)); edgedigits reads only regular files", entry.Error);
        StrokeFileEntry zero = Assert.Single(StrokeFileReader.Read("/dev/zero"));
        Assert.Equal("/dev/zero: cannot read: not a regular file (a character device); edgedigits reads only regular files", zero.Error);
    }
}
