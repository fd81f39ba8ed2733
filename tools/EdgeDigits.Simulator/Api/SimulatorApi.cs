using EdgeDigits.Simulator.Device;
using EdgeDigits.Simulator.Recognition;
using EdgeDigits.Simulator.Sessions;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// The JSON API under <c>/api</c>. Every endpoint validates its input against <see cref="SimulatorLimits"/> and answers
/// a bad request with HTTP 400 and <c>{"error": "..."}</c>.
/// </summary>
public static class SimulatorApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The application.</param>
    public static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api").AddEndpointFilter(RefuseBadRequests);
        api.MapGet("/info", Info);
        api.MapPost("/recognize", RecognizeAsync);
        api.MapPost("/device", DeviceAsync);
    }

    /// <summary><c>GET /api/info</c>: the model and the limits the page needs.</summary>
    private static IResult Info(ModelHost model)
    {
        return Results.Ok(new
        {
            model = model.Info.Name,
            floatAccuracyBasisPoints = model.Info.FloatAccuracyBasisPoints,
            int8AccuracyBasisPoints = model.Info.Int8AccuracyBasisPoints,
            macsPerInference = model.MacsPerInference,
            instructionCounting = model.Counter is null ? "off" : model.Counter.FailureReason ?? "on",
            screen = new { width = SimulatorLimits.ScreenWidth, height = SimulatorLimits.ScreenHeight },
            limits = new
            {
                maxJsonBodyBytes = SimulatorLimits.MaxJsonBodyBytes,
                maxImageBytes = SimulatorLimits.MaxImageBytes,
                maxImageSide = SimulatorLimits.MaxImageSide,
                maxStrokes = SimulatorLimits.MaxStrokes,
                maxPoints = SimulatorLimits.MaxPoints,
                maxEvents = SimulatorLimits.MaxEvents,
                maxDigits = SimulatorLimits.MaxDigits,
            },
        });
    }

    /// <summary><c>POST /api/recognize</c> with a <see cref="StrokeRequest"/>: the drawing through the firmware's ink pipeline.</summary>
    private static async Task<IResult> RecognizeAsync(HttpRequest request, DigitReader reader)
    {
        StrokeRequest body = await RequestReader.ReadJsonAsync<StrokeRequest>(request, SimulatorLimits.MaxJsonBodyBytes);
        int[][][] strokes = body.Validate();
        return Results.Ok(reader.Recognize(strokes, body.MultiDigit));
    }

    /// <summary>
    /// <c>POST /api/device</c> with a <see cref="DeviceRequest"/>: feeds the page's touches, buttons and ticks to the
    /// session's board (the firmware's app) and returns what it drew (<see cref="DeviceResponse"/>).
    /// </summary>
    private static async Task<IResult> DeviceAsync(HttpRequest request, SessionStore<DeviceSession> sessions)
    {
        DeviceRequest body = await RequestReader.ReadJsonAsync<DeviceRequest>(request, SimulatorLimits.MaxJsonBodyBytes);
        SessionStore<DeviceSession>.Validate(body.Session);
        DeviceEvent[] events = body.Validate();
        DeviceSession session = sessions.GetOrCreate(body.Session, out _);
        lock (session.Gate)
        {
            return Results.Ok(session.Process(events));
        }
    }

    private static async ValueTask<object?> RefuseBadRequests(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadRequestException ex)
        {
            return Results.BadRequest(new ApiError(ex.Message));
        }
    }
}
