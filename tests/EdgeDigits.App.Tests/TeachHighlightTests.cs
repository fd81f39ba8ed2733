using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Ink;

namespace EdgeDigits.App.Tests;

/// <summary>
/// Multi-digit teach mode frames the box of the digit the keypad labels (<see cref="Palette.Selected"/>), moves the
/// frame with each key and leaves no trace of it once teaching ends; checked on the fake screen's draw calls and
/// framebuffer.
/// </summary>
public class TeachHighlightTests
{
    private const int Gap = ScreenLayout.PenWidth / 2 + 1;
    private const int T = ScreenLayout.SelectionThickness;

    [Fact]
    public void TheFirstDigitIsFramedWhenTeachingStartsAndTheFrameMovesToTheSecondAfterTheFirstKey()
    {
        AppSession s = TwoDigitResult();
        int[] before = PadPixels(s.Screen);
        RecognizedDigit first = s.App.Recognizer.GetDigit(0);
        RecognizedDigit second = s.App.Recognizer.GetDigit(1);

        int mark = s.Screen.Mark();
        s.TapAt(ScreenLayout.PanelX + 10, 30);   // the "4", left in the result row
        Assert.Equal(AppState.Teaching, s.App.State);
        AssertFrameDrawnAround(s.Screen, mark, first);
        AssertOnlyFramed(s.Screen, before, first);

        mark = s.Screen.Mark();
        s.TapKey(7);                              // correct the 4 to 7; the keypad moves on to the "2"
        Assert.Equal(AppState.Teaching, s.App.State);
        Assert.Empty(s.Log.Teach);
        AssertFrameDrawnAround(s.Screen, mark, second);
        AssertOnlyFramed(s.Screen, before, second);   // the first frame is gone, ink and boxes under it restored

        s.TapKey(2);                              // confirm the 2: last digit, saved
        Assert.Equal("72", TeachLabel(Assert.Single(s.Log.Teach)));
        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(0, CountSelected(s.Screen));
        Assert.Equal(before, PadPixels(s.Screen));
    }

    [Fact]
    public void LeavingTheKeypadWithUndoRemovesTheFrameAndSavesNothing()
    {
        AppSession s = TwoDigitResult();
        int[] before = PadPixels(s.Screen);

        s.TapAt(ScreenLayout.PanelX + ScreenLayout.PanelWidth - 10, 30);   // the "2"
        AssertOnlyFramed(s.Screen, before, s.App.Recognizer.GetDigit(1));

        s.Tap(AppButton.Undo);
        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Empty(s.Log.Teach);
        Assert.Equal(0, CountSelected(s.Screen));
        Assert.Equal(before, PadPixels(s.Screen));
    }

    [Fact]
    public void GoSavesTheRestAsReadAndRemovesTheFrame()
    {
        AppSession s = TwoDigitResult();
        s.TapAt(ScreenLayout.PanelX + 10, 30);
        Assert.True(CountSelected(s.Screen) > 0);

        s.Tap(AppButton.Recognize);
        Assert.Equal("42", TeachLabel(Assert.Single(s.Log.Teach)));
        Assert.Equal(0, CountSelected(s.Screen));
    }

    [Fact]
    public void ClearingThePadWhileTeachingLeavesNoFrameForTheNextResult()
    {
        AppSession s = TwoDigitResult();
        s.TapAt(ScreenLayout.PanelX + 10, 30);
        s.Tap(AppButton.Clear);
        Assert.Equal(0, CountSelected(s.Screen));

        s.Draw(Strokes.FortyTwo());
        s.Wait(600);
        int mark = s.Screen.Mark();
        s.TapAt(ScreenLayout.PanelX + ScreenLayout.PanelWidth - 10, 30);   // straight to the "2"
        AssertFrameDrawnAround(s.Screen, mark, s.App.Recognizer.GetDigit(1));
        Assert.DoesNotContain(s.Screen.Since(mark), c => c.Color == Palette.Pad);   // nothing stale to erase
    }

    [Fact]
    public void ASingleDigitResultHasNoBoxSoNoFrame()
    {
        var s = new AppSession(TestModels.Real);
        s.Draw(Strokes.Seven());
        s.Wait(600);
        int mark = s.Screen.Mark();
        s.TapAt(ScreenLayout.PanelX + 50, 100);
        Assert.Equal(AppState.Teaching, s.App.State);
        Assert.DoesNotContain(s.Screen.Since(mark), c => c.Color == Palette.Selected);
    }

    [Fact]
    public void ErasingAFrameRestoresInkThatCrossesItExactly()
    {
        // A long stroke runs through the frame of a box it does not belong to, and the box sits in the pad corner
        // (its frame clipped by the pad edge); erasing must give back exactly the ink + boxes picture.
        var ink = new StrokeBuffer(64, 4);
        ink.BeginStroke();
        ink.AddPoint(2, 30);
        ink.AddPoint(100, 30);
        ink.AddPoint(100, 2);
        ink.EndStroke();
        ink.BeginStroke();
        ink.AddPoint(150, 150);
        ink.AddPoint(160, 180);
        ink.EndStroke();
        var corner = new RecognizedDigit { BoxLeft = 1, BoxTop = 1, BoxRight = 40, BoxBottom = 25 };
        var other = new RecognizedDigit { BoxLeft = 150, BoxTop = 150, BoxRight = 160, BoxBottom = 180 };

        var expected = new RecordingScreen();
        var reference = new AppRenderer(expected);
        reference.DrawInk(ink);
        reference.DrawBox(corner);
        reference.DrawBox(other);

        var screen = new RecordingScreen();
        var renderer = new AppRenderer(screen);
        renderer.DrawInk(ink);
        renderer.DrawBox(corner);
        renderer.DrawBox(other);
        int mark = screen.Mark();
        renderer.DrawSelection(corner);
        Assert.InRange(screen.Since(mark).Count(), 1, 4);   // a few rectangles
        Assert.True(CountSelected(screen) > 0);
        Assert.NotEqual(PadPixels(expected), PadPixels(screen));

        renderer.EraseSelection(corner, ink);
        renderer.DrawBox(corner);
        renderer.DrawBox(other);
        Assert.Equal(PadPixels(expected), PadPixels(screen));
        Assert.All(screen.Since(mark).Where(c => c.Color == Palette.Selected || c.Color == Palette.Pad), c => Assert.True(c.X >= 0 && c.Y >= 0 && c.X + Math.Max(0, c.Width) <= ScreenLayout.PadWidth
            && c.Y + Math.Max(0, c.Height) <= ScreenLayout.PadHeight, c.ToString()));   // the frame and its erasing stay on the pad
    }

