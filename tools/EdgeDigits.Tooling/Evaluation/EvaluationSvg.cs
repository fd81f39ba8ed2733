using System.Globalization;
using System.Text;
using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Evaluation;

/// <summary>SVG pictures of an evaluation: the confusion matrix and the worst mistakes (digits drawn as pixel rectangles).</summary>
public static class EvaluationSvg
{
    /// <summary>A 10×10 confusion matrix as a heat map; the cell shade is the fraction of the true class, the count is printed.</summary>
    /// <param name="report">The classification report.</param>
    /// <param name="title">Title line, e.g. "int8 LeNet-5, MNIST test".</param>
    /// <returns>SVG document text.</returns>
    public static string ConfusionMatrix(ClassificationReport report, string title)
    {
        const int Cell = 44, Left = 70, Top = 70;
        var svg = new StringBuilder();
        int size = Left + 10 * Cell + 20;
        Open(svg, size, Top + 10 * Cell + 40);
        Text(svg, 10, 24, 16, Escape(title) + " — accuracy " + Format(report.Accuracy * 100, "0.00") + " %");
        Text(svg, Left + 5 * Cell - 40, Top - 30, 13, "predicted");
        svg.Append("<text x=\"20\" y=\"").Append(Top + 5 * Cell).Append("\" font-size=\"13\" transform=\"rotate(-90 20 ").Append(Top + 5 * Cell).Append(")\">true</text>\n");
        for (int d = 0; d < 10; d++)
        {
            Text(svg, Left + d * Cell + Cell / 2 - 4, Top - 8, 13, d.ToString(CultureInfo.InvariantCulture));
            Text(svg, Left - 18, Top + d * Cell + Cell / 2 + 5, 13, d.ToString(CultureInfo.InvariantCulture));
        }

        for (int t = 0; t < 10; t++)
        {
            int rowTotal = Math.Max(1, report.ClassTotal(t));
            for (int p = 0; p < 10; p++)
            {
                int count = report.Confusion[t * 10 + p];
                double fraction = (double)count / rowTotal;
                // Diagonal in blue, errors in red; √ makes single mistakes visible.
                double shade = Math.Sqrt(fraction);
                string color = t == p ? Rgb(255 - (int)(200 * shade), 255 - (int)(120 * shade), 255) : Rgb(255, 255 - (int)(230 * Math.Min(1, shade * 4)), 255 - (int)(230 * Math.Min(1, shade * 4)));
                svg.Append("<rect x=\"").Append(Left + p * Cell).Append("\" y=\"").Append(Top + t * Cell).Append("\" width=\"").Append(Cell).Append("\" height=\"").Append(Cell)
                    .Append("\" fill=\"").Append(count == 0 ? "#ffffff" : color).Append("\" stroke=\"#cccccc\"/>\n");
                if (count > 0)
                {
                    Text(svg, Left + p * Cell + 4, Top + t * Cell + Cell / 2 + 4, 11, count.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A grid of misclassified digits, each drawn as 28×28 grey rectangles with "true → predicted (confidence)".</summary>
    /// <param name="data">The images.</param>
    /// <param name="indices">Image indices to draw, in order.</param>
    /// <param name="predicted">[N] predicted classes.</param>
    /// <param name="confidencePermille">[N] confidence of the prediction, permille.</param>
    /// <param name="title">Title line.</param>
    /// <returns>SVG document text.</returns>
    public static string Mistakes(MnistDataset data, IReadOnlyList<int> indices, int[] predicted, int[] confidencePermille, string title)
    {
        const int Pixel = 3, Columns = 8, Tile = 28 * Pixel, Pad = 16, Caption = 30, Top = 40;
        int rows = Math.Max(1, (indices.Count + Columns - 1) / Columns);
        var svg = new StringBuilder();
        Open(svg, Columns * (Tile + Pad) + Pad, Top + rows * (Tile + Caption + Pad));
        Text(svg, 10, 24, 16, Escape(title));
        for (int k = 0; k < indices.Count; k++)
        {
            int index = indices[k];
            int x0 = Pad + (k % Columns) * (Tile + Pad);
            int y0 = Top + (k / Columns) * (Tile + Caption + Pad);
            svg.Append("<rect x=\"").Append(x0).Append("\" y=\"").Append(y0).Append("\" width=\"").Append(Tile).Append("\" height=\"").Append(Tile).Append("\" fill=\"#000000\"/>\n");
            ReadOnlySpan<byte> image = data.Image(index);
            for (int y = 0; y < 28; y++)
            {
                for (int x = 0; x < 28; x++)
                {
                    byte p = image[y * 28 + x];
                    if (p == 0)
                    {
                        continue;
                    }

                    svg.Append("<rect x=\"").Append(x0 + x * Pixel).Append("\" y=\"").Append(y0 + y * Pixel).Append("\" width=\"").Append(Pixel).Append("\" height=\"").Append(Pixel)
                        .Append("\" fill=\"").Append(Rgb(p, p, p)).Append("\"/>\n");
                }
            }

            Text(svg, x0, y0 + Tile + 13, 11, "#" + index.ToString(CultureInfo.InvariantCulture) + ": " + data.Label(index).ToString(CultureInfo.InvariantCulture)
                + " → " + predicted[index].ToString(CultureInfo.InvariantCulture));
            Text(svg, x0, y0 + Tile + 26, 11, Format(confidencePermille[index] / 10.0, "0.0") + " % sure");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Open(StringBuilder svg, int width, int height)
    {
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    }

    private static void Text(StringBuilder svg, int x, int y, int size, string text) =>
        svg.Append("<text x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" font-size=\"").Append(size).Append("\">").Append(text).Append("</text>\n");

    private static string Rgb(int r, int g, int b) => "#" + r.ToString("x2", CultureInfo.InvariantCulture) + g.ToString("x2", CultureInfo.InvariantCulture) + b.ToString("x2", CultureInfo.InvariantCulture);

    private static string Format(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
