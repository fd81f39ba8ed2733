using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EdgeDigits.Simulator.Tests;

/// <summary>Bad requests to POST /api/recognize get HTTP 400 and a message naming the problem; the server stays up.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class RecognizeApiTests(SimulatorServer server)
{
    private const string Path = "/api/recognize";

    [Fact]
    public async Task Malformed_json_names_the_position()
    {
        Assert.Equal("invalid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed (at byte 22 of the line)",
            await PostExpecting400("{\"strokes\": [[[1, 2]]", "application/json"));
        Assert.Equal("line 2: invalid JSON: '}' is invalid after a property name. Expected a ':' (at byte 11 of the line)",
            await PostExpecting400("{\n\"strokes\" }", "application/json"));
    }

    [Fact]
    public async Task Wrong_content_type_is_refused()
    {
        string error = await PostExpecting400("{\"strokes\": []}", "text/plain");
        Assert.Equal("Content-Type must be application/json; got 'text/plain'.", error);
    }

    [Fact]
    public async Task Missing_content_type_is_refused()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"strokes\": []}"));
        using HttpResponseMessage response = await server.Client.PostAsync(Path, content);
        Assert.Equal("Content-Type must be application/json; got none.", await ErrorOf(response));
    }

    [Fact]
    public async Task Empty_body_is_refused()
    {
        Assert.Equal("The request body is empty; expected a JSON object.", await PostExpecting400("", "application/json"));
    }

    [Fact]
    public async Task Json_null_is_refused()
    {
        Assert.Equal("expected a JSON object {\"strokes\": ..., \"multiDigit\": ...}, found null", await PostExpecting400("null", "application/json"));
    }

    [Fact]
    public async Task Unknown_member_is_refused_by_name()
    {
        Assert.Equal("strokez: unknown property; expected \"strokes\" or \"multiDigit\"",
            await PostExpecting400("{\"strokes\": [], \"strokez\": 1}", "application/json"));
        Assert.Equal("multiDigit: expected true or false, found number 1", await PostExpecting400("{\"strokes\": [], \"multiDigit\": 1}", "application/json"));
    }

    [Fact]
    public async Task Fractional_coordinate_is_refused()
    {
        Assert.Equal("strokes[0][0][0]: must be a whole number of pixels, was 1.5", await PostExpecting400("{\"strokes\": [[[1.5, 2]]]}", "application/json"));
    }

    [Fact]
    public async Task Missing_strokes_is_refused()
    {
        Assert.Equal("missing \"strokes\": [[[x, y], ...], ...]",
            await PostExpecting400("{\"multiDigit\": true}", "application/json"));
    }

    [Fact]
    public async Task Too_many_strokes_is_refused()
    {
        string strokes = string.Join(",", Enumerable.Repeat("[[10,10],[20,20]]", 65));
        Assert.Equal("strokes[64]: more than 64 strokes (limit)", await PostExpecting400("{\"strokes\": [" + strokes + "]}", "application/json"));
    }

    [Fact]
    public async Task Too_many_points_is_refused()
    {
        string points = string.Join(",", Enumerable.Repeat("[10,10]", 20001));
        Assert.Equal("strokes[0][20000]: more than 20000 points in one drawing (limit)",
            await PostExpecting400("{\"strokes\": [[" + points + "]]}", "application/json"));
    }

    [Fact]
    public async Task A_point_must_have_two_coordinates()
    {
        Assert.Equal("strokes[0][1]: expected a point [x, y], found more than two values", await PostExpecting400("{\"strokes\": [[[1,2],[3,4,5]]]}", "application/json"));
    }

    [Fact]
    public async Task Coordinates_out_of_range_are_refused()
    {
        Assert.Equal("strokes[1][0][1]: must be a number of pixels in -10000..10000, was -10001",
            await PostExpecting400("{\"strokes\": [[[1,2]], [[3,-10001]]]}", "application/json"));
    }

    [Fact]
    public async Task Oversized_body_with_content_length_is_refused_before_reading()
    {
        string body = "{\"strokes\": [], \"pad\": \"" + new string('x', 300_000) + "\"}";
        string error = await PostExpecting400(body, "application/json");
        Assert.Equal("The request body is " + Encoding.UTF8.GetByteCount(body) + " bytes; the limit is 262144 bytes.", error);
    }

    [Fact]
    public async Task Oversized_chunked_body_is_cut_off()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"strokes\": [], \"pad\": \"" + new string('x', 400_000) + "\"}");
        using var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await server.Client.PostAsync(Path, content);
        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal("The request body is more than 262144 bytes; the limit is 262144 bytes.", await ErrorOf(response));
    }

    [Fact]
    public async Task Server_keeps_serving_after_bad_requests()
    {
        await PostExpecting400("{{{", "application/json");
        using HttpResponseMessage info = await server.Client.GetAsync("/api/info");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
    }

    [Fact]
    public async Task A_valid_drawing_is_recognized_as_one_digit_inside_its_box()
    {
        // A vertical bar from (150, 60) to (152, 180): one stroke, one digit whose box is the stroke's extent.
        var points = new List<int[]>();
        for (int y = 60; y <= 180; y += 4)
        {
            points.Add([150 + (y % 3), y]);
        }

        string json = JsonSerializer.Serialize(new { strokes = new[] { points }, multiDigit = false });
        using HttpResponseMessage response = await server.Client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = document.RootElement;
        JsonElement digit = Assert.Single(root.GetProperty("digits").EnumerateArray());
        int[] box = digit.GetProperty("box").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal([points.Min(p => p[0]), 60, points.Max(p => p[0]), 180], box);
        int[] confidences = digit.GetProperty("confidences").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(10, confidences.Length);
        Assert.Equal(confidences[digit.GetProperty("digit").GetInt32()], digit.GetProperty("confidence").GetInt32());
        Assert.Equal(784, Convert.FromBase64String(digit.GetProperty("input").GetString()!).Length);
        Assert.Equal(root.GetProperty("text").GetString(), digit.GetProperty("digit").GetInt32().ToString());
        Assert.Equal(server.Model.MacsPerInference, root.GetProperty("macs").GetInt64());
    }

    [Fact]
    public async Task An_empty_drawing_has_no_digits()
    {
        using HttpResponseMessage response = await server.Client.PostAsync(Path, new StringContent("{\"strokes\": []}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("", document.RootElement.GetProperty("text").GetString());
        Assert.Equal(0, document.RootElement.GetProperty("digits").GetArrayLength());
    }

    [Fact]
    public async Task The_panel_figures_come_from_the_bench_counters()
    {
        Assert.True(await server.Model.Counter!.WhenReadyAsync(), server.Model.Counter.FailureReason);
        string json = "{\"strokes\": [[[60,45],[165,45],[150,80],[130,120],[112,170]]]}";
        using HttpResponseMessage response = await server.Client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = document.RootElement;
        Assert.Equal(281_640, root.GetProperty("macsPerInference").GetInt64());
        JsonElement digit = Assert.Single(root.GetProperty("digits").EnumerateArray());
        long instructions = digit.GetProperty("ilInstructions").GetInt64();
        // A real count of the shipped LeNet-5 (bench: about 0.65 M IL per digit on average, under 0.9 M for the worst MNIST digit).
        Assert.InRange(instructions, 100_000, 1_500_000);
        Assert.True(digit.GetProperty("calls").GetInt64() > 0);
    }

    private async Task<string> PostExpecting400(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using HttpResponseMessage response = await server.Client.PostAsync(Path, content);
        return await ErrorOf(response);
    }

    internal static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, "expected 400, got " + (int)response.StatusCode + ": " + text);
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>A readable stream that does not report its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
