using EdgeDigits.App;

namespace EdgeDigits.App.Tests;

public class TouchCalibrationTests
{
    // A resistive panel as mounted on a CYD in landscape: raw axes swapped and one inverted, with offsets and
    // unequal gains. Raw = f(screen); the calibration must recover the inverse.
    private static (int Rx, int Ry) Raw(double x, double y) =>
        ((int)Math.Round(3850 - y * 14.2 + x * 0.3), (int)Math.Round(310 + x * 11.1 + y * 0.2));

    [Fact]
    public void ThreeReferencePointsRecoverAnAffineMappingWithSwappedAndMirroredAxes()
    {
        int[] sx = { 32, 288, 160 }, sy = { 24, 120, 216 };
        var raw = sx.Zip(sy, (x, y) => Raw(x, y)).ToArray();
        var calibration = new TouchCalibration(sx, sy, raw.Select(r => r.Rx).ToArray(), raw.Select(r => r.Ry).ToArray());

        for (int y = 0; y < 240; y += 7)
        {
            for (int x = 0; x < 320; x += 9)
            {
                var (rx, ry) = Raw(x, y);
                Assert.InRange(calibration.MapX(rx, ry), x - 1, x + 1);   // ±1 px: the raw values are rounded
                Assert.InRange(calibration.MapY(rx, ry), y - 1, y + 1);
            }
        }
    }

    [Fact]
    public void TheReferencePointsThemselvesMapExactly()
    {
        int[] sx = { 20, 300, 160 }, sy = { 20, 120, 220 }, rx = { 3700, 2100, 500 }, ry = { 400, 3600, 2000 };
        var calibration = new TouchCalibration(sx, sy, rx, ry);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((sx[i], sy[i]), (calibration.MapX(rx[i], ry[i]), calibration.MapY(rx[i], ry[i])));
        }
    }

    [Fact]
    public void CollinearPointsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new TouchCalibration(new[] { 0, 1, 2 }, new[] { 0, 1, 2 }, new[] { 100, 200, 300 }, new[] { 100, 200, 300 }));
        Assert.Contains("collinear", e.Message);
    }

    [Fact]
    public void ArraysMustHoldThreeValues()
    {
        var e = Assert.Throws<ArgumentException>(() => new TouchCalibration(new[] { 0, 1 }, new[] { 0, 1, 2 }, new[] { 1, 2, 3 }, new[] { 1, 2, 3 }));
        Assert.Equal("screenX", e.ParamName);
        Assert.Contains("must hold 3 values but holds 2", e.Message);
    }
}
