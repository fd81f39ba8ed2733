using System.Net;
using System.Text;
using System.Text.Json;

namespace EdgeDigits.Simulator.Tests;

/// <summary>POST /api/device: work and response bounded per request, and event times that cannot brick a session.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class DeviceLimitsTests(SimulatorServer server)
{
    private const string Path = "/api/device";

    /// <summary>The hardening issue's request: a stroke, then GO+tick pairs up to the 4,000-event limit (the 1,995 pairs took 3 s and returned 45 MB).</summary>
    [Fact]
    public async Task Many_go_and_tick_pairs_run_a_bounded_number_of_recognitions_and_a_bounded_response()
    {
        string session = NewSession();
        await Post(session, [Tick(1000)]);
        await Post(session, [Tick(2600)]);
        var events = new List<object> { Touch("down", 100, 40, 3000) };
        for (int i = 1; i < 30; i++)
        {
            events.Add(Touch("move", 100 + i / 6, 40 + 4 * i, 3000 + 10 * i));
        }

        events.Add(Touch("up", 105, 156, 3300));
        for (int i = 0; i < 1984; i++)
        {
            events.Add(new { type = "button", button = "recognize", t = 3400 + i });
            events.Add(Tick(3400 + i));
        }

        (HttpStatusCode status, string text) = await Post(session, events.ToArray());
        Assert.True(text.Length < 2_000_000, "response of " + text.Length + " chars");
        Assert.True(status == HttpStatusCode.OK, text);
        JsonElement body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.GetProperty("rects").GetArrayLength() <= SimulatorLimits.MaxResponseRects * 5);

        // The session is still usable afterwards.
        (status, _) = await Post(session, [Tick(6000)]);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_request_that_draws_too_much_is_refused_with_413_naming_the_limit()
    {
        string session = NewSession();
        await Post(session, [Tick(1000)]);
        await Post(session, [Tick(2600)]);
        // Long zig-zag strokes across the pad: every segment is rasterized into many rectangles.
        var events = new List<object> { Touch("down", 10, 10, 3000) };
        for (int i = 1; i < 1990; i++)
        {
            events.Add(Touch("move", i % 2 == 0 ? 10 : 200, 10 + (i % 180), 3000 + i));
            events.Add(Tick(3000 + i));
        }

        (HttpStatusCode status, string text) = await Post(session, events.ToArray());
        Assert.True(status == HttpStatusCode.RequestEntityTooLarge, status + " " + text.Length + " " + text[..Math.Min(300, text.Length)]);
        string error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("The response would hold more than 50000 rectangles (the limit per device request); stopped at events[", error);
        (status, _) = await Post(session, [Tick(8000)]);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public void A_device_session_runs_at_most_the_recognition_budget_per_request_and_the_rest_later()
    {
        var session = new EdgeDigits.Simulator.Device.DeviceSession(server.Model);
        session.Process([Event("tick", 1000)]);
        session.Process([Event("tick", 2600)]);
        var events = new List<EdgeDigits.Simulator.Device.DeviceEvent>();
        long t = 3000;
        for (int drawing = 0; drawing < 10; drawing++)
        {
            events.Add(Event("down", t++, 100, 40));
            for (int i = 1; i < 30; i++)
            {
                events.Add(Event("move", t++, 100 + i / 6, 40 + 4 * i));
            }

            events.Add(Event("up", t++, 105, 156));
            events.Add(Event("button", t, button: "recognize"));
            events.Add(Event("tick", t++));
        }

        session.Process(events.ToArray());
        Assert.Equal(SimulatorLimits.MaxRecognitionsPerRequest, session.RecognitionsLastRequest);
        Assert.True(session.App.IsBusy, "the next recognition waits for the next request");
        session.Process([Event("tick", t + 1)]);
        Assert.Equal(1, session.RecognitionsLastRequest);
    }

    private static EdgeDigits.Simulator.Device.DeviceEvent Event(string type, long t, int x = 0, int y = 0, string? button = null)
        => new() { Type = type, T = t, X = x, Y = y, Button = button };

    /// <summary>t = 2^53 used to be accepted and pushed the session's clock beyond every later request.</summary>
    [Theory]
    [InlineData(9007199254740992L, "events[0].t = 9007199254740992 ms is outside 0..1099511627776.")]
    [InlineData(1099511627777L, "events[0].t = 1099511627777 ms is outside 0..1099511627776.")]
    [InlineData(1000L + 3_600_001L, "events[0].t = 3601001 ms is 3600001 ms after the session's clock (1000 ms); the limit is 3600000 ms per step.")]
    public async Task A_wild_time_is_refused_and_the_session_stays_usable(long t, string message)
    {
        string session = NewSession();
        (HttpStatusCode status, _) = await Post(session, [Tick(1000)]);
        Assert.Equal(HttpStatusCode.OK, status);
        (status, string text) = await Post(session, [Tick(t)]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        (status, text) = await Post(session, [Tick(2600)]);
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("Ready", JsonDocument.Parse(text).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_time_step_too_large_within_a_request_is_refused()
    {
        (HttpStatusCode status, string text) = await Post(NewSession(), [Tick(5), Tick(5 + 3_600_001)]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("events[1].t = 3600006 ms is 3600001 ms after the event before it; the limit is 3600000 ms per step.",
            JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_wild_first_time_does_not_boot_the_session()
    {
        string session = NewSession();
        (HttpStatusCode status, _) = await Post(session, [Tick(1L << 53)]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, string text) = await Post(session, [Tick(1000)]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("booted").GetBoolean());
    }

    private static object Tick(long t) => new { type = "tick", t };

    private static object Touch(string type, int x, int y, long t) => new { type, x, y, t };

    private static string NewSession() => "limits-" + Guid.NewGuid().ToString("N");

    private async Task<(HttpStatusCode Status, string Text)> Post(string session, object[] events)
    {
        string json = JsonSerializer.Serialize(new { session, events });
        using HttpResponseMessage response = await server.Client.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
