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
        IPage page = await DrawOnNewPageAsync(Seven);
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
        IPage page = await DrawOnNewPageAsync(FortyTwo, multiDigit: true);
        string text = await WaitForResultAsync(page);
        await SimulatorPage.ScreenshotAsync(page, output, "forty-two");
        Assert.Equal("42", text);
        Assert.Equal(2, await page.Locator("#digits .digit").CountAsync());
        Assert.Equal(20, await page.Locator("#digits .digit .confidence-bar").CountAsync());
        await AssertBarsAgreeWithTextAsync(page);
    }

    /// <summary>Opens the page on a booted board, switches to multi-digit mode if asked and draws the strokes.</summary>
    private async Task<IPage> DrawOnNewPageAsync(int[][][] strokes, bool multiDigit = false)
    {
        SimulatorPage page = await SimulatorPage.OpenAsync(_browser, server, output);
        if (multiDigit)
        {
            await page.Page.Locator("#multi").CheckAsync();
        }

        await page.DrawAsync(strokes);
        return page.Page;
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
