using System.Text;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// The stroke schema read through <see cref="StrokeJson"/> (scan, source-generated DTOs, <see cref="StrokeValidator"/>):
/// the rules and messages beyond those of <c>StrokeFileReaderTests</c> (EdgeDigits.Ink.Tests).
/// </summary>
public sealed class StrokeJsonTests
{
    private const string Canvas = "\"canvas\": {\"width\": 320, \"height\": 240}";

    private static string ErrorOf(string json, StrokeFileLimits? limits = null) =>
        Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("f.jsonl", 1, Encoding.UTF8.GetBytes(json), limits ?? StrokeFileLimits.Default, "f")).Message;

    [Fact]
    public void Stroke_and_point_limits_are_checked_by_the_scan_before_deserializing()
    {
        var limits = StrokeFileLimits.Default with { MaxStrokes = 2, MaxPoints = 3 };
        // Deserialization would fail at strokes[1] (a string); the scan stops at the fourth point first.
        Assert.Equal("f.jsonl:1: strokes[0][3]: more than 3 points in one drawing (limit)",
            ErrorOf("{" + Canvas + ", \"strokes\": [[[1,1],[2,2],[3,3],[4,4]], \"not a stroke\"]}", limits));
        Assert.Equal("f.jsonl:1: strokes[2]: more than 2 strokes (limit)", ErrorOf("{\"strokes\": [[], [], \"x\"], \"canvas\": 5}", limits));
    }

    [Fact]
    public void A_drawing_over_the_point_limit_is_refused_without_materializing_its_points()
    {
        var limits = StrokeFileLimits.Default with { MaxLineBytes = 64 << 20, MaxPoints = 1000 };
        byte[] json = Encoding.ASCII.GetBytes("{" + Canvas + ", \"strokes\": [[" + string.Join(",", Enumerable.Repeat("[1,2]", 2_000_000)) + "]]}");

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<StrokeFileException>(() => StrokeFileReader.Parse("f.jsonl", 1, json, limits, "f"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("f.jsonl:1: strokes[0][1000]: more than 1000 points in one drawing (limit)", e.Message);
        // Two million deserialized points would take over 80 MB (a double[2] each); the scan allocates next to nothing.
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_validation_error_in_a_multi_line_json_file_names_the_line_of_the_value()
    {
        using var dir = new TempDirectory();
        string path = dir.File("d.json");
        File.WriteAllText(path, "{\n \"canvas\": {\"width\": 320,\n   \"height\": -240},\n \"strokes\": []\n}");
        Assert.Equal($"{path}:3: canvas.height: must be a positive number of pixels up to 100000, was -240", Assert.Single(StrokeFileReader.Read(path)).Error);

        File.WriteAllText(path, "\n{\n \"canvas\": {\"width\": 320, \"height\": 240},\n \"strokes\": [\n  [[1, 2]],\n  [[1, 2], [3, 4, 5]]\n ]\n}");
        Assert.Equal($"{path}:6: strokes[1][1]: expected a point [x, y], found more than two values", Assert.Single(StrokeFileReader.Read(path)).Error);

        File.WriteAllText(path, "\n\n{\"strokes\": []}");
        Assert.Equal($"{path}:3: missing \"canvas\": {{\"width\": W, \"height\": H}}", Assert.Single(StrokeFileReader.Read(path)).Error);
    }

    [Fact]
    public void Label_and_id_lengths_are_limited()
    {
        string digits = new('7', 65);
        Assert.Equal("f.jsonl:1: label: 65 digits, more than the limit of 64", ErrorOf("{" + Canvas + ", \"strokes\": [], \"label\": \"" + digits + "\"}"));
        Assert.Equal("f.jsonl:1: id: 1025 characters, more than the limit of 1024", ErrorOf("{" + Canvas + ", \"strokes\": [], \"id\": \"" + new string('a', 1025) + "\"}"));
        StrokeSample s = StrokeFileReader.Parse("f", 1, Encoding.UTF8.GetBytes("{" + Canvas + ", \"strokes\": [], \"label\": \"" + digits[1..] + "\", \"id\": \"" + new string('a', 1024) + "\"}"), StrokeFileLimits.Default, "f");
        Assert.Equal((64, 1024), (s.Label!.Length, s.Id!.Length));
    }

    [Fact]
    public void The_id_is_a_string_and_each_schema_property_appears_once()
    {
        Assert.Equal("f.jsonl:1: id: expected a string, found number 5", ErrorOf("{" + Canvas + ", \"strokes\": [], \"id\": 5}"));
        Assert.Equal("f.jsonl:1: canvas: appears twice", ErrorOf("{" + Canvas + ", \"strokes\": [], " + Canvas + "}"));
        Assert.Equal("f.jsonl:1: canvas.width: expected a number, found string \"320\"", ErrorOf("{\"canvas\": {\"width\": \"320\", \"height\": 240}, \"strokes\": []}"));
        // Other properties are skipped, repeated or not, whatever their case.
        StrokeSample s = StrokeFileReader.Parse("f", 1, Encoding.UTF8.GetBytes("{" + Canvas + ", \"strokes\": [[[1, 2]]], \"x\": 1, \"x\": [2], \"Strokes\": 3}"), StrokeFileLimits.Default, "f");
        Assert.Equal(new StrokePoint(1, 2), Assert.Single(Assert.Single(s.Strokes)));
        // Inside the canvas a repeated size is not a type error: the last one counts, as it always did.
        s = StrokeFileReader.Parse("f", 1, "{\"canvas\": {\"width\": 320, \"height\": 240, \"width\": 100}, \"strokes\": []}"u8.ToArray(), StrokeFileLimits.Default, "f");
        Assert.Equal(100, s.CanvasWidth);
    }

    [Theory]
    [InlineData("{" + Canvas + ", \"strokes\": [[[1, 2],, ]]}", "invalid JSON: ',' is an invalid start of a value (at byte 63 of the line)")]
    [InlineData("{" + Canvas + ", \"strokes\": [[[1, 2]],]}", "invalid JSON: The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options (at byte 64 of the line)")]
    [InlineData("{" + Canvas + ", /* note */ \"strokes\": []}", "invalid JSON: '/' is an invalid start of a property name. Expected a '\"' (at byte 43 of the line)")]
    [InlineData("{" + Canvas + ", \"strokes\": [[[1, 02]]]}", "invalid JSON: Invalid leading zero before '2' (at byte 61 of the line)")]
    [InlineData("{" + Canvas + ", \"strokes\": [], \"meta\": [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}", "invalid JSON: The maximum configured depth of 16 has been exceeded. Cannot read next JSON array (at byte 81 of the line)")]
    public void Syntax_is_strict_and_errors_name_the_byte(string json, string problem)
    {
        Assert.Equal("f.jsonl:1: " + problem, ErrorOf(json));
    }

    [Fact]
    public void Fifteen_levels_of_nesting_in_a_skipped_property_are_read()
    {
        StrokeSample s = StrokeFileReader.Parse("f", 1, Encoding.UTF8.GetBytes("{" + Canvas + ", \"strokes\": [], \"meta\": [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}"), StrokeFileLimits.Default, "f");
        Assert.Empty(s.Strokes);
    }
}
