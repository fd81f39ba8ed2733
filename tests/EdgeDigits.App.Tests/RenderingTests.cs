using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Ink;

namespace EdgeDigits.App.Tests;

public class RenderingTests
{
    [Theory]
    [InlineData(970, "97.0%")]
    [InlineData(5, "0.5%")]
    [InlineData(1000, "100.0%")]
    [InlineData(0, "0.0%")]
    public void ConfidenceIsShownAsAPercentWithOneDecimal(int permille, string text) => Assert.Equal(text, AppRenderer.PercentText(permille));

    [Fact]
    public void AnUnsureDigitIsShownAsNotSureWithAQuestionMarkAndItsCandidates()
    {
        var screen = new RecordingScreen();
        var digit = new RecognizedDigit { Digit = 4, Confidence = 412, IsUnsure = true };
        digit.Top[0] = 4; digit.Top[1] = 9; digit.Top[2] = 7;
        digit.TopConfidence[0] = 412; digit.TopConfidence[1] = 380; digit.TopConfidence[2] = 90;

        new AppRenderer(screen).DrawSingleResult(digit, 77);

        var texts = screen.TextsSince(0).ToList();
        Assert.Contains("NOT SURE", texts);
        Assert.Equal("?", screen.LastBigDigit());
        Assert.Contains("4 41.2%", texts);
        Assert.Contains("9 38.0%", texts);
        Assert.Contains("7 9.0%", texts);
        Assert.Contains("77 MS", texts);
    }

    [Fact]
    public void NothingIsDrawnOutsideTheScreenOrTheRegionsTheLayoutGivesIt()
    {
        // Every text the renderer draws must fit on the 320×240 screen.
        var screen = new RecordingScreen();
        var renderer = new AppRenderer(screen);
        renderer.DrawBoot(new ModelInfo("LeNet-5 int8", 9934, 9921));
        renderer.DrawSelfTest(new SelfTestResult(false, "golden pool1 has 100 values, expected 864 and some more words to wrap"), 1);
        renderer.DrawMain(true);
        renderer.DrawPanelMessage("READY", Palette.Dim, "DRAW A DIGIT ON THE PAD");
        foreach (var c in screen.Commands.Where(c => c.Kind == "DrawText"))
        {
            Assert.InRange(c.X, 0, 320);
            Assert.InRange(c.X + c.Width, 0, 320);
            Assert.InRange(c.Y + c.Size, 0, 240);
        }
    }

    [Fact]
    public void BlockFontGlyphsAreWhatTheyClaim()
    {
        // "7": full top row, then a diagonal down to the left; "1": centre column.
        for (int column = 0; column < 5; column++)
        {
            Assert.True(BlockFont.IsPixelSet('7', column, 0));
        }

        Assert.True(BlockFont.IsPixelSet('1', 2, 3));
        Assert.False(BlockFont.IsPixelSet('1', 0, 3));
        Assert.Equal(BlockFont.IsPixelSet('A', 0, 3), BlockFont.IsPixelSet('a', 0, 3));
        Assert.Equal(BlockFont.IsPixelSet('?', 0, 1), BlockFont.IsPixelSet('~', 0, 1));
        Assert.Equal((3 * 6 - 1) * 2, BlockFont.MeasureWidth("abc", 14));
    }

    [Fact]
    public void BlockFontDrawsOneRectanglePerRun()
    {
        var screen = new RecordingScreen();
        BlockFont.Draw(screen, "-", 10, 20, 14, 0x123456);
        var rect = Assert.Single(screen.Commands);
        Assert.Equal(new DrawCommand("FillRect", 10, 20 + 3 * 2, 10, 2, 0, 0x123456, null), rect);
    }
}
