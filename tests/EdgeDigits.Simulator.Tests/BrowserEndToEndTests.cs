using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// The page in a real headless chromium: draw with mouse events on the device screen, wait for the recognition the
/// server ran with the firmware's code, and check what the page shows. Screenshots are kept as test output.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class BrowserEndToEndTests(SimulatorServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly BrowserSession _browser = new();

    // Strokes in device pixels (320x240 screen, inside the 220x200 drawing pad), drawn with the mouse.
    private static readonly int[][][] Seven =
    [
        [[55, 45], [165, 45], [150, 80], [130, 120], [112, 170]],
    ];

    private static readonly int[][][] FortyTwo =
    [
        [[55, 40], [30, 120], [85, 120]],            // 4: the open stroke
        [[72, 70], [72, 170]],                      // 4: the stem
        [[125, 65], [150, 45], [180, 50], [190, 75], [175, 105], [130, 165], [200, 165]], // 2
    ];

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Drawing_a_seven_shows_seven_with_ten_confidence_bars()
    {
        IPage page = await OpenAsync();
        await DrawAsync(page, Seven);
        string text = await WaitForResultAsync(page);
        await SimulatorPage.ScreenshotAsync(page, output, "seven");
        Assert.Equal("7", text);
        Assert.Equal(10, await page.Locator("#digits .digit .confidence-bar").CountAsync());
        Assert.Equal("7", await page.Locator("#digits .digit").First.GetAttributeAsync("data-digit"));
        await AssertBarsAgreeWithTextAsync(page);
    }

    [Fact]
    public async Task Drawing_forty_two_in_multi_digit_mode_shows_42()
    {
        IPage page = await OpenAsync();
        await page.Locator("#multi").CheckAsync();
        await DrawAsync(page, FortyTwo);
        string text = await WaitForResultAsync(page);
        await SimulatorPage.ScreenshotAsync(page, output, "forty-two");
        Assert.Equal("42", text);
        Assert.Equal(2, await page.Locator("#digits .digit").CountAsync());
        Assert.Equal(20, await page.Locator("#digits .digit .confidence-bar").CountAsync());
        await AssertBarsAgreeWithTextAsync(page);
    }

    private async Task<IPage> OpenAsync()
    {
        IPage page = await _browser.Context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.PageError += (_, error) => output.WriteLine("page error: " + error);
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('model-line').textContent.includes('MACs')");
        // The board boots (self-test, boot screen held 1.5 s) and then waits for ink.
        await page.Locator("#screen[data-state='Ready']").WaitForAsync();
        return page;
    }

    /// <summary>Draws strokes with mouse down / moves / up at the device pixels' centres (the canvas is shown at 2x).</summary>
    private static async Task DrawAsync(IPage page, int[][][] strokes)
    {
        LocatorBoundingBoxResult box = (await page.Locator("#screen").BoundingBoxAsync())!;
        float scale = box.Width / 320f;
        foreach (int[][] stroke in strokes)
        {
            await page.Mouse.MoveAsync(box.X + (stroke[0][0] + 0.5f) * scale, box.Y + (stroke[0][1] + 0.5f) * scale);
            await page.Mouse.DownAsync();
            foreach (int[] point in stroke.Skip(1))
            {
                await page.Mouse.MoveAsync(box.X + (point[0] + 0.5f) * scale, box.Y + (point[1] + 0.5f) * scale, new MouseMoveOptions { Steps = 8 });
            }

            await page.Mouse.UpAsync();
        }
    }

    private static async Task<string> WaitForResultAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => document.getElementById('result-text').textContent !== '–'");
        return (await page.Locator("#result-text").TextContentAsync())!.Trim();
    }

    /// <summary>Each digit card's largest bar is the digit the card (and the recognized text) shows.</summary>
    private static async Task AssertBarsAgreeWithTextAsync(IPage page)
    {
        string text = (await page.Locator("#result-text").TextContentAsync())!.Trim();
        ILocator cards = page.Locator("#digits .digit");
        for (int i = 0; i < await cards.CountAsync(); i++)
        {
            string[] permille = (await cards.Nth(i).Locator(".confidence-bar").EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.permille)"));
            int[] values = permille.Select(int.Parse).ToArray();
            Assert.Equal(text[i] - '0', Array.IndexOf(values, values.Max()));
            Assert.InRange(values.Sum(), 990, 1010);
        }
    }
}
