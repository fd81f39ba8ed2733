using System.Security.Cryptography;

namespace EdgeDigits.Tooling.Mnist;

/// <summary>
/// Downloads the MNIST gzip files from a public mirror into a cache directory and verifies each one by the
/// SHA-256 of its uncompressed content (<see cref="MnistFiles"/>). A file is only moved into the cache once it
/// verifies, so the cache never holds a partial or corrupt file.
/// </summary>
public sealed class MnistDownloader
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<string> _mirrors;

    /// <summary>Creates a downloader.</summary>
    /// <param name="http">The HTTP client (tests pass one over a local handler).</param>
    /// <param name="mirrors">Base URLs ending in '/', tried in order; defaults to <see cref="MnistFiles.Mirrors"/>.</param>
    public MnistDownloader(HttpClient http, IReadOnlyList<string>? mirrors = null)
    {
        _http = http;
        _mirrors = mirrors ?? MnistFiles.Mirrors;
    }

    /// <summary>The default cache: <c>$XDG_CACHE_HOME/edgedigits/mnist</c>, else <c>~/.cache/edgedigits/mnist</c>
    /// (on Windows <c>%LOCALAPPDATA%\edgedigits\mnist</c>).</summary>
    /// <returns>The directory path (not created).</returns>
    public static string DefaultCacheDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "edgedigits", "mnist");
    }

    /// <summary>Makes sure all four files are in <paramref name="cacheDirectory"/>, downloading the missing ones.</summary>
    /// <param name="cacheDirectory">Target directory, created if needed.</param>
    /// <param name="log">Receives one line per file.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <exception cref="IOException">No mirror delivered a file that verifies; the message lists each mirror's failure.</exception>
    public async Task EnsureAsync(string cacheDirectory, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(cacheDirectory);
        foreach ((string stem, string sha) in MnistFiles.All)
        {
            string target = Path.Combine(cacheDirectory, stem + ".gz");
            if (File.Exists(target))
            {
                continue;
            }

            var failures = new List<string>();
            bool done = false;
            foreach (string mirror in _mirrors)
            {
                string url = mirror + stem + ".gz";
                string temp = target + ".part";
                try
                {
                    log?.Invoke($"downloading {url}");
                    using (HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
                    {
                        response.EnsureSuccessStatusCode();
                        await using FileStream file = File.Create(temp);
                        await response.Content.CopyToAsync(file, cancellationToken);
                    }

                    VerifyFile(temp, sha, url);
                    File.Move(temp, target, overwrite: true);
                    done = true;
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or IdxFormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    failures.Add($"{url}: {e.Message}");
                    File.Delete(temp);
                }
            }

            if (!done)
            {
                // One line, the remedy before the mirrors' errors: the CLI prints one escaped error line cut at
                // UserText.MaxMessageChars, which used to cut the remedy off and show the line breaks as "\n".
                throw new IOException(
                    $"Could not download MNIST file {stem}.gz into {cacheDirectory}. Pass --mnist DIR or set " +
                    "EDGEDIGITS_MNIST_DIR to a directory holding the MNIST IDX files. Tried: " + string.Join("; ", failures));
            }
        }
    }

    /// <summary>
    /// Checks that the SHA-256 of the uncompressed content of <paramref name="path"/> (raw or gzip) is
    /// <paramref name="expectedSha256"/>.
    /// </summary>
    /// <param name="path">The file to check.</param>
    /// <param name="expectedSha256">Lowercase hex SHA-256 of the uncompressed IDX bytes.</param>
    /// <param name="origin">Where the file came from, for the message (a URL or the path).</param>
    /// <exception cref="IdxFormatException">The gzip stream is corrupt, or the content hash differs (the message gives both hashes).</exception>
    public static void VerifyFile(string path, string expectedSha256, string? origin = null)
    {
        byte[] content = IdxReader.ReadAll(path);
        string actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (actual != expectedSha256)
        {
            throw new IdxFormatException(
                $"{origin ?? path}: checksum mismatch: the uncompressed content has SHA-256 {actual}, expected {expectedSha256}; the file is corrupt or not the original MNIST data.");
        }
    }
}
