using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeDigits.Simulator.Recognition;
using EdgeDigits.Tooling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeDigits.Simulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Without_urls_it_binds_to_loopback_port_5000()
    {
        await using WebApplication app = SimulatorHost.Build([], TestModel.Random());
        Assert.Equal("http://127.0.0.1:5000", app.Services.GetRequiredService<IConfiguration>()["urls"]);
    }

    [Fact]
    public async Task The_urls_argument_is_honoured()
    {
        await using WebApplication app = SimulatorHost.Build(["--urls", "http://127.0.0.1:5123"], TestModel.Random());
        Assert.Equal("http://127.0.0.1:5123", app.Services.GetRequiredService<IConfiguration>()["urls"]);
    }

    [Fact]
    public async Task Kestrel_limits_leave_room_and_close_idle_and_slow_sockets()
    {
        await using WebApplication app = SimulatorHost.Build([], TestModel.Random());
        var limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value.Limits;
        Assert.Equal(1000, limits.MaxConcurrentConnections);
        Assert.Equal(TimeSpan.FromSeconds(15), limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.RequestHeadersTimeout);
        Assert.Equal(1024, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(2), limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(1024, limits.MinResponseDataRate!.BytesPerSecond);
        Assert.Equal(0, limits.MaxConcurrentUpgradedConnections);
    }

    /// <summary>A burst beyond the token bucket gets 429 with a JSON error; the bucket here refills once an hour.</summary>
    [Fact]
    public async Task A_burst_beyond_the_rate_limit_gets_429()
    {
        await using WebApplication app = SimulatorHost.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            "--Simulator:RateLimit:Burst=5", "--Simulator:RateLimit:PermitsPerPeriod=1", "--Simulator:RateLimit:PeriodSeconds=3600"], TestModel.Random());
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var statuses = new List<System.Net.HttpStatusCode>();
        string? error = null;
        string? retryAfter = null;
        for (int i = 0; i < 8; i++)
        {
            using HttpResponseMessage response = await client.GetAsync("/api/info");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                error = (string?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["error"];
                retryAfter = response.Headers.RetryAfter?.ToString();
            }
        }

        await app.StopAsync();
        Assert.Equal(Enumerable.Repeat(System.Net.HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(System.Net.HttpStatusCode.TooManyRequests, 3)), statuses);
        Assert.Equal("Too many requests: the limit is 5 at once and 1 per 3600 s per client.", error);
        Assert.Equal("3600", retryAfter);
    }

    [Fact]
    public void A_model_error_quoting_hostile_text_is_escaped_and_cut()
    {
        // The message quotes the file name: an ANSI escape in it must not reach the terminal, and a huge name is cut.
        string name = Path.Combine(Path.GetTempPath(), "\u001b]0;pwned\u0007" + new string('x', 2000) + ".onnx");
        var error = new StringWriter();
        int code = SimulatorHost.RunCommandLine(["--model", name, "--urls", "http://127.0.0.1:0"], error, _ => { });
        Assert.Equal(1, code);
        string line = error.ToString().TrimEnd();
        Assert.StartsWith("error: --model ", line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Contains("\\e]0;pwned\\x07", line);
        // 400 characters are kept before escaping; the two escapes add 4 and the ellipsis 1.
        Assert.True(line.Length <= "error: ".Length + EdgeDigits.Tooling.UserText.MaxMessageChars + 5, $"{line.Length} characters");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("garbage")]
    [InlineData("not-onnx")]
    [InlineData("no-value")]
    [InlineData("twice")]
    public void A_bad_model_option_is_a_clear_error_and_exit_code_1(string kind)
    {
        string directory = Path.Combine(Path.GetTempPath(), "edgedigits-model-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string garbage = Path.Combine(directory, "garbage.onnx");
            File.WriteAllBytes(garbage, [0x08, 0x07, 0xFF, 0xFF, 0x12, 0x34, 0x00, 0x01]);
            string missing = Path.Combine(directory, "missing.onnx");
            string notOnnx = Path.Combine(directory, "model.txt");
            File.WriteAllText(notOnnx, "hello");
            (string[] args, string expected) = kind switch
            {
                "missing" => (new[] { "--model", missing }, "--model " + missing + ": no such file."),
                "garbage" => (new[] { "--model=" + garbage }, "--model " + garbage + ": "),
                "not-onnx" => (new[] { "--model", notOnnx }, "expected a .onnx file"),
                "no-value" => (new[] { "--model" }, "--model needs a value"),
                _ => (new[] { "--model", missing, "--model", garbage }, "--model is given 2 times"),
            };

            var error = new StringWriter();
            bool ran = false;
            int code = SimulatorHost.RunCommandLine([.. args, "--urls", "http://127.0.0.1:0"], error, _ => ran = true);
            Assert.Equal(1, code);
            Assert.False(ran, "nothing is served");
            string message = error.ToString();
            Assert.StartsWith("error: ", message);
            Assert.Contains(expected, message);
            Assert.DoesNotContain("   at ", message);   // no stack trace
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Without_model_option_the_shipped_model_is_served()
    {
        Assert.Null(SimulatorHost.LoadModel(["--urls", "http://127.0.0.1:5123"], null, out string[] rest));
        Assert.Equal(["--urls", "http://127.0.0.1:5123"], rest);
        Assert.Null(SimulatorHost.LoadModel(["--model", "shipped"], null, out rest));
        Assert.Empty(rest);
    }

    /// <summary>
    /// The repository's float model, quantized at start-up, is served: it is the model the shipped arrays were made
    /// from, so its MNIST figures are the shipped ones.
    /// </summary>
    [Fact]
    public void An_onnx_model_is_quantized_at_start_up_and_served()
    {
        string onnx = Path.Combine(RepositoryPaths.FindRoot(), "models", "lenet5.onnx");
        var error = new StringWriter();
        JsonNode? info = null;
        int code = SimulatorHost.RunCommandLine(["--model", onnx, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], error, app =>
        {
            app.StartAsync().GetAwaiter().GetResult();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
                info = client.GetFromJsonAsync<JsonNode>("/api/info").GetAwaiter().GetResult();
            }
            finally
            {
                app.StopAsync().GetAwaiter().GetResult();
                ((IAsyncDisposable)app).DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        Assert.True(code == 0, error.ToString());
        Assert.NotNull(info);
        Assert.Equal("lenet5", (string?)info!["model"]);
        Assert.Equal(EdgeDigits.Model.LeNet5Model.FloatAccuracyBasisPoints, (int)info["floatAccuracyBasisPoints"]!);
        Assert.InRange((int)info["int8AccuracyBasisPoints"]!, 9900, 10000);
    }

    /// <summary>
    /// A name of models/ loads that network (`dotnet run` starts the simulator in its project folder, so a newcomer's
    /// relative path is also tried from the repository root); the linear model, quantized at start-up, is served by name.
    /// </summary>
    [Fact]
    public void A_zoo_model_is_loaded_by_name_and_relative_paths_resolve_from_the_repository_root()
    {
        ModelHost? byName = SimulatorHost.LoadModel(["--model", "linear"], null, out _);
        Assert.NotNull(byName);
        Assert.Equal("linear int8", byName!.Parameters.Name);
        Assert.Equal(1, byName.Parameters.LayerCount);

        // The test runner's current directory is the test's bin folder, as `dotnet run` uses the project folder.
        Assert.False(File.Exists("models/linear.onnx"), "the relative path must not exist from the current directory for this check");
        ModelHost? byPath = SimulatorHost.LoadModel(["--model", "models/linear.onnx"], null, out _);
        Assert.Equal("linear int8", byPath!.Parameters.Name);

        var missing = Assert.Throws<ModelLoadException>(() => SimulatorHost.LoadModel(["--model", "models/no-such.onnx"], null, out _));
        Assert.Contains("no such file", missing.Message);
    }
}
