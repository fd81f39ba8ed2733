using System.Globalization;
using System.Text.Json.Nodes;
using EdgeDigits.Tooling.Bench;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// The page's layout and developer panel in a real headless chromium: a phone-sized window, all digits' previews,
/// the device-time estimate, teach lines kept in the browser and downloaded.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class BrowserPanelTests(SimulatorServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    // "2024" in four well-separated glyphs across the 220-pixel pad.
    private static readonly int[][][] TwentyTwentyFour =
    [
        [[10, 80], [22, 62], [38, 62], [46, 80], [38, 105], [12, 145], [48, 145]],
        [[80, 62], [66, 75], [62, 105], [66, 135], [80, 148], [94, 135], [98, 105], [94, 75], [80, 62]],
        [[112, 80], [124, 62], [140, 62], [148, 80], [140, 105], [114, 145], [150, 145]],
        [[182, 60], [166, 118], [210, 118]],
        [[197, 85], [197, 150]],
    ];

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    /// <summary>390×844 (a phone): the whole screen, GO included, fits; the panel sits below; drawing maps to device pixels.</summary>
    [Fact]
    public async Task On_a_phone_the_screen_fits_and_drawing_and_GO_work()
    {
        SimulatorPage page = await SimulatorPage.OpenAsync(_browser, server, output, new ViewportSize { Width = 390, Height = 844 });
        (LocatorBoundingBoxResult box, float scale) = await page.ScreenBoxAsync();
        output.WriteLine($"screen shown at {box.X},{box.Y} {box.Width}x{box.Height} (scale {scale})");
        Assert.InRange(box.X, 0, 390);
        Assert.InRange(box.X + box.Width, 0, 390);
        Assert.Equal(box.Width * 240 / 320, box.Height, 1.0);
        Assert.Equal("pixelated", await page.Page.Locator("#screen").EvaluateAsync<string>("c => getComputedStyle(c).imageRendering"));
        Assert.True(await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "no horizontal scrolling");

        // The app's GO button: device x 160..239, y 200..239, inside the first screenful.
        (float goLeft, float goTop) = await page.ToPageAsync(160, 200);
        (float goRight, float goBottom) = await page.ToPageAsync(239, 239);
        Assert.InRange(goLeft, 0, 390);
        Assert.InRange(goRight, 0, 390);
        Assert.InRange(goBottom, 0, 844);
        LocatorBoundingBoxResult panel = (await page.Page.Locator(".panel").BoundingBoxAsync())!;
        Assert.True(panel.Y >= box.Y + box.Height, "the developer panel is below the device");

        await page.DrawAsync(BrowserInputTests.Seven);
        // Ink where the 7's top bar is, in device pixels, and none in the far corner of the pad.
        Assert.True(await page.NonWhitePixelsAsync(70, 42, 150, 49) > 40, "the stroke landed on the device pixels it was drawn at");
        Assert.Equal(0, await page.NonWhitePixelsAsync(0, 180, 40, 200));
        int sent = page.DeviceRequestCount;
        await page.Page.Mouse.ClickAsync((goLeft + goRight) / 2, (goTop + goBottom) / 2);
        Assert.Equal("7", await page.WaitForRecognitionAsync(1));
        Assert.Contains(page.DeviceRequestsSnapshot().Skip(sent), body => JsonNode.Parse(body)!["events"]!.AsArray()
            .Any(e => (string?)e!["type"] == "down" && (int)e["x"]! is >= 160 and < 240 && (int)e["y"]! is >= 200 and < 240));
        await page.ScreenshotAsync("phone-390x844");
        Assert.Empty(page.Errors);
    }

    /// <summary>The device screen has room for 3 previews; the panel shows every digit's 28×28 input and ten bars.</summary>
    [Fact]
    public async Task The_panel_shows_all_four_previews_of_2024()
    {
        SimulatorPage page = await SimulatorPage.OpenAsync(_browser, server, output);
        await page.Page.Locator("#multi").CheckAsync();
        await page.DrawAsync(TwentyTwentyFour);
        string text = await page.WaitForRecognitionAsync(1);
        await page.ScreenshotAsync("twenty-twenty-four");
        Assert.Equal("2024", text);
        Assert.Equal(4, await page.Page.Locator("#digits .digit").CountAsync());
        Assert.Equal(40, await page.Page.Locator("#digits .digit .confidence-bar").CountAsync());
        int[] inkPerPreview = await page.Page.Locator("#digits canvas.input28").EvaluateAllAsync<int[]>(
            "cs => cs.map(c => { const d = c.getContext('2d').getImageData(0, 0, 28, 28).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 0) n++; return n; })");
        Assert.Equal(4, inkPerPreview.Length);
        Assert.All(inkPerPreview, ink => Assert.InRange(ink, 20, 700));
        foreach (ILocator preview in await page.Page.Locator("#digits .digit").AllAsync())
        {
            Assert.True(await preview.IsVisibleAsync());
        }
    }

    /// <summary>Beside the host time, the panel shows Esp32Estimate's range for the recognition's IL count, labelled an estimate.</summary>
    [Fact]
    public async Task The_panel_shows_the_device_time_estimate_from_the_IL_count()
    {
        Assert.NotNull(server.Model.Counter);
        Assert.True(await server.Model.Counter!.WhenReadyAsync(), server.Model.Counter.FailureReason);
        SimulatorPage page = await SimulatorPage.OpenAsync(_browser, server, output);
        await page.DrawAsync(BrowserInputTests.Seven);
        Assert.Equal("7", await page.WaitForRecognitionAsync(1));

        string il = (await page.Page.Locator("#il").TextContentAsync())!;
        long instructions = long.Parse(il[..il.IndexOf(' ')], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        (double low, double high) = Esp32Estimate.Milliseconds(instructions);
        ILocator device = page.Page.Locator("#device-ms");
        string shown = (await device.TextContentAsync())!;
        output.WriteLine("device time: " + shown);
        Assert.StartsWith("estimate ", shown);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, "{0:#,0}–{1:#,0} ms on the ESP32", Math.Round(low), Math.Round(high)), shown);
        Assert.Equal(low, double.Parse((await device.GetAttributeAsync("data-low"))!, CultureInfo.InvariantCulture), 1);
        Assert.Equal(high, double.Parse((await device.GetAttributeAsync("data-high"))!, CultureInfo.InvariantCulture), 1);
        Assert.Contains("on this computer", (await page.Page.Locator("#host-ms").TextContentAsync())!);
    }

    /// <summary>Teach lines from the device response are kept (bounded), counted, downloaded as .jsonl and forgotten.</summary>
    [Fact]
    public async Task Teach_lines_are_kept_downloaded_and_forgotten()
    {
        var pending = new Queue<string[]>();
        string[] first = ["{\"label\":\"7\",\"strokes\":[[[55,45],[165,45]]]}", "{\"label\":\"1\",\"strokes\":[[[110,40],[110,170]]]}"];
        SimulatorPage page = await SimulatorPage.OpenAsync(_browser, server, output, beforeLoad: p => p.RouteAsync("**/api/device", async route =>
        {
            IAPIResponse response = await route.FetchAsync();
            JsonNode body = JsonNode.Parse(await response.TextAsync())!;
            string[]? lines;
            lock (pending)
            {
                pending.TryDequeue(out lines);
            }

            if (lines is not null)
            {
                body["teach"] = new JsonArray(lines.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
            }

            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString() });
        }));
        ILocator count = page.Page.Locator("#teach-count");
        Assert.Equal("0", await count.TextContentAsync());
        Assert.True(await page.Page.Locator("#teach-download").IsDisabledAsync());

        lock (pending)
        {
            pending.Enqueue(first);
        }

        await page.Page.WaitForFunctionAsync("() => document.getElementById('teach-count').textContent === '2'");
        string downloaded = await DownloadAsync(page.Page);
        Assert.Equal(string.Join("\n", first) + "\n", downloaded);

        // Kept across a reload (localStorage), and bounded to the last 2,000 lines.
        await page.Page.ReloadAsync();
        await page.Page.WaitForFunctionAsync("() => document.getElementById('teach-count').textContent === '2'");
        string[] many = Enumerable.Range(0, 1999).Select(i => "{\"label\":\"" + (i % 10) + "\",\"n\":" + i + "}").ToArray();
        lock (pending)
        {
            pending.Enqueue(many);
        }

        await page.Page.WaitForFunctionAsync("() => document.getElementById('teach-count').textContent === '2,000'");
        string[] kept = (await DownloadAsync(page.Page)).Split('\n');
        Assert.Equal(2001, kept.Length);           // 2,000 lines and the final newline
        Assert.Equal(first[1], kept[0]);
        Assert.Equal(many[^1], kept[1999]);

        await page.Page.Locator("#teach-forget").ClickAsync();
        Assert.Equal("0", await count.TextContentAsync());
        Assert.Null(await page.Page.EvaluateAsync<string?>("() => localStorage.getItem('edgedigits.teach')"));
        Assert.True(await page.Page.Locator("#teach-download").IsDisabledAsync());
        Assert.Empty(page.Errors);
    }

    private static async Task<string> DownloadAsync(IPage page)
    {
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#teach-download").ClickAsync());
        Assert.Equal("edgedigits-teach.jsonl", download.SuggestedFilename);
        string path = Path.Combine(Path.GetTempPath(), "edgedigits-teach-" + Guid.NewGuid().ToString("N") + ".jsonl");
        await download.SaveAsAsync(path);
        try
        {
            return await File.ReadAllTextAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
