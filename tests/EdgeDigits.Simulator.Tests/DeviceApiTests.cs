using System.Net;
using System.Text;
using System.Text.Json;
using EdgeDigits.App;
using EdgeDigits.Ink;
using EdgeDigits.Runtime;
using EdgeDigits.Tooling.Recognition;
using EdgeDigits.Tooling.Strokes;

namespace EdgeDigits.Simulator.Tests;

/// <summary>POST /api/device: validation of events and sessions, and a whole session of the firmware's app over HTTP.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class DeviceApiTests(SimulatorServer server)
{
    private const string Path = "/api/device";

    [Theory]
    [InlineData("{\"events\": []}", "'session' is missing: send the page's session id.")]
    [InlineData("{\"session\": \"abc\", \"events\": []}", "'session' must be 8..64 characters long; got 3.")]
    [InlineData("{\"session\": \"bad session id\", \"events\": []}", "'session' may hold only letters, digits, '-' and '_'.")]
    [InlineData("{\"session\": \"session-1\"}", "'events' is missing: send an array of {type, x, y, t} events.")]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"type\": \"jump\", \"t\": 1}]}", "events[0].type must be down, move, up, button or tick; got 'jump'.")]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"t\": 1}]}", "events[0].type must be down, move, up, button or tick; got nothing.")]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"type\": \"button\", \"button\": \"power\", \"t\": 1}]}", "events[0].button must be clear, undo, recognize, mode or collect; got 'power'.")]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"type\": \"tick\", \"t\": 5}, {\"type\": \"tick\", \"t\": 4}]}", "events[1].t = 4 ms is earlier than the event before it (5 ms).")]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"type\": \"tick\", \"t\": -1}]}", "events[0].t = -1 ms is outside 0..1099511627776.")]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"type\": \"down\", \"x\": 20000, \"y\": 5, \"t\": 1}]}", "events[0].x = 20000 is outside -10000..10000.")]
    public async Task Bad_device_requests_are_refused_with_a_message(string body, string message)
    {
        Assert.Equal(message, await PostExpecting400(body));
    }

    [Fact]
    public async Task Too_many_events_are_refused()
    {
        string events = string.Join(",", Enumerable.Range(0, 4001).Select(i => "{\"type\":\"tick\",\"t\":" + i + "}"));
        Assert.Equal("Too many events: 4001; the limit is 4000.", await PostExpecting400("{\"session\": \"session-1\", \"events\": [" + events + "]}"));
    }

    [Fact]
    public async Task Time_may_not_run_backwards_across_requests()
    {
        string session = NewSession();
        await PostOk(session, [Tick(1000)]);
        string error = await PostExpecting400("{\"session\": \"" + session + "\", \"events\": [{\"type\": \"tick\", \"t\": 999}]}");
        Assert.Equal("events[0].t = 999 ms is earlier than the session's clock (1000 ms).", error);
    }

    [Fact]
    public async Task A_session_boots_draws_and_recognizes_like_the_firmware_pipeline()
    {
        string session = NewSession();
        JsonElement boot = await PostOk(session, [Tick(1000)]);
        Assert.True(boot.GetProperty("booted").GetBoolean());
        Assert.Equal("Booting", boot.GetProperty("state").GetString());
        Assert.Contains(boot.GetProperty("log").EnumerateArray(), line => line.GetString()!.Contains("selftest ok"));
        var screen = new int[ScreenLayout.ScreenWidth * ScreenLayout.ScreenHeight];
        Paint(screen, boot);

        JsonElement ready = await PostOk(session, [Tick(2600)]);   // the boot screen is held 1.5 s
        Assert.Equal("Ready", ready.GetProperty("state").GetString());
        Paint(screen, ready);

        // A "1"-like vertical stroke on the pad, points 4 px apart (kept as they are by the stroke buffer).
        int[][] stroke = Enumerable.Range(0, 30).Select(i => new[] { 100 + i / 6, 40 + 4 * i }).ToArray();
        var events = new List<object> { Touch("down", stroke[0], 3000) };
        for (int i = 1; i < stroke.Length; i++)
        {
            events.Add(Touch("move", stroke[i], 3000 + 10 * i));
            events.Add(Tick(3000 + 10 * i));
        }

        events.Add(Touch("up", stroke[^1], 3400));
        events.Add(Tick(3400));
        JsonElement drawn = await PostOk(session, events.ToArray());
        Assert.Equal("WaitingForIdle", drawn.GetProperty("state").GetString());
        Paint(screen, drawn);
        Assert.Equal(Palette.Ink, screen[stroke[15][1] * ScreenLayout.ScreenWidth + stroke[15][0]]);   // the ink is on the canvas
        Assert.Equal(Palette.Pad, screen[10 * ScreenLayout.ScreenWidth + 10]);

        JsonElement result = await PostOk(session, [Tick(3950)]);     // 500 ms idle: the app recognizes
        string state = result.GetProperty("state").GetString()!;
        Assert.True(state is "Result" or "NotSure", state);
        JsonElement digit = Assert.Single(result.GetProperty("recognition").GetProperty("digits").EnumerateArray());

        // The same points through the firmware's ink pipeline called directly: identical input and answer.
        var ink = new StrokeBuffer(new AppSettings().MaxPoints, new AppSettings().MaxStrokes);
        ink.BeginStroke();
        foreach (int[] p in stroke)
        {
            ink.AddPoint(p[0], p[1]);
        }

        ink.EndStroke();
        var recognizer = new InkRecognizer(new Int8Engine(server.Model.Parameters), 6);
        Assert.Equal(1, recognizer.Recognize(ink, multiDigit: false));
        RecognizedDigit expected = recognizer.GetDigit(0);
        Assert.Equal(expected.Input, Convert.FromBase64String(digit.GetProperty("input").GetString()!));
        Assert.Equal(expected.Digit, digit.GetProperty("digit").GetInt32());
        Assert.Equal(expected.Confidence, digit.GetProperty("confidence").GetInt32());
        Assert.Equal([expected.BoxLeft, expected.BoxTop, expected.BoxRight, expected.BoxBottom],
            digit.GetProperty("box").EnumerateArray().Select(e => e.GetInt32()).ToArray());
    }

    [Fact]
    public async Task The_mode_button_switches_to_multi_digit()
    {
        string session = NewSession();
        await PostOk(session, [Tick(0)]);
        await PostOk(session, [Tick(1600)]);
        JsonElement after = await PostOk(session, [new { type = "button", button = "mode", t = 1700 }, Tick(1710)]);
        Assert.True(after.GetProperty("multiDigit").GetBoolean());
    }

    [Fact]
    public async Task A_corrected_result_comes_back_as_a_teach_line_the_tooling_reads_with_its_label()
    {
        string session = NewSession();
        await PostOk(session, [Tick(0)]);
        JsonElement ready = await PostOk(session, [Tick(1600)]);
        Assert.Empty(ready.GetProperty("teach").EnumerateArray());

        // A vertical stroke drawn by pointer 1, while pointer 2 touches the pad elsewhere and must be ignored.
        int[][] stroke = Enumerable.Range(0, 30).Select(i => new[] { 100 + i / 6, 40 + 4 * i }).ToArray();
        var events = new List<object> { new { type = "down", x = stroke[0][0], y = stroke[0][1], id = 1, t = 2000 } };
        for (int i = 1; i < stroke.Length; i++)
        {
            events.Add(new { type = "move", x = stroke[i][0], y = stroke[i][1], id = 1, t = 2000 + 10 * i });
            if (i == 10)
            {
                events.Add(new { type = "down", x = 30, y = 30, id = 2, t = 2000 + 10 * i });
            }

            if (i > 10 && i < 20)
            {
                events.Add(new { type = "move", x = 30 + i, y = 30, id = 2, t = 2000 + 10 * i });
            }

            events.Add(Tick(2000 + 10 * i));
        }

        events.Add(new { type = "up", x = 50, y = 30, id = 2, t = 2300 });
        events.Add(new { type = "up", x = stroke[^1][0], y = stroke[^1][1], id = 1, t = 2400 });
        events.Add(Tick(2400));
        await PostOk(session, events.ToArray());
        JsonElement result = await PostOk(session, [Tick(2950)]);
        int shown = Assert.Single(result.GetProperty("recognition").GetProperty("digits").EnumerateArray()).GetProperty("digit").GetInt32();
        int corrected = (shown + 1) % 10;

        // Tap the result panel (the keypad opens), then the corrected digit's key.
        int keyX = ScreenLayout.KeyX(corrected) + 25, keyY = ScreenLayout.KeyY(corrected) + 20;
        JsonElement keypad = await PostOk(session, [Touch("down", [270, 100], 3000), Touch("up", [270, 100], 3010), Tick(3010)]);
        Assert.Equal("Teaching", keypad.GetProperty("state").GetString());
        Assert.Empty(keypad.GetProperty("teach").EnumerateArray());
        JsonElement saved = await PostOk(session, [Touch("down", [keyX, keyY], 3100), Touch("up", [keyX, keyY], 3110), Tick(3110)]);
        string line = Assert.Single(saved.GetProperty("teach").EnumerateArray()).GetString()!;
        Assert.DoesNotContain(saved.GetProperty("log").EnumerateArray(), l => l.GetString()!.StartsWith("teach", StringComparison.Ordinal));
        Assert.Empty((await PostOk(session, [Tick(3200)])).GetProperty("teach").EnumerateArray());   // each line is returned once

        // The tooling's own reader takes it as a stroke file line: pad canvas, the stroke as drawn, the corrected label.
        StrokeSample sample = StrokeFileReader.Parse("teach.jsonl", 1, Encoding.UTF8.GetBytes(line), StrokeFileLimits.Default, "teach.jsonl:1");
        Assert.Equal(corrected.ToString(), sample.Label);
        Assert.Matches("^sim/[0-9a-f]{12}/0000$", sample.Id);
        Assert.Equal((ScreenLayout.PadWidth, ScreenLayout.PadHeight), ((int)sample.CanvasWidth, (int)sample.CanvasHeight));
        StrokePoint[] points = Assert.Single(sample.Strokes);
        Assert.Equal(stroke.Select(p => (p[0], p[1])), points.Select(p => ((int)p.X, (int)p.Y)));

        // And reads back through the host recognition service as the device read it, labelled as the user taught.
        RecognitionResult again = new DigitRecognitionService(server.Model.Parameters).Recognize(sample, multiDigit: false);
        Assert.Equal(corrected.ToString(), again.Label);
        Assert.Equal(shown.ToString(), again.Text);
        Assert.Equal(sample.Id, again.Id);
    }

    [Theory]
    [InlineData("{\"session\": \"session-1\", \"events\": [{\"type\": \"down\", \"x\": 5, \"y\": 5, \"id\": -1, \"t\": 1}]}", "events[0].id = -1 is negative; pointer ids are 0..2147483647.")]
    public async Task A_negative_pointer_id_is_refused(string body, string message)
    {
        Assert.Equal(message, await PostExpecting400(body));
    }

    private static object Tick(long t) => new { type = "tick", t };

    private static object Touch(string type, int[] p, long t) => new { type, x = p[0], y = p[1], t };

    private static string NewSession() => "test-" + Guid.NewGuid().ToString("N");

    /// <summary>Paints the response's rectangles (x, y, w, h, color) into a 320×240 framebuffer.</summary>
    private static void Paint(int[] screen, JsonElement response)
    {
        int[] rects = response.GetProperty("rects").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(0, rects.Length % 5);
        for (int r = 0; r < rects.Length; r += 5)
        {
            (int x, int y, int w, int h, int color) = (rects[r], rects[r + 1], rects[r + 2], rects[r + 3], rects[r + 4]);
            Assert.True(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= ScreenLayout.ScreenWidth && y + h <= ScreenLayout.ScreenHeight, "rect " + r / 5 + " is not clipped");
            for (int yy = y; yy < y + h; yy++)
            {
                Array.Fill(screen, color, yy * ScreenLayout.ScreenWidth + x, w);
            }
        }
    }

    private async Task<JsonElement> PostOk(string session, object[] events)
    {
        string json = JsonSerializer.Serialize(new { session, events });
        using HttpResponseMessage response = await server.Client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> PostExpecting400(string body)
    {
        using HttpResponseMessage response = await server.Client.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));
        return await RecognizeApiTests.ErrorOf(response);
    }
}
