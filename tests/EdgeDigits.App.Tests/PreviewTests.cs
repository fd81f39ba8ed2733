using EdgeDigits.App;
using EdgeDigits.App.Tests.Support;
using EdgeDigits.Ink;

namespace EdgeDigits.App.Tests;

/// <summary>
/// The multi-digit result panel has room for <see cref="ScreenLayout.PreviewSlots"/> 28×28 inputs: up to that many
/// digits all are shown; beyond, the last slot holds a "+N" marker for the inputs not shown. Asserted on the rendered
/// screen of a whole app session.
/// </summary>
public class PreviewTests
{
    private const double Scale = 0.35;
    private const int Pitch = 36;

    [Fact]
    public void TwentyTwentyFourShowsTwoInputsAndSaysTwoAreHidden()
    {
        var s = new AppSession(TestModels.Real);
        s.Tap(AppButton.Mode);
        int mark = s.Screen.Mark();
        s.Draw(Strokes.Two(0, 50, Scale).Concat(Zero(50, 50)).Concat(Strokes.Two(100, 50, Scale)).Concat(Strokes.Four(150, 50, Scale)).ToArray());
        s.Wait(600);

        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(4, s.App.LastResultCount);
        Assert.Contains(" mode=multi digits=2024 ", Assert.Single(s.Log.Recognitions));
        AssertPreviews(s, mark, 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void TheVisiblePreviewsAreTheFirstInputsAndTheMarkerCountsTheRest(int digits)
    {
        var s = new AppSession(TestModels.Random());
        s.Tap(AppButton.Mode);
        int mark = s.Screen.Mark();
        s.Draw(Enumerable.Range(0, digits).SelectMany(i => Strokes.Seven(i * Pitch - 18, 50, Scale)).ToArray());
        s.Wait(600);

        Assert.Equal(AppState.MultiResult, s.App.State);
        Assert.Equal(digits, s.App.LastResultCount);
        AssertPreviews(s, mark, digits);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(4, 2)]
    [InlineData(6, 2)]
    [InlineData(16, 2)]
    public void PreviewsShownLeavesTheLastSlotForTheMarker(int count, int shown) => Assert.Equal(shown, ScreenLayout.PreviewsShown(count));

    [Fact]
    public void EverySlotAndTheWidestMarkerFitInThePanel()
    {
        int last = ScreenLayout.PreviewSlotX(ScreenLayout.PreviewSlots - 1);
        Assert.InRange(last + 28, ScreenLayout.PanelX, ScreenLayout.ScreenWidth);
        Assert.True(ScreenLayout.PreviewSlotX(ScreenLayout.PreviewSlots) + 28 > ScreenLayout.ScreenWidth, "one more slot would not fit");
        Assert.InRange(ScreenLayout.PreviewRowY + 28, 0, AppRenderer.HintY - 1);
    }

    private static void AssertPreviews(AppSession s, int mark, int count)
    {
        int shown = count <= ScreenLayout.PreviewSlots ? count : ScreenLayout.PreviewSlots - 1;
        var images = s.Screen.Since(mark).Where(c => c.Kind == "DrawGrayImage").ToList();
        Assert.Equal(shown, images.Count);
        for (int i = 0; i < shown; i++)
        {
            Assert.Equal((ScreenLayout.PreviewSlotX(i), ScreenLayout.PreviewRowY, 28, 28), (images[i].X, images[i].Y, images[i].Width, images[i].Height));
            byte[] input = s.Recognizer.GetDigit(i).Input;
            for (int p = 0; p < 28 * 28; p++)
            {
                int g = input[p];
                Assert.Equal((g << 16) | (g << 8) | g, s.Screen.PixelAt(images[i].X + p % 28, images[i].Y + p / 28));
            }
        }

        var markers = s.Screen.Since(mark).Where(c => c.Kind == "DrawText" && c.Text!.StartsWith('+')).ToList();
        if (count <= ScreenLayout.PreviewSlots)
        {
            Assert.Empty(markers);
            return;
        }

        var marker = Assert.Single(markers);
        Assert.Equal("+" + (count - shown), marker.Text);
        int slot = ScreenLayout.PreviewSlotX(shown);
        Assert.InRange(marker.X, slot, slot + 28 - marker.Width);
        Assert.InRange(marker.Y, ScreenLayout.PreviewRowY, ScreenLayout.PreviewRowY + 28 - marker.Size);
        Assert.True(s.Screen.CountPixels(slot, ScreenLayout.PreviewRowY, 28, 28, Palette.Dim) > 0, "the marker is visible on the screen");
        Assert.Equal(0, s.Screen.CountPixels(slot + 28, ScreenLayout.PreviewRowY, ScreenLayout.ScreenWidth - slot - 28, 28, Palette.Dim));
    }

    /// <summary>A "0": one closed loop, drawn counter-clockwise from the top, as a finger does.</summary>
    private static int[][] Zero(int dx, int dy)
    {
        var points = new List<int>();
        for (int i = 0; i <= 28; i++)
        {
            double a = 2 * Math.PI * i / 28;
            points.Add(dx + 38 + (int)Math.Round(-Math.Sin(a) * 11));
            points.Add(dy + 36 + (int)Math.Round(-Math.Cos(a) * 21));
        }

        return new[] { points.ToArray() };
    }
}
