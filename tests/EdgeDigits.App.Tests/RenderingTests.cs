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

    [Theory]
    [InlineData(7)]
    [InlineData(14)]
    [InlineData(35)]
    public void BlockFontCoversExactlyEachGlyphsSetPixelsWithMaximalRuns(int size)
    {
        // Reference: the glyph bitmap read pixel by pixel (IsPixelSet), not the run table Draw uses.
        int scale = BlockFont.ScaleFor(size);
        for (char c = ' '; c <= '~'; c++)
        {
            var screen = new RecordingScreen();
            BlockFont.Draw(screen, c.ToString(), 0, 0, size, 0xABCDEF);
            var covered = new int[BlockFont.GlyphHeight, BlockFont.GlyphWidth];
            var lastRow = -1;
            var lastEnd = -1;
            foreach (DrawCommand rect in screen.Commands)
            {
                Assert.Equal(("FillRect", 0xABCDEF, scale), (rect.Kind, rect.Color, rect.Height));
                Assert.True(rect.X % scale == 0 && rect.Y % scale == 0 && rect.Width % scale == 0, $"'{c}': {rect} is off the glyph grid");
                int row = rect.Y / scale, column = rect.X / scale;
                Assert.True(row > lastRow || (row == lastRow && column > lastEnd), $"'{c}': runs out of order or touching at {rect}");
                lastRow = row;
                lastEnd = column + rect.Width / scale;
                for (int k = column; k < lastEnd; k++)
                {
                    covered[row, k]++;
                }
            }

            for (int row = 0; row < BlockFont.GlyphHeight; row++)
            {
                for (int column = 0; column < BlockFont.GlyphWidth; column++)
                {
                    Assert.Equal(BlockFont.IsPixelSet(c, column, row) ? 1 : 0, covered[row, column]);
                }
            }
        }
    }

    [Fact]
    public void PenStrokeDrawGrayFillsEveryPixelOnceWithItsGrayInMaximalRuns()
    {
        var random = new Random(7);
        foreach ((int width, int height, int scale) in new[] { (28, 28, 1), (28, 28, 3), (5, 2, 2), (1, 1, 4) })
        {
            byte[] pixels = new byte[width * height];
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : (i > 0 ? pixels[i - 1] : 0));   // runs and changes
            }

            var screen = new RecordingScreen();
            PenStroke.DrawGray(screen, 3, 5, pixels, width, height, scale);
            var covered = new int[height * width];
            DrawCommand? previous = null;
            foreach (DrawCommand rect in screen.Commands)
            {
                int row = (rect.Y - 5) / scale, first = (rect.X - 3) / scale, count = rect.Width / scale;
                Assert.Equal(scale, rect.Height);
                int gray = pixels[row * width + first];
                Assert.Equal((gray << 16) | (gray << 8) | gray, rect.Color);
                for (int k = first; k < first + count; k++)
                {
                    Assert.Equal(gray, pixels[row * width + k]);
                    covered[row * width + k]++;
                }

                if (previous is not null && previous.Y == rect.Y)
                {
                    Assert.NotEqual(previous.Color, rect.Color);   // maximal: a run ends where the gray changes
                }

                previous = rect;
            }

            Assert.All(covered, n => Assert.Equal(1, n));
        }
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
