using System.Net;
using EdgeDigits.Tooling.Mnist;
using EdgeDigits.Tooling.Recognition;

namespace EdgeDigits.Tooling.Tests;

/// <summary>Download verification, exercised on local files and a local HTTP handler (never the network).</summary>
public sealed class MnistDownloaderTests
{
    private const string LabelsStem = "t10k-labels-idx1-ubyte";

    private static string ExpectedSha(string stem) => MnistFiles.All.Single(f => f.Stem == stem).Sha256;

    [Fact]
    public void OriginalFileVerifies()
    {
        MnistDownloader.VerifyFile(Path.Combine(TestData.MnistDirectory, LabelsStem + ".gz"), ExpectedSha(LabelsStem));
    }

    [Fact]
    public void CorruptedCopyFailsWithBothHashes()
    {
        using var dir = new TempDirectory();
        byte[] content = IdxReader.ReadAll(Path.Combine(TestData.MnistDirectory, LabelsStem + ".gz"));
        content[100] ^= 1;
        string path = dir.File(LabelsStem);
        File.WriteAllBytes(path, content);

        var e = Assert.Throws<IdxFormatException>(() => MnistDownloader.VerifyFile(path, ExpectedSha(LabelsStem)));

        Assert.StartsWith($"{path}: checksum mismatch: the uncompressed content has SHA-256 ", e.Message);
        Assert.Contains($", expected {ExpectedSha(LabelsStem)}; the file is corrupt or not the original MNIST data.", e.Message);
    }

    [Fact]
    public async Task DownloadKeepsOnlyVerifiedFilesAndFallsBackToTheNextMirror()
    {
        using var cache = new TempDirectory();
        foreach ((string stem, _) in MnistFiles.All.Where(f => f.Stem != LabelsStem))
        {
            File.Copy(Path.Combine(TestData.MnistDirectory, stem + ".gz"), cache.File(stem + ".gz"));
        }

        byte[] good = File.ReadAllBytes(Path.Combine(TestData.MnistDirectory, LabelsStem + ".gz"));
        byte[] corrupt = IdxReader.ReadAll(Path.Combine(TestData.MnistDirectory, LabelsStem + ".gz"));
        corrupt[^1] ^= 0x55;
        var handler = new LocalHandler(new Dictionary<string, byte[]>
        {
            ["http://bad.invalid/mnist/" + LabelsStem + ".gz"] = corrupt,
            ["http://good.invalid/mnist/" + LabelsStem + ".gz"] = good,
        });
        var downloader = new MnistDownloader(new HttpClient(handler), new[] { "http://bad.invalid/mnist/", "http://good.invalid/mnist/" });

        await downloader.EnsureAsync(cache.Path);

        Assert.Equal(good, File.ReadAllBytes(cache.File(LabelsStem + ".gz")));
        Assert.False(File.Exists(cache.File(LabelsStem + ".gz.part")));
        Assert.Equal(new[] { "http://bad.invalid/mnist/" + LabelsStem + ".gz", "http://good.invalid/mnist/" + LabelsStem + ".gz" }, handler.Requests);
    }

    [Fact]
    public async Task DownloadFailsWhenNoMirrorVerifies()
    {
        using var cache = new TempDirectory();
        var handler = new LocalHandler(new Dictionary<string, byte[]>());
        var downloader = new MnistDownloader(new HttpClient(handler), new[] { "http://missing.invalid/" });

        var e = await Assert.ThrowsAsync<IOException>(() => downloader.EnsureAsync(cache.Path));

        Assert.StartsWith($"Could not download MNIST file train-images-idx3-ubyte.gz into {cache.Path}. Pass --mnist DIR or set EDGEDIGITS_MNIST_DIR", e.Message);
        Assert.Contains("Tried: http://missing.invalid/train-images-idx3-ubyte.gz: ", e.Message);

        // The CLI prints one escaped line cut at UserText.MaxMessageChars: the remedy must survive it, line breaks
        // would print as "\n".
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("Pass --mnist DIR or set EDGEDIGITS_MNIST_DIR", UserText.Escape(e.Message, UserText.MaxMessageChars));
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    private sealed class LocalHandler : HttpMessageHandler
    {
        private readonly Dictionary<string, byte[]> _files;

        public LocalHandler(Dictionary<string, byte[]> files) => _files = files;

        public List<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string url = request.RequestUri!.ToString();
            Requests.Add(url);
            return Task.FromResult(_files.TryGetValue(url, out byte[]? body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
