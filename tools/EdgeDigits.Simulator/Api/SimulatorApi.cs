using EdgeDigits.Simulator.Device;
using EdgeDigits.Simulator.Recognition;
using EdgeDigits.Simulator.Sessions;
using EdgeDigits.Tooling.Images;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// The JSON API under <c>/api</c>. Every endpoint validates its input against <see cref="SimulatorLimits"/> and answers
/// a bad request with HTTP 400 (413 for a device request that draws too much, 503 when every board is in use) and
/// <c>{"error": "..."}</c>.
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
        api.MapPost("/image", ImageAsync);
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
        (int[][][] strokes, bool multiDigit) = StrokeRequest.Read(await RequestReader.ReadJsonBodyAsync(request, SimulatorLimits.MaxJsonBodyBytes));
        return Results.Ok(reader.Recognize(strokes, multiDigit));
    }

    /// <summary>
    /// <c>POST /api/image?multiDigit=true</c> with a PNG, JPEG or PGM body (Content-Type image/png, image/jpeg or
    /// image/x-portable-graymap): the digits of the image, their boxes in image pixels and their 28×28 inputs.
    /// </summary>
    private static async Task<IResult> ImageAsync(HttpRequest request, ImageReader reader)
    {
        string mediaType = RequestReader.MediaTypeOf(request);
        if (mediaType is not ("image/png" or "image/jpeg" or "image/x-portable-graymap"))
        {
            throw new BadRequestException("Content-Type must be image/png, image/jpeg or image/x-portable-graymap; got "
                + (mediaType.Length == 0 ? "none" : "'" + mediaType + "'") + ".");
        }

        bool multiDigit = true;
        string? flag = request.Query["multiDigit"];
        if (flag is not null && !bool.TryParse(flag, out multiDigit))
        {
            throw new BadRequestException("multiDigit must be true or false; got '" + (flag.Length > 20 ? flag[..20] : flag) + "'.");
        }

        byte[] data = await RequestReader.ReadBytesAsync(request, SimulatorLimits.MaxImageBytes);
        if (data.Length == 0)
        {
            throw new BadRequestException("The request body is empty; expected a PNG, JPEG or PGM image.");
        }

        ImageDimensions.Check(data, SimulatorLimits.MaxImageSide);
        GrayImage image;
        try
        {
            image = ImageLoader.Decode(data, "upload");
        }
        catch (ImageFormatException ex)
        {
            throw new BadRequestException("The image could not be decoded: " + ex.Message);
        }

        if (image.Width > SimulatorLimits.MaxImageSide || image.Height > SimulatorLimits.MaxImageSide)
        {
            throw new BadRequestException("The image is " + image.Width + "×" + image.Height + " pixels; the limit is " + SimulatorLimits.MaxImageSide + " pixels a side.");
        }

        return Results.Ok(new { width = image.Width, height = image.Height, recognition = reader.Recognize(image, multiDigit) });
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
        DeviceTimeChecks.Check(events);
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
            return Results.Json(new ApiError(ex.Message), statusCode: ex.StatusCode);
        }
        catch (SessionsFullException ex)
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new ApiError(ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