    private static AppSession TwoDigitResult()
    {
        var s = new AppSession(TestModels.Real);
        s.Tap(AppButton.Mode);
        s.Draw(Strokes.FortyTwo());
        s.Wait(600);
        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(2, s.App.LastResultCount);
        Assert.Equal(4, s.App.Recognizer.GetDigit(0).Digit);
        Assert.Equal(2, s.App.Recognizer.GetDigit(1).Digit);
        Assert.Equal(0, CountSelected(s.Screen));   // no frame before teaching
        return s;
    }

    /// <summary>The frame rectangle around <paramref name="digit"/>'s outline, clipped to the pad: left, top, right, bottom inclusive.</summary>
    private static (int L, int T, int R, int B) Frame(RecognizedDigit digit)
    {
        int l = Math.Clamp(digit.BoxLeft - Gap, 0, ScreenLayout.PadWidth - 1);
        int t = Math.Clamp(digit.BoxTop - Gap, 0, ScreenLayout.PadHeight - 1);
        int r = Math.Clamp(digit.BoxRight + Gap, 0, ScreenLayout.PadWidth - 1);
        int b = Math.Clamp(digit.BoxBottom + Gap, 0, ScreenLayout.PadHeight - 1);
        return (Math.Max(0, l - T + 1), Math.Max(0, t - T + 1), Math.Min(ScreenLayout.PadWidth - 1, r + T - 1), Math.Min(ScreenLayout.PadHeight - 1, b + T - 1));
    }

    /// <summary>The draw calls since <paramref name="mark"/> in the selection colour are a few rectangles that together
    /// span exactly the frame of <paramref name="digit"/>.</summary>
    private static void AssertFrameDrawnAround(RecordingScreen screen, int mark, RecognizedDigit digit)
    {
        var rects = screen.Since(mark).Where(c => c.Color == Palette.Selected).ToList();
        Assert.InRange(rects.Count, 1, 4);
        Assert.All(rects, c => Assert.Equal("FillRect", c.Kind));
        var f = Frame(digit);
        Assert.Equal(f.L, rects.Min(c => c.X));
        Assert.Equal(f.T, rects.Min(c => c.Y));
        Assert.Equal(f.R, rects.Max(c => c.X + c.Width - 1));
        Assert.Equal(f.B, rects.Max(c => c.Y + c.Height - 1));
    }

    /// <summary>On the pad the selection colour shows as a closed ring around <paramref name="digit"/>'s box, and every
    /// other pad pixel is as it was before teaching began.</summary>
    private static void AssertOnlyFramed(RecordingScreen screen, int[] before, RecognizedDigit digit)
    {
        var f = Frame(digit);
        int midX = (f.L + f.R) / 2, midY = (f.T + f.B) / 2;
        Assert.Equal(Palette.Selected, screen.PixelAt(f.L, midY));
        Assert.Equal(Palette.Selected, screen.PixelAt(f.R, midY));
        Assert.Equal(Palette.Selected, screen.PixelAt(midX, f.T));
        Assert.Equal(Palette.Selected, screen.PixelAt(midX, f.B));
        Assert.NotEqual(Palette.Selected, screen.PixelAt(f.L + T, midY));   // a frame, not a filled box
        int[] now = PadPixels(screen);
        for (int y = 0; y < ScreenLayout.PadHeight; y++)
        {
            for (int x = 0; x < ScreenLayout.PadWidth; x++)
            {
                bool onRing = x >= f.L && x <= f.R && y >= f.T && y <= f.B
                    && (x < f.L + T || x > f.R - T || y < f.T + T || y > f.B - T);
                int i = y * ScreenLayout.PadWidth + x;
                if (onRing)
                {
                    Assert.True(now[i] == Palette.Selected, "ring pixel (" + x + "," + y + ") not highlighted");
                }
                else
                {
                    Assert.True(now[i] == before[i], "pixel (" + x + "," + y + ") changed off the frame");
                }
            }
        }
    }

    private static int[] PadPixels(RecordingScreen screen)
    {
        var pixels = new int[ScreenLayout.PadWidth * ScreenLayout.PadHeight];
        for (int y = 0; y < ScreenLayout.PadHeight; y++)
        {
            for (int x = 0; x < ScreenLayout.PadWidth; x++)
            {
                pixels[y * ScreenLayout.PadWidth + x] = screen.PixelAt(x, y);
            }
        }

        return pixels;
    }

    private static int CountSelected(RecordingScreen screen) =>
        screen.CountPixels(0, 0, ScreenLayout.PadWidth, ScreenLayout.PadHeight, Palette.Selected);

    private static string TeachLabel(string line)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("label").GetString()!;
    }
}
