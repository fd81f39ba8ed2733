using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeDigits.Tooling.Images;
using EdgeDigits.Tooling.Recognition;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeDigits.Simulator.Tests;

/// <summary>POST /api/image: bad uploads get 400 with a message; MNIST digits side by side are read left to right.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class ImageApiTests(SimulatorServer server)
{
    [Fact]
    public async Task Wrong_content_type_is_refused()
    {
        Assert.Equal("Content-Type must be image/png, image/jpeg or image/x-portable-graymap; got 'image/gif'.", await PostExpecting400([1, 2, 3], "image/gif"));
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_refused()
    {
        string error = await PostExpecting400(Encoding.ASCII.GetBytes("definitely not a PNG"), "image/png");
        Assert.StartsWith("The image could not be decoded: ", error);
        Assert.Contains("upload", error);
    }

    [Fact]
    public async Task A_truncated_png_is_refused()
    {
        byte[] png = PngEncoder.EncodeGray(new GrayImage(40, 30, new byte[40 * 30]));
        Assert.StartsWith("The image could not be decoded: ", await PostExpecting400(png[..(png.Length / 2)], "image/png"));
    }

    [Fact]
    public async Task An_image_declaring_huge_dimensions_is_refused_from_its_header()
    {
        byte[] png = PngEncoder.EncodeGray(new GrayImage(40, 30, new byte[40 * 30]));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 100_000);   // IHDR width; decoding would need ~3 GB
        Assert.Equal("The image is 100000×30 pixels; the limit is 2048 pixels a side.", await PostExpecting400(png, "image/png"));
    }

    [Fact]
    public async Task A_pgm_header_over_the_limit_is_refused()
    {
        Assert.Equal("The image is 5000×5000 pixels; the limit is 2048 pixels a side.",
            await PostExpecting400(Encoding.ASCII.GetBytes("P5\n# comment\n5000 5000\n255\n"), "image/x-portable-graymap"));
    }

    [Fact]
    public async Task An_oversized_upload_is_refused()
    {
        string error = await PostExpecting400(new byte[SimulatorLimits.MaxImageBytes + 1], "image/png");
        Assert.Equal("The request body is " + (SimulatorLimits.MaxImageBytes + 1) + " bytes; the limit is " + SimulatorLimits.MaxImageBytes + " bytes.", error);
    }

    [Fact]
    public async Task A_bad_multi_digit_flag_is_refused()
    {
        Assert.Equal("multiDigit must be true or false; got 'maybe'.", await PostExpecting400([1], "image/png", "?multiDigit=maybe"));
    }

    [Fact]
    public async Task A_jpeg_declaring_huge_dimensions_is_refused_from_its_header()
    {
        byte[] jpeg = Jpeg(new GrayImage(40, 30, new byte[40 * 30]));
        int sof = FrameHeader(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 30_000);   // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 40_000);   // width
        Assert.Equal("The image is 40000×30000 pixels; the limit is 2048 pixels a side.", await PostExpecting400(jpeg, "image/jpeg"));
    }

    [Fact]
    public async Task A_truncated_jpeg_is_refused()
    {
        byte[] jpeg = Jpeg(new GrayImage(40, 30, new byte[40 * 30]));
        string error = await PostExpecting400(jpeg[..(jpeg.Length - 10)], "image/jpeg");
        Assert.StartsWith("The image could not be decoded: upload: truncated JPEG", error);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    public async Task Three_mnist_test_digits_side_by_side_are_read_left_to_right(string contentType)
    {
        string directory = EdgeDigits.Tooling.Mnist.MnistLocator.Resolve(null);
        var mnist = EdgeDigits.Tooling.Mnist.MnistDataset.Load(directory, EdgeDigits.Tooling.Mnist.MnistSplit.Test);
        int[] indices = [0, 1, 2];   // MNIST test images 0, 1, 2 (labels 7, 2, 1), with 12 px gaps
        const int gap = 12, width = 3 * 28 + 4 * gap, height = 28 + 2 * gap;
        var pixels = new byte[width * height];
        for (int k = 0; k < indices.Length; k++)
        {
            byte[] digit = mnist.CopyImage(indices[k]);
            for (int y = 0; y < 28; y++)
            {
                Array.Copy(digit, y * 28, pixels, (gap + y) * width + gap + k * (28 + gap), 28);
            }
        }

        var image = new GrayImage(width, height, pixels);
        using var content = new ByteArrayContent(contentType == "image/jpeg" ? Jpeg(image) : PngEncoder.EncodeGray(image));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using HttpResponseMessage response = await server.Client.PostAsync("/api/image", content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement recognition = document.RootElement.GetProperty("recognition");
        string expected = string.Concat(indices.Select(i => (char)('0' + mnist.Label(i))));
        Assert.Equal(expected, recognition.GetProperty("text").GetString());
        JsonElement[] digits = recognition.GetProperty("digits").EnumerateArray().ToArray();
        for (int k = 0; k < digits.Length; k++)
        {
            int[] box = digits[k].GetProperty("box").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            int left = gap + k * (28 + gap);
            Assert.InRange(box[0], left, left + 27);     // each box lies within its digit's 28x28 cell
            Assert.InRange(box[2], box[0], left + 27);
            Assert.Equal(784, Convert.FromBase64String(digits[k].GetProperty("input").GetString()!).Length);
        }
    }

    /// <summary>The image as a quality-90 baseline JPEG written by ImageSharp (inverted: dark ink on white paper).</summary>
    private static byte[] Jpeg(GrayImage image)
    {
        using var jpeg = Image.LoadPixelData<L8>(image.Pixels.Select(p => (byte)(255 - p)).ToArray(), image.Width, image.Height);
        using var stream = new MemoryStream();
        jpeg.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    /// <summary>Offset of the baseline frame header's marker (FF C0, ITU-T T.81 §B.2.2) in a JPEG file.</summary>
    private static int FrameHeader(byte[] jpeg)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
            {
                return i;
            }
        }

        throw new InvalidDataException("no SOF0 marker");
    }

    private async Task<string> PostExpecting400(byte[] body, string contentType, string query = "")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using HttpResponseMessage response = await server.Client.PostAsync("/api/image" + query, content);
        return await RecognizeApiTests.ErrorOf(response);
    }
}
