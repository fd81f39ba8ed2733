using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Ink.Tests;

/// <summary>
/// <see cref="StrokeWidth"/> against geometry: bands and rings of known width drawn by coverage, a brute-force
/// disk maximum, and the radius equation solved back.
/// </summary>
public class StrokeWidthTests
{
    /// <summary>A w×h image of a segment from (x0, y0) to (x1, y1) drawn with a round pen <paramref name="pen"/> wide (coverage by exact distance, anti-aliased).</summary>
    private static double[] Segment(int w, int h, double x0, double y0, double x1, double y1, double pen)
    {
        var segment = new[] { new[] { (x0, y0), (x1, y1) } };
        var image = new double[w * h];
        for (int i = 0; i < image.Length; i++)
        {
            double d = ReferenceRasterizer.DistanceToPolylines(i % w + 0.5, i / w + 0.5, segment);
            image[i] = 255 * Math.Clamp(pen / 2 + 0.5 - d, 0, 1);
        }

        return image;
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(30)]
    public void The_width_of_straight_and_diagonal_strokes_is_found_within_a_tenth(double pen)
    {
        const int size = 400;
        foreach ((double x0, double y0, double x1, double y1) in new[] { (200.0, 40.0, 200.0, 360.0), (60.0, 60.0, 340.0, 340.0), (40.0, 150.0, 360.0, 250.0) })
        {
            double width = StrokeWidth.Estimate(Segment(size, size, x0, y0, x1, y1, pen), size, size);
            Assert.InRange(width, pen * 0.9, pen * 1.1 + 0.5);
        }
    }

    [Fact]
    public void A_ring_of_known_width_is_measured_so_and_no_ink_has_none()
    {
        // A ring 12 px wide around radius 100: ink where |distance to the centre − 100| ≤ 6.
        const int size = 260;
        var ring = new double[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double r = Math.Sqrt(Math.Pow(x + 0.5 - 130, 2) + Math.Pow(y + 0.5 - 130, 2));
                ring[y * size + x] = 255 * Math.Clamp(6.5 - Math.Abs(r - 100), 0, 1);
            }
        }

        Assert.InRange(StrokeWidth.Estimate(ring, size, size), 11, 13.5);

        Assert.Equal(0, StrokeWidth.Estimate(new double[100], 10, 10));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.7)]
    [InlineData(3.0)]
    [InlineData(5.2)]
    public void Dilation_is_the_maximum_over_the_disk(double radius)
    {
        var random = new Random(17);
        const int w = 23, h = 17;
        double[] image = Enumerable.Range(0, w * h).Select(_ => random.NextDouble() < 0.1 ? random.Next(1, 256) : 0.0).ToArray();
        (double[] dilated, int dw, int dh) = StrokeWidth.Dilate(image, w, h, radius);
        int pad = (int)Math.Ceiling(radius);
        Assert.Equal((w + 2 * pad, h + 2 * pad), (dw, dh));
        for (int y = 0; y < dh; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                double expected = 0;
                for (int sy = 0; sy < h; sy++)
                {
                    for (int sx = 0; sx < w; sx++)
                    {
                        double ddx = sx + pad - x, ddy = sy + pad - y;
                        if (ddx * ddx + ddy * ddy <= radius * radius)
                        {
                            expected = Math.Max(expected, image[sy * w + sx]);
                        }
                    }
                }

                Assert.Equal(expected, dilated[y * dw + x]);
            }
        }
    }

    [Theory]
    [InlineData(4.0, 300.0)]
    [InlineData(1.0, 28.0)]
    [InlineData(2.0, 20.0)]
    public void The_thickening_radius_brings_the_scaled_stroke_to_the_pen_width(double width, double box)
    {
        double r = StrokeWidth.ThickeningRadius(width, box, 20, 2.5);
        Assert.Equal(2.5, (width + 2 * r) * 20 / (box + 2 * r), 9);
    }

    [Fact]
    public void Strokes_already_as_wide_as_the_pen_are_left_alone_and_bad_sizes_are_refused()
    {
        Assert.Equal(0, StrokeWidth.ThickeningRadius(40, 300, 20, 2.5)); // 2.67 px once scaled
        Assert.Equal(0, StrokeWidth.ThickeningRadius(2.5, 20, 20, 2.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrokeWidth.ThickeningRadius(1, 0, 20, 2.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrokeWidth.ThickeningRadius(1, 20, 20, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrokeWidth.Dilate(new double[4], 2, 2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StrokeWidth.Dilate(new double[4], 2, 2, double.NaN));
        Assert.Throws<ArgumentException>(() => StrokeWidth.Estimate(new double[5], 2, 2));
    }
}
