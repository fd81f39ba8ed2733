using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeDigits.Simulator.Tests;

/// <summary>
/// The hardening issue's socket cases against the real Kestrel server on a loopback ephemeral port, with raw sockets:
/// idle keep-alive connections and half-sent requests (slowloris) must not lock a new client out for longer than
/// the configured timeouts. Each test starts its own server with its own limits (short timeouts through
/// configuration, so the whole class takes seconds). Bounds are generous and only behaviour is asserted: which
/// sockets the server closes, and that a fresh client gets a 200 before the bound; no speed is measured.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class SocketLimitsTests
{
    /// <summary>How long any one expectation may take before the test fails (the timeouts used are 1-2 s).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The lock-out is real: with a small connection limit and long timeouts, idle keep-alive connections fill the
    /// limit and a new client is turned away (Kestrel closes its connection without an answer) until one of them
    /// closes. This is why the timeouts and the default limit's room, tested below, matter.
    /// </summary>
    [Fact]
    public async Task Idle_keep_alive_connections_count_against_the_connection_limit()
    {
        await using WebApplication app = await StartAsync(maxConnections: 6, keepAliveSeconds: 600, headersSeconds: 600);
        IPEndPoint server = EndPoint(app);
        List<Socket> idle = await OpenIdleKeepAliveAsync(server, 6);
        try
        {
            Assert.Null(await TryGetAsync(server, "/api/info", TimeSpan.FromSeconds(10)));
            Assert.All(idle, socket => Assert.True(IsOpen(socket), "an idle keep-alive connection was closed before its timeout"));

            idle[0].Dispose();
            idle.RemoveAt(0);
            Assert.Equal(200, await GetWithinAsync(server, "/api/info", Bound));
        }
        finally
        {
            DisposeAll(idle);
        }
    }

    /// <summary>
    /// "100 idle keep-alive connections lock new clients out for as long as they stay open": with the limit filled by
    /// idle keep-alive connections (a 2 s keep-alive timeout here), the server closes every one of them and a fresh
    /// client gets a 200, both within the bound.
    /// </summary>
    [Fact]
    public async Task Idle_keep_alive_connections_are_closed_by_the_keep_alive_timeout_and_a_new_client_gets_in()
    {
        await using WebApplication app = await StartAsync(maxConnections: 8, keepAliveSeconds: 2, headersSeconds: 600);
        IPEndPoint server = EndPoint(app);
        List<Socket> idle = await OpenIdleKeepAliveAsync(server, 8);
        try
        {
            Assert.Equal(200, await GetWithinAsync(server, "/api/info", Bound));
            foreach (Socket socket in idle)
            {
                (bool closed, string received) = await WaitForServerCloseAsync(socket, Bound);
                Assert.True(closed, "an idle keep-alive connection was still open after " + Bound.TotalSeconds + " s");
                Assert.Equal("", received);   // closed without sending anything more
            }
        }
        finally
        {
            DisposeAll(idle);
        }
    }

    /// <summary>
    /// "110 half-sent requests block new clients for ~10 s": half-sent requests (headers never finished; half of them
    /// keep trickling a header byte every 200 ms, as slowloris does) fill the limit; each is dropped after the 2 s
    /// headers timeout (the keep-alive timeout is 600 s here, so only the headers timeout can do it, and the
    /// trickling does not reset it), and a fresh client gets a 200.
    /// </summary>
    [Fact]
    public async Task Half_sent_requests_are_dropped_after_the_headers_timeout_and_do_not_block_new_clients()
    {
        await using WebApplication app = await StartAsync(maxConnections: 8, keepAliveSeconds: 600, headersSeconds: 2);
        IPEndPoint server = EndPoint(app);
        List<Socket> halfSent = await OpenHalfSentAsync(server, 8);
        using var stopTrickling = new CancellationTokenSource(Bound);
        var tricklers = halfSent.Where((_, i) => i % 2 == 1).Select(socket => TrickleAsync(socket, stopTrickling.Token)).ToList();
        try
        {
            Assert.Equal(200, await GetWithinAsync(server, "/api/info", Bound));
            for (int i = 0; i < halfSent.Count; i++)
            {
                (bool closed, string received) = await WaitForServerCloseAsync(halfSent[i], Bound);
                Assert.True(closed, "half-sent request " + i + " (trickling: " + (i % 2 == 1) + ") was still open after " + Bound.TotalSeconds + " s");
                // Kestrel may answer 408 before closing; it never answers anything else to a request it never got.
                Assert.True(received.Length == 0 || received.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), received);
            }
        }
        finally
        {
            await stopTrickling.CancelAsync();
            await Task.WhenAll(tricklers);
            DisposeAll(halfSent);
        }
    }

    /// <summary>
    /// The issue's figures against the default connection limit: 110 idle keep-alive connections and 110 half-sent
    /// requests, all still open (the timeouts are set long here so that none is closed during the test), leave room:
    /// a fresh client's first attempt gets a 200.
    /// </summary>
    [Fact]
    public async Task The_default_connection_limit_leaves_room_beside_the_issues_220_sockets()
    {
        await using WebApplication app = await StartAsync(maxConnections: null, keepAliveSeconds: 600, headersSeconds: 600);
        IPEndPoint server = EndPoint(app);
        List<Socket> idle = await OpenIdleKeepAliveAsync(server, 110);
        List<Socket> halfSent = await OpenHalfSentAsync(server, 110);
        try
        {
            Assert.Equal(200, await TryGetAsync(server, "/api/info", Bound));
            Assert.All(idle, socket => Assert.True(IsOpen(socket), "an idle keep-alive connection was closed during the test"));
            Assert.All(halfSent, socket => Assert.True(IsOpen(socket), "a half-sent request was closed during the test"));
        }
        finally
        {
            DisposeAll(idle);
            DisposeAll(halfSent);
        }
    }

    /// <summary>
    /// Eviction over HTTP: with 2 boards (<c>Simulator:Sessions:Max=2</c>) both in use, a third session gets 503 with
    /// Retry-After and the store's message, and the boards in use keep working (none was evicted).
    /// </summary>
    [Fact]
    public async Task A_new_session_beyond_the_boards_in_use_gets_503_and_evicts_none()
    {
        await using WebApplication app = SimulatorHost.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            "--Simulator:Sessions:Max=2"], TestModel.Random());
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = Bound };
        Assert.True((await PostTickAsync(client, "board-one", 1000)).Booted);
        Assert.True((await PostTickAsync(client, "board-two", 1000)).Booted);

        using HttpResponseMessage refused = await client.PostAsync("/api/device", TickBody("board-three", 1000));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        string error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("All 2 simulated boards are in use", error);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));

        // The boards in use were not taken: their next request continues the same board (no second boot).
        Assert.False((await PostTickAsync(client, "board-one", 1020)).Booted);
        Assert.False((await PostTickAsync(client, "board-two", 1020)).Booted);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("Simulator:Kestrel:KeepAliveSeconds", "0")]
    [InlineData("Simulator:Kestrel:RequestHeadersSeconds", "-1")]
    [InlineData("Simulator:Kestrel:MaxConnections", "many")]
    [InlineData("Simulator:Sessions:Max", "0")]
    public void A_bad_limit_setting_is_refused_at_start_up_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SimulatorHost.Build(["--" + key + "=" + value], TestModel.Random()));
        Assert.Equal(key + " must be a whole number of at least 1; got '" + value + "'.", error.Message);
    }

    [Fact]
    public async Task The_socket_limit_settings_reach_Kestrel()
    {
        await using WebApplication app = SimulatorHost.Build(["--Simulator:Kestrel:MaxConnections=12", "--Simulator:Kestrel:KeepAliveSeconds=3",
            "--Simulator:Kestrel:RequestHeadersSeconds=4"], TestModel.Random());
        var limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value.Limits;
        Assert.Equal(12, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromSeconds(3), limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), limits.RequestHeadersTimeout);
    }

    private static async Task<WebApplication> StartAsync(int? maxConnections, int keepAliveSeconds, int headersSeconds)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            "--Simulator:Kestrel:KeepAliveSeconds=" + keepAliveSeconds, "--Simulator:Kestrel:RequestHeadersSeconds=" + headersSeconds,
        };
        if (maxConnections is int max)
        {
            args.Add("--Simulator:Kestrel:MaxConnections=" + max);
        }

        WebApplication app = SimulatorHost.Build(args.ToArray(), TestModel.Random());
        await app.StartAsync();
        return app;
    }

    private static IPEndPoint EndPoint(WebApplication app)
    {
        var uri = new Uri(app.Urls.Single());
        Assert.Equal("127.0.0.1", uri.Host);
        return new IPEndPoint(IPAddress.Loopback, uri.Port);
    }

    /// <summary>Connections that each completed one request (so Kestrel admitted and counted them) and then sit idle.</summary>
    private static async Task<List<Socket>> OpenIdleKeepAliveAsync(IPEndPoint server, int count)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                Socket socket = await ConnectAsync(server);
                sockets.Add(socket);
                await SendAsync(socket, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                using var timeout = new CancellationTokenSource(Bound);
                Assert.Equal(200, await ReadOneResponseAsync(socket, timeout.Token));
            }
        }
        catch
        {
            DisposeAll(sockets);
            throw;
        }

        return sockets;
    }

    /// <summary>Connections that sent a request line and one header, never the blank line that ends the headers.</summary>
    private static async Task<List<Socket>> OpenHalfSentAsync(IPEndPoint server, int count)
    {
        var sockets = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                Socket socket = await ConnectAsync(server);
                sockets.Add(socket);
                await SendAsync(socket, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            }
        }
        catch
        {
            DisposeAll(sockets);
            throw;
        }

        return sockets;
    }

    /// <summary>Slowloris: one more header byte every 200 ms until the server closes the socket or the test stops.</summary>
    private static async Task TrickleAsync(Socket socket, CancellationToken stop)
    {
        byte[] header = Encoding.ASCII.GetBytes("X-Slow-" + socket.GetHashCode() + ": a\r\n");
        try
        {
            for (int i = 0; !stop.IsCancellationRequested; i = (i + 1) % header.Length)
            {
                await socket.SendAsync(header.AsMemory(i, 1), SocketFlags.None, stop);
                await Task.Delay(200, stop);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server closed the connection (what the test waits for), or the test is over.
        }
    }

    /// <summary>One request on a new connection (Connection: close), within <paramref name="timeout"/>.</summary>
    /// <returns>The status code, or null when the server closed or reset the connection without an answer.</returns>
    private static async Task<int?> TryGetAsync(IPEndPoint server, string path, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using Socket socket = await ConnectAsync(server, cancel.Token);
            await SendAsync(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", cancel.Token);
            return await ReadOneResponseAsync(socket, cancel.Token);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Tries a fresh client every 100 ms until one gets an answer; fails when none did within <paramref name="bound"/>.</summary>
    private static async Task<int> GetWithinAsync(IPEndPoint server, string path, TimeSpan bound)
    {
        DateTime deadline = DateTime.UtcNow + bound;
        int attempts = 0;
        while (DateTime.UtcNow < deadline)
        {
            attempts++;
            TimeSpan left = deadline - DateTime.UtcNow;
            try
            {
                if (await TryGetAsync(server, path, left) is int status)
                {
                    return status;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Fail("no fresh client got an answer within " + bound.TotalSeconds + " s (" + attempts + " attempts)");
        return 0;
    }

    /// <summary>Waits until the server closes (or resets) the connection.</summary>
    /// <returns>Whether it did within <paramref name="bound"/>, and what it sent before closing.</returns>
    private static async Task<(bool Closed, string Received)> WaitForServerCloseAsync(Socket socket, TimeSpan bound)
    {
        using var cancel = new CancellationTokenSource(bound);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
                if (n == 0)
                {
                    return (true, received.ToString());
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
        }
        catch (SocketException)
        {
            return (true, received.ToString());   // reset by the server
        }
        catch (OperationCanceledException)
        {
            return (false, received.ToString());
        }
    }

    /// <summary>True while neither side has closed the connection and nothing is waiting to be read.</summary>
    private static bool IsOpen(Socket socket) => !socket.Poll(0, SelectMode.SelectRead) && socket.Connected;

    private static async Task<Socket> ConnectAsync(IPEndPoint server, CancellationToken cancel = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancel);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task SendAsync(Socket socket, string text, CancellationToken cancel = default)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancel);
        }
    }

    /// <summary>
    /// Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status code, or null when the
    /// connection ends before a status line arrives.
    /// </summary>
    private static async Task<int?> ReadOneResponseAsync(Socket socket, CancellationToken cancel)
    {
        var data = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd = -1;
        while (headerEnd < 0)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
            if (n == 0)
            {
                return null;
            }

            data.AddRange(buffer.AsSpan(0, n).ToArray());
            headerEnd = IndexOf(data, "\r\n\r\n"u8.ToArray(), 0);
        }

        string head = Encoding.ASCII.GetString(data.ToArray(), 0, headerEnd);
        string[] lines = head.Split("\r\n");
        string[] statusLine = lines[0].Split(' ');
        Assert.Equal("HTTP/1.1", statusLine[0]);
        int status = int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture);
        string? length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();
        bool chunked = lines.Skip(1).Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        int bodyStart = headerEnd + 4;
        Func<bool> complete = chunked
            ? () => IndexOf(data, "0\r\n\r\n"u8.ToArray(), bodyStart) >= 0
            : () => data.Count - bodyStart >= (length is null ? 0 : int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        while (!complete())
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel);
            if (n == 0)
            {
                break;
            }

            data.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return status;
    }

    private static int IndexOf(List<byte> data, byte[] pattern, int start)
    {
        for (int i = start; i + pattern.Length <= data.Count; i++)
        {
            int j = 0;
            while (j < pattern.Length && data[i + j] == pattern[j])
            {
                j++;
            }

            if (j == pattern.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static void DisposeAll(List<Socket> sockets)
    {
        foreach (Socket socket in sockets)
        {
            socket.Dispose();
        }
    }

    private static StringContent TickBody(string session, long t) =>
        new(JsonSerializer.Serialize(new { session, events = new[] { new { type = "tick", t } } }), Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, bool Booted)> PostTickAsync(HttpClient client, string session, long t)
    {
        using HttpResponseMessage response = await client.PostAsync("/api/device", TickBody(session, t));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, response.StatusCode + " " + text);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.GetProperty("booted").GetBoolean());
    }
}

/// <summary>The socket tests open hundreds of connections and wait on server timeouts: they run alone, after the
/// parallel collections, so other tests' load cannot stretch their waits.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketTestsCollection
{
    public const string Name = "socket limits";
}
