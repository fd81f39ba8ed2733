using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// Drives the simulator page in the browser: opens it and waits for the booted board, draws strokes given in device
/// pixels (whatever size the canvas is shown at), waits for results, reads the canvas's device pixels, collects
/// console errors and saves screenshots.
/// </summary>
internal sealed class SimulatorPage
{
    private SimulatorPage(IPage page, ITestOutputHelper output)
    {
        Page = page;
        Output = output;
    }

    public IPage Page { get; }

    public ITestOutputHelper Output { get; }

    /// <summary>Console errors and uncaught page errors seen since the page was opened.</summary>
    public List<string> Errors { get; } = new();

    /// <summary>Bodies of the /api/device requests the page sent.</summary>
    public List<string> DeviceRequests { get; } = new();

    /// <summary>A copy of <see cref="DeviceRequests"/> taken under its lock: the page keeps posting ticks while a test reads.</summary>
    public string[] DeviceRequestsSnapshot()
    {
        lock (DeviceRequests)
        {
            return DeviceRequests.ToArray();
        }
    }

    public static async Task<SimulatorPage> OpenAsync(BrowserSession browser, SimulatorServer server, ITestOutputHelper output,
        ViewportSize? viewport = null, Func<IPage, Task>? beforeLoad = null)
    {
        IPage page = await browser.Context.NewPageAsync();
        var driver = new SimulatorPage(page, output);
        page.SetDefaultTimeout(15_000);
        if (viewport is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }

        page.PageError += (_, error) =>
        {
            output.WriteLine("page error: " + error);
            lock (driver.Errors) { driver.Errors.Add("page error: " + error); }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                output.WriteLine("console error: " + message.Text);
                lock (driver.Errors) { driver.Errors.Add("console error: " + message.Text); }
            }
        };
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/device", StringComparison.Ordinal) && request.PostData is { } body)
            {
                lock (driver.DeviceRequests) { driver.DeviceRequests.Add(body); }
            }
        };
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }

        // Playwright's clock in place of the page's (performance.now, timers): it runs as the real one does, except
        // while DrawAsync holds it, so a busy machine cannot stretch the pauses between a test's strokes.
        await page.Clock.InstallAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('model-line').textContent.includes('MACs')");
        // The board boots (self-test, boot screen held 1.5 s) and then waits for ink.
        await page.Locator("#screen[data-state='Ready']").WaitForAsync();
        return driver;
    }

    /// <summary>The canvas's box in CSS pixels and the CSS pixels per device pixel.</summary>
    public async Task<(LocatorBoundingBoxResult Box, float Scale)> ScreenBoxAsync()
    {
        LocatorBoundingBoxResult box = (await Page.Locator("#screen").BoundingBoxAsync())!;
        return (box, box.Width / 320f);
    }

    /// <summary>Page (CSS) coordinates of a device pixel's centre.</summary>
    public async Task<(float X, float Y)> ToPageAsync(int x, int y)
    {
        (LocatorBoundingBoxResult box, float scale) = await ScreenBoxAsync();
        return (box.X + (x + 0.5f) * scale, box.Y + (y + 0.5f) * scale);
    }

    /// <summary>Presses the mouse at a stroke's first point and moves through the others (8 steps each); no lift.</summary>
    public async Task PressAndTraceAsync(int[][] stroke)
    {
        (LocatorBoundingBoxResult box, float scale) = await ScreenBoxAsync();
        await Page.Mouse.MoveAsync(box.X + (stroke[0][0] + 0.5f) * scale, box.Y + (stroke[0][1] + 0.5f) * scale);
        await Page.Mouse.DownAsync();
        foreach (int[] point in stroke.Skip(1))
        {
            await Page.Mouse.MoveAsync(box.X + (point[0] + 0.5f) * scale, box.Y + (point[1] + 0.5f) * scale, new MouseMoveOptions { Steps = 8 });
        }
    }

    /// <summary>
    /// Draws strokes with mouse down / moves / up at the device pixels' centres, as one quick gesture: the page's
    /// clock is held while the strokes are drawn, so every event carries the same time and none of the app's delays
    /// (the 500 ms idle delay that starts recognition, AppSettings.IdleDelayMs) can pass between two strokes however
    /// slowly the browser is driven. The clock runs on when the last stroke is up, and this returns once the page has
    /// sent every event to the board (its queue empty, no request in flight) and drawn the board's answer.
    /// </summary>
    public async Task DrawAsync(int[][][] strokes)
    {
        double pageNowMs = await Page.EvaluateAsync<double>("() => Date.now()");
        await Page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds((long)pageNowMs + HoldAheadMs).UtcDateTime);
        foreach (int[][] stroke in strokes)
        {
            await PressAndTraceAsync(stroke);
            await Page.Mouse.UpAsync();
        }

        await Page.Clock.ResumeAsync();
        await Page.WaitForFunctionAsync("() => board.queue.length === 0 && !board.inFlight");
    }

    // The clock is held a little ahead of the time last read from the page: pausing at a time already passed fails.
    private const int HoldAheadMs = 100;

    /// <summary>How many results the page has shown so far.</summary>
    public async Task<int> RecognitionCountAsync()
    {
        return await Page.EvaluateAsync<int>("() => +(document.getElementById('screen').dataset.recognitions || 0)");
    }

    /// <summary>Waits until the page has shown <paramref name="count"/> results and returns the recognized text.</summary>
    public async Task<string> WaitForRecognitionAsync(int count)
    {
        await Page.WaitForFunctionAsync("n => +(document.getElementById('screen').dataset.recognitions || 0) >= n", count);
        return (await Page.Locator("#result-text").TextContentAsync())!.Trim();
    }

    /// <summary>Waits for the board to reach <paramref name="state"/> (an AppState name).</summary>
    public Task WaitForStateAsync(string state)
    {
        return Page.Locator("#screen[data-state='" + state + "']").WaitForAsync();
    }

    /// <summary>The board's state as the page last received it.</summary>
    public async Task<string> StateAsync()
    {
        return (await Page.Locator("#screen").GetAttributeAsync("data-state"))!;
    }

    /// <summary>Device pixels inside [x0, x1) × [y0, y1) whose colour is not the pad's white.</summary>
    public async Task<int> NonWhitePixelsAsync(int x0, int y0, int x1, int y1)
    {
        return await Page.EvaluateAsync<int>(
            @"([x0, y0, x1, y1]) => {
                const d = document.getElementById('screen').getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) n++;
                return n;
            }", new[] { x0, y0, x1, y1 });
    }

    /// <summary>True when a request sent after the first <paramref name="after"/> requests carried <paramref name="button"/>.</summary>
    public bool SentButton(string button, int after = 0)
    {
        lock (DeviceRequests)
        {
            return DeviceRequests.Skip(after).Any(body => body.Contains("\"button\":\"" + button + "\"", StringComparison.Ordinal));
        }
    }

    public int DeviceRequestCount
    {
        get
        {
            lock (DeviceRequests) { return DeviceRequests.Count; }
        }
    }

    /// <summary>Saves a full-page screenshot and one of the device screen; prints both paths.</summary>
    public Task ScreenshotAsync(string name) => ScreenshotAsync(Page, Output, name);

    /// <summary>Saves a full-page screenshot of <paramref name="page"/> and one of its device screen; prints both paths.</summary>
    public static async Task ScreenshotAsync(IPage page, ITestOutputHelper output, string name)
    {
        string path = Path.Combine(BrowserSession.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        string screen = Path.Combine(BrowserSession.ScreenshotDirectory, name + "-screen.png");
        await page.Locator("#screen").ScreenshotAsync(new LocatorScreenshotOptions { Path = screen });
        output.WriteLine("screenshot: " + path);
        output.WriteLine("screenshot: " + screen);
    }
}
