using EdgeDigits.Simulator.Api;
using EdgeDigits.Tooling;
using EdgeDigits.Simulator.Device;
using EdgeDigits.Simulator.Sessions;
using EdgeDigits.Simulator.Recognition;
using Microsoft.AspNetCore.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdgeDigits.Simulator;

/// <summary>
/// Builds the simulator web application: Kestrel with tight limits and timeouts, bound to 127.0.0.1:5000 unless
/// <c>--urls</c> (or ASPNETCORE_URLS) says otherwise, the static page from wwwroot and the JSON API.
/// </summary>
public static class SimulatorHost
{
    /// <summary>The address served when no <c>--urls</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>
    /// The simulator's command line: <c>--model FILE.onnx</c> (or <c>--model=FILE.onnx</c>; <c>shipped</c> is the
    /// default) picks the model, quantized at start-up like <c>edgedigits recognize --model</c>; every other argument
    /// goes to ASP.NET Core (<c>--urls</c> and the like). A model that cannot be loaded is reported on
    /// <paramref name="error"/> and nothing is served.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="error">Where start-up errors and progress go (the console's standard error).</param>
    /// <param name="run">Runs the built application (null: <see cref="WebApplication.Run"/>, until shut down).</param>
    /// <returns>The process exit code: 0 after a clean shutdown, 1 when the arguments or the model are bad.</returns>
    public static int RunCommandLine(string[] args, TextWriter error, Action<WebApplication>? run = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        ModelHost? model;
        string[] rest;
        try
        {
            model = LoadModel(args, line => error.WriteLine(line), out rest);
        }
        catch (ModelLoadException e)
        {
            error.WriteLine("error: " + UserText.Escape(e.Message, UserText.MaxMessageChars));
            return 1;
        }

        WebApplication app = Build(rest, model);
        (run ?? (a => a.Run()))(app);
        return 0;
    }

    /// <summary>Takes <c>--model VALUE</c> out of <paramref name="args"/> and loads that model.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="log">Progress lines, or null.</param>
    /// <param name="rest">The other arguments, in order.</param>
    /// <returns>The loaded model, or null for the shipped one (no <c>--model</c>, or <c>--model shipped</c>).</returns>
    /// <exception cref="ModelLoadException">The option has no value, is given twice, or names a file that cannot be loaded.</exception>
    public static ModelHost? LoadModel(string[] args, Action<string>? log, out string[] rest)
    {
        ArgumentNullException.ThrowIfNull(args);
        var others = new List<string>(args.Length);
        string? value = null;
        int seen = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--model")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ModelLoadException("--model needs a value: a .onnx file or 'shipped'.");
                }

