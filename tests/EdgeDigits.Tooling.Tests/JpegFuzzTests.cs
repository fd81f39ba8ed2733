using EdgeDigits.Tooling.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;
using ImageFormatException = EdgeDigits.Tooling.Images.ImageFormatException;

namespace EdgeDigits.Tooling.Tests;

/// <summary>
/// JPEG inputs damaged at random (fixed seed): JPEGs written by ImageSharp (colour 4:2:0, grayscale, with an Exif
/// orientation) with one to three bytes overwritten, every truncation of each. Each must decode to the size its frame
/// header declares (turned by the orientation) or be refused with an <see cref="ImageFormatException"/> naming the file;
/// any other exception fails.
/// </summary>
public sealed class JpegFuzzTests(ITestOutputHelper output)
{
    private static readonly Lazy<(string Name, byte[] Bytes)[]> s_seeds = new(() =>
    {
        using var image = new Image<Rgba32>(24, 20);
        for (int y = 0; y < 20; y++)
        {
            for (int x = 0; x < 24; x++)
            {
                bool ink = (y is >= 3 and <= 5 && x is >= 4 and <= 19) || (y >= 5 && y <= 17 && Math.Abs(x - (19 - (y - 5) * 0.8)) < 1.5);
                image[x, y] = ink ? new Rgba32(30, 25, 40) : new Rgba32(245, 240, 236);
            }
        }

        byte[] Save(JpegEncoder encoder)
        {
            using var stream = new MemoryStream();
            image.SaveAsJpeg(stream, encoder);
            return stream.ToArray();
        }

        byte[] colour = Save(new JpegEncoder { Quality = 90 });
        byte[] gray = Save(new JpegEncoder { Quality = 80, ColorType = JpegColorType.Luminance });
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        byte[] rotated = Save(new JpegEncoder { Quality = 90 });
        return new[] { ("ycbcr420", colour), ("gray", gray), ("exif6", rotated) };
    });

    [Fact]
    public void Every_truncation_of_every_seed_jpeg_is_refused_as_truncated()
    {
        foreach ((string name, byte[] bytes) in s_seeds.Value)
        {
            GrayImage whole = ImageLoader.Decode(bytes, name);
            Assert.Equal(name == "exif6" ? (20, 24) : (24, 20), (whole.Width, whole.Height));
            for (int cut = 2; cut < bytes.Length; cut++)
            {
                string source = $"cut/{name}-{cut}.jpg";
                var e = Assert.Throws<ImageFormatException>(() => ImageLoader.Decode(bytes[..cut], source));
                Assert.StartsWith(source + ": truncated JPEG: ", e.Message);
            }
        }
    }

    [Fact]
    public void Jpegs_with_overwritten_bytes_each_decode_to_their_declared_size_or_give_an_image_error_naming_the_file()
    {
        var random = new Random(20240613);
        var failures = new List<string>();
        int decoded = 0, refused = 0;
        for (int i = 0; i < 1500; i++)
        {
            (string name, byte[] seed) = s_seeds.Value[i % s_seeds.Value.Length];
            byte[] bytes = (byte[])seed.Clone();
            int count = random.Next(1, 4);
            var applied = new List<string>();
            for (int k = 0; k < count; k++)
            {
                int at = random.Next(2, bytes.Length);
                byte value = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
                applied.Add($"[{at}]={value:X2}");
                bytes[at] = value;
            }

            string source = $"fuzz/{name}-{i}.jpg";
            try
            {
                GrayImage image = ImageLoader.Decode(bytes, source);
                decoded++;
                // The frame header's size, or turned by an Exif orientation (5..8; a byte flip can make one).
                (long w, long h) = JpegIntegrity.DeclaredSize(bytes) ?? (-1, -1);
                if ((image.Width, image.Height) != (w, h) && (image.Width, image.Height) != (h, w))
                {
                    failures.Add($"{source} ({string.Join(" ", applied)}): decoded to {image.Width}x{image.Height}");
                }
            }
            catch (ImageFormatException e)
            {
                refused++;
                if (!e.Message.StartsWith(source + ": ", StringComparison.Ordinal) || e.Message.Any(char.IsControl))
                {
                    failures.Add($"{source} ({string.Join(" ", applied)}): message '{UserText.Escape(e.Message, 300)}'");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{source} ({string.Join(" ", applied)}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{decoded} decoded, {refused} refused");
        Assert.True(failures.Count == 0, $"{failures.Count} failed:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(refused > 100 && decoded > 100, $"{decoded} decoded, {refused} refused");
    }
}
