using EdgeDigits.Tooling.Mnist;

namespace EdgeDigits.Tooling.Tests.Training;

public class IdxWriterTests
{
    [Theory]
    [InlineData("a-images-idx3-ubyte")]
    [InlineData("a-images-idx3-ubyte.gz")]
    public void Images_and_labels_read_back_with_the_reader(string name)
    {
        using var dir = new TempDirectory();
        byte[] pixels = Enumerable.Range(0, 3 * 28 * 28).Select(i => (byte)(i * 7)).ToArray();
        IdxWriter.WriteImages(dir.File(name), pixels, 28, 28);
        IdxWriter.WriteLabels(dir.File(name + ".labels"), new byte[] { 3, 1, 4 });
        Assert.Equal(pixels, IdxReader.ReadImages(dir.File(name), out int rows, out int cols));
        Assert.Equal((28, 28), (rows, cols));
        Assert.Equal(new byte[] { 3, 1, 4 }, IdxReader.ReadLabels(dir.File(name + ".labels")));
    }

    [Fact]
    public void The_header_is_LeCuns_big_endian_layout_and_output_is_deterministic()
    {
        using var dir = new TempDirectory();
        IdxWriter.WriteImages(dir.File("x"), new byte[2 * 4 * 3], 4, 3);
        byte[] raw = File.ReadAllBytes(dir.File("x"));
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 3 }, raw[..16]);
        IdxWriter.WriteImages(dir.File("a.gz"), new byte[784], 28, 28);
        IdxWriter.WriteImages(dir.File("b.gz"), new byte[784], 28, 28);
        Assert.Equal(File.ReadAllBytes(dir.File("a.gz")), File.ReadAllBytes(dir.File("b.gz")));
        Assert.Throws<ArgumentException>(() => IdxWriter.WriteImages(dir.File("c"), new byte[785], 28, 28));
    }
}