                value = args[++i];
                seen++;
            }
            else if (arg.StartsWith("--model=", StringComparison.Ordinal))
            {
                value = arg["--model=".Length..];
                seen++;
            }
            else
            {
                others.Add(arg);
            }
        }

        rest = others.ToArray();
        if (seen > 1)
        {
            throw new ModelLoadException("--model is given " + seen + " times; give it once.");
        }

        if (value is null || value == "shipped")
        {
            return null;
        }

        if (value.Length == 0)
        {
            throw new ModelLoadException("--model needs a value: a .onnx file or 'shipped'.");
        }

        return OnnxModelLoader.Load(value, log);
    }

    /// <summary>Creates the application (not started).</summary>
    /// <param name="args">Command-line arguments; <c>--urls http://127.0.0.1:5080</c> picks the address.</param>
    /// <param name="model">The model to serve; null loads the shipped model (<see cref="ModelHost.Shipped"/>).</param>
    /// <returns>The application.</returns>
    public static WebApplication Build(string[] args, ModelHost? model = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        SocketLimits sockets = SocketLimits.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureLimits(kestrel, sockets));
        // The page polls every 20-200 ms: per-request logs would drown the console. "Now listening on" stays.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(model ?? ModelHost.Shipped());
        builder.Services.AddSingleton<DigitReader>();
        builder.Services.AddSingleton<ImageReader>();
        int maxSessions = PositiveSetting(builder.Configuration, "Simulator:Sessions:Max", SimulatorLimits.MaxSessions);
        builder.Services.AddSingleton(services => new SessionStore<DeviceSession>(maxSessions, SimulatorLimits.SessionIdleTimeout,
            () => new DeviceSession(services.GetRequiredService<ModelHost>()), TimeProvider.System, SimulatorLimits.SessionEvictionGrace));
        AddRateLimiter(builder.Services, builder.Configuration);

        WebApplication app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(WriteError));
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        SimulatorApi.Map(app);
        return app;
    }

    /// <summary>
    /// Every request (page, static files, API) passes a token bucket per client address:
    /// <c>Simulator:RateLimit:Burst</c> requests at once (default <see cref="SimulatorLimits.RequestBurst"/>), refilled
    /// by <c>Simulator:RateLimit:PermitsPerPeriod</c> (default <see cref="SimulatorLimits.RequestsPerSecond"/>) every
    /// <c>Simulator:RateLimit:PeriodSeconds</c> (default 1). Beyond it: 429 with Retry-After and a JSON error.
    /// </summary>
    private static void AddRateLimiter(IServiceCollection services, IConfiguration configuration)
    {
        int burst = configuration.GetValue("Simulator:RateLimit:Burst", SimulatorLimits.RequestBurst);
        int permits = configuration.GetValue("Simulator:RateLimit:PermitsPerPeriod", SimulatorLimits.RequestsPerSecond);
        double periodSeconds = configuration.GetValue("Simulator:RateLimit:PeriodSeconds", 1.0);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = permits,
            ReplenishmentPeriod = TimeSpan.FromSeconds(periodSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => bucket));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancel) =>
            {
                HttpResponse response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(periodSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new ApiError("Too many requests: the limit is " + burst + " at once and " + permits + " per "
                    + periodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s per client."), cancel);
            };
        });
    }

    /// <summary>
    /// Reads a setting that must be a whole number ≥ 1 (the default when it is absent).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not a whole number ≥ 1.</exception>
    private static int PositiveSetting(IConfiguration configuration, string key, int fallback)
    {
        string? text = configuration[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) || value < 1)
        {
            throw new InvalidOperationException(key + " must be a whole number of at least 1; got '" + text + "'.");
        }

        return value;
    }

    /// <summary>
    /// The socket limits that keep a few clients from denying service, each configurable (tests use short timeouts):
    /// <c>Simulator:Kestrel:MaxConnections</c> (default <see cref="SimulatorLimits.MaxConnections"/>),
    /// <c>Simulator:Kestrel:KeepAliveSeconds</c> (default <see cref="SimulatorLimits.KeepAliveTimeout"/>) and
    /// <c>Simulator:Kestrel:RequestHeadersSeconds</c> (default <see cref="SimulatorLimits.RequestHeadersTimeout"/>).
    /// </summary>
    private sealed record SocketLimits(int MaxConnections, TimeSpan KeepAlive, TimeSpan RequestHeaders)
    {
        public static SocketLimits From(IConfiguration configuration) => new(
            PositiveSetting(configuration, "Simulator:Kestrel:MaxConnections", SimulatorLimits.MaxConnections),
            TimeSpan.FromSeconds(PositiveSetting(configuration, "Simulator:Kestrel:KeepAliveSeconds", (int)SimulatorLimits.KeepAliveTimeout.TotalSeconds)),
            TimeSpan.FromSeconds(PositiveSetting(configuration, "Simulator:Kestrel:RequestHeadersSeconds", (int)SimulatorLimits.RequestHeadersTimeout.TotalSeconds)));
    }

    private static void ConfigureLimits(KestrelServerOptions kestrel, SocketLimits sockets)
    {
        KestrelServerLimits limits = kestrel.Limits;
        limits.MaxRequestBodySize = SimulatorLimits.MaxImageBytes + 1;
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestHeaderCount = 50;
        limits.MaxRequestLineSize = 4096;
        // Room for many more sockets than clients: idle and half-sent connections are closed by the timeouts below
        // long before a handful of them could fill it.
        limits.MaxConcurrentConnections = sockets.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.RequestHeadersTimeout = sockets.RequestHeaders;
        limits.KeepAliveTimeout = sockets.KeepAlive;
        // A client that trickles its body slower than 1 KB/s after a 2 s grace period is cut off, and so is one
        // that reads its response slower than that (a slow reader would otherwise hold the response in memory).
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(2));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
        kestrel.AddServerHeader = false;
    }

    /// <summary>Last-resort handler: a request that slipped past validation still gets a JSON error, never a stack trace.</summary>
    private static async Task WriteError(HttpContext context)
    {
        Exception? error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        int status = StatusCodes.Status500InternalServerError;
        string message = "Internal error while handling the request.";
        if (error is BadRequestException bad)
        {
            status = StatusCodes.Status400BadRequest;
            message = bad.Message;
        }
        else if (error is Microsoft.AspNetCore.Http.BadHttpRequestException http)
        {
            status = StatusCodes.Status400BadRequest;
            message = "Bad request: " + http.Message;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ApiError(message));
    }
}
