using System.Text;
using EdgeDigits.Simulator.Api;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// Stroke files (what <c>edgedigits recognize</c> reports) and <c>POST /api/recognize</c> read strokes with one
/// schema, one validator and one set of messages: the same bad strokes get the same problem text from both.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class StrokeParityTests(SimulatorServer server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgedigits-parity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("[[[1, 2, 3]]]", "strokes[0][0]: expected a point [x, y], found more than two values")]
    [InlineData("[[[1, 2]], [[3]]]", "strokes[1][0]: expected a point [x, y], found only one number")]
    [InlineData("[[[1, \"2\"]]]", "strokes[0][0][1]: expected a number, found string \"2\"")]
    [InlineData("[[1, 2]]", "strokes[0][0]: expected a point [x, y], found number 1")]
    [InlineData("[null]", "strokes[0]: expected a stroke: an array of [x, y] points, found null")]
    [InlineData("{\"a\": 1}", "strokes: expected an array of strokes [[[x, y], ...], ...], found an object")]
    [InlineData("[[[1e999, 2]]]", "strokes[0][0][0]: number is out of range")]
    [InlineData("[[[1, 2],, [3, 4]]]", "invalid JSON: ',' is an invalid start of a value (at byte 22 of the line)")]
    public async Task A_bad_stroke_gets_the_same_message_from_a_stroke_file_and_from_the_api(string strokes, string problem)
    {
        Assert.Equal(problem, await ErrorFromApi(strokes));
        Assert.Equal(ErrorFromFile(strokes, StrokeFileLimits.Default), await ErrorFromApi(strokes));
    }

    [Theory]
    [InlineData("[[[1, 2]], [[3, -10001]]]", "strokes[1][0][1]: must be a number of pixels in -10000..10000, was -10001")]
    [InlineData("[[[1.5, 2]]]", "strokes[0][0][0]: must be a whole number of pixels, was 1.5")]
    [InlineData(null, "strokes[64]: more than 64 strokes (limit)")]
    public async Task The_simulator_limits_are_stroke_file_limits_with_the_same_messages(string? strokes, string problem)
    {
        strokes ??= "[" + string.Join(",", Enumerable.Repeat("[[10,10]]", 65)) + "]";
        Assert.Equal(problem, await ErrorFromApi(strokes));
        Assert.Equal(ErrorFromFile(strokes, StrokeRequest.Limits), await ErrorFromApi(strokes));
        Assert.Null(Assert.Single(StrokeFileReader.Read(WriteLine(strokes))).Error);   // a stroke file's own limits allow it
    }

    [Fact]
    public async Task The_api_reads_a_byte_order_mark_as_stroke_files_do_and_names_utf16()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"strokes\": [[[10, 10], [10, 60]]]}");
        using var bom = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. json]);
        bom.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using HttpResponseMessage ok = await server.Client.PostAsync("/api/recognize", bom);
        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);

        foreach ((Encoding encoding, string name) in new[] { (Encoding.Unicode, "UTF-16 (LE)"), (Encoding.BigEndianUnicode, "UTF-16 (BE)") })
        {
            using var wide = new ByteArrayContent(encoding.GetBytes("{\"strokes\": [[[10, 10], [10, 60]]]}"));
            wide.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await server.Client.PostAsync("/api/recognize", wide);
            Assert.Equal($"the text is {name}; stroke JSON must be UTF-8", await RecognizeApiTests.ErrorOf(response));
        }
    }

    /// <summary>The file's error without its <c>file:1: </c> prefix; the drawing's canvas comes after the strokes so byte positions match.</summary>
    private string ErrorFromFile(string strokes, StrokeFileLimits limits)
    {
        string path = WriteLine(strokes);
        string error = Assert.Single(StrokeFileReader.Read(path, limits)).Error!;
        Assert.StartsWith(path + ":1: ", error);
        return error[(path.Length + 4)..];
    }

    private string WriteLine(string strokes)
    {
        string path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(path, "{\"strokes\": " + strokes + ", \"canvas\": {\"width\": 320, \"height\": 240}}\n");
        return path;
    }

    private async Task<string> ErrorFromApi(string strokes)
    {
        using var content = new StringContent("{\"strokes\": " + strokes + "}", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await server.Client.PostAsync("/api/recognize", content);
        return await RecognizeApiTests.ErrorOf(response);
    }
}
