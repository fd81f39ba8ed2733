using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// Photos whose background is not one level: the closing against hand-computed values, and the ink of a ring drawn
/// on a page that lies on a darker table or under a sharp shadow against the mask it was drawn from.
/// </summary>
public class PaperBackgroundTests
{
    [Fact]
    public void The_closing_fills_a_thin_dark_line_and_keeps_a_broad_dark_region_and_its_edge()
    {
        // 60×40 paper at 230; a 3 px line at 40 in columns 10..12; columns 40.. a table at 60 (20 px wide: broader than the 9 px window).
        const int w = 60, h = 40;
        var pixels = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                pixels[y * w + x] = x >= 40 ? (byte)60 : x is >= 10 and <= 12 ? (byte)40 : (byte)230;
            }
        }

        byte[] closing = PaperBackground.Closing(new GrayImage(w, h, pixels), 9);

        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                Assert.Equal(x >= 40 ? 60 : 230, closing[y * w + x]);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => PaperBackground.Closing(new GrayImage(w, h, pixels), 8));
    }

    [Theory]
    [InlineData("table")]
    [InlineData("table below")]
    [InlineData("shadow")]
    public void A_ring_on_a_page_with_a_table_or_a_shadow_is_the_ink_drawn(string scene)
    {
        // A 2 px ring of 0.15-reflectance ink on 0.9 paper under even light, noise σ 3; around or below the page a
        // 0.25 table (the ring runs on across the one below, darker than it), or a shadow that halves the light left of
        // a slanted edge.
        const int w = 400, h = 300;
        bool[] mask = BackgroundSurfaceTests.Ring(w, h, 2);
        double Light(int x, int y) => scene == "shadow" && x + 0.5 * y < 150 ? 0.5 : 1;
        bool Table(int x, int y) => scene == "table" ? x < 40 || x >= w - 40 || y < 20 || y >= h - 20 : scene == "table below" && y >= h - 60;
        byte[] pixels = BackgroundSurfaceTests.Render(mask, w, h, (x, y, ink) =>
            255 * Light(x, y) * (ink ? 0.15 : Table(x, y) ? 0.25 : 0.9), 3, 5);
        InkMap ink = InkMap.Extract(new GrayImage(w, h, pixels));

        Assert.True(ink.DarkOnLight);
        int drawn = 0, both = 0, extra = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            bool found = ink.Ink[i] > 0;
            drawn += mask[i] ? 1 : 0;
            both += found && mask[i] ? 1 : 0;
            extra += found && !mask[i] ? 1 : 0;
        }

        // One level (the code before PaperBackground) took the table or the shadow for ink: ~22,000 extra pixels.
        // A sharp shadow's edge leaves a sliver where its corner is narrower than the closing's window.
        Assert.True(both >= 0.95 * drawn, $"found {both} of the {drawn} ink pixels drawn");
        Assert.True(extra < 0.5 * drawn, $"{extra} pixels of ink found where none was drawn ({drawn} drawn)");
    }
}
