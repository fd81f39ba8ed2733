using EdgeDigits.Simulator.Api;
using EdgeDigits.Simulator.Device;
using EdgeDigits.Simulator.Sessions;
using EdgeDigits.Simulator.Recognition;
using Microsoft.AspNetCore.Diagnostics;
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

        builder.WebHost.ConfigureKestrel(ConfigureLimits);
        // The page polls every 20-200 ms: per-request logs would drown the console. "Now listening on" stays.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(model ?? ModelHost.Shipped());
        builder.Services.AddSingleton<DigitReader>();
        builder.Services.AddSingleton<ImageReader>();
        builder.Services.AddSingleton(services => new SessionStore<DeviceSession>(SimulatorLimits.MaxSessions, SimulatorLimits.SessionIdleTimeout,
            () => new DeviceSession(services.GetRequiredService<ModelHost>())));

        WebApplication app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(WriteError));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        SimulatorApi.Map(app);
        return app;
    }

    private static void ConfigureLimits(KestrelServerOptions kestrel)
    {
        KestrelServerLimits limits = kestrel.Limits;
        limits.MaxRequestBodySize = SimulatorLimits.MaxImageBytes + 1;
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MaxRequestHeaderCount = 50;
        limits.MaxRequestLineSize = 4096;
        limits.MaxConcurrentConnections = 100;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
        // A client that trickles its body slower than 1 KB/s after a 5 s grace period is cut off.
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
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
