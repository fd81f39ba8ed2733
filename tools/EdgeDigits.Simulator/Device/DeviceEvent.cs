using EdgeDigits.Simulator.Api;

namespace EdgeDigits.Simulator.Device;

/// <summary>
/// One input of the simulated board, in the order it happened: a touch (<c>down</c>, <c>move</c>, <c>up</c>) at
/// screen pixel (x, y) of contact <c>id</c> (the pointer id; optional, 0 by default), a hardware button press
/// (<c>button</c> with <c>button</c> = clear | undo | recognize | mode | collect), or a UI <c>tick</c>. <c>t</c> is the
/// page's clock in ms (integer, never decreasing within a session). A pointer held still should be sent as a
/// <c>move</c> at its position at least every <see cref="EdgeDigits.App.AppSettings.PenUpTimeoutMs"/> (150 ms; 50 ms
/// is a good period): the app reads repeated same-point moves as a resting finger and silence as a lost lift.
/// </summary>
public sealed class DeviceEvent
{
    /// <summary>down | move | up | button | tick.</summary>
    public string? Type { get; set; }

    /// <summary>Screen x in pixels (touch only; may lie off screen).</summary>
    public int X { get; set; }

    /// <summary>Screen y in pixels (touch only; may lie off screen).</summary>
    public int Y { get; set; }

    /// <summary>Contact (pointer) id of a touch, 0..<see cref="DeviceRequest.MaxContactId"/>; the first contact down
    /// draws, others are ignored until they lift.</summary>
    public int Id { get; set; }

    /// <summary>When it happened, ms on the page's clock.</summary>
    public long T { get; set; }

    /// <summary>For <c>button</c> events: clear | undo | recognize | mode | collect.</summary>
    public string? Button { get; set; }
}

/// <summary>Body of <c>POST /api/device</c>: <c>{"session": "...", "events": [...]}</c>.</summary>
public sealed class DeviceRequest
{
    /// <summary>The page's session id (8..64 characters of [A-Za-z0-9_-]).</summary>
    public string? Session { get; set; }

    /// <summary>The inputs since the previous request, oldest first.</summary>
    public DeviceEvent[]? Events { get; set; }

    /// <summary>Largest accepted <see cref="DeviceEvent.Id"/>.</summary>
    public const int MaxContactId = int.MaxValue;

    /// <summary>Checks the events against <see cref="SimulatorLimits"/>; times must not decrease.</summary>
    /// <returns>The events.</returns>
    /// <exception cref="BadRequestException">Missing or too many events, unknown type or button, coordinate or time out of range.</exception>
    public DeviceEvent[] Validate()
    {
        if (Events is null)
        {
            throw new BadRequestException("'events' is missing: send an array of {type, x, y, t} events.");
        }

        if (Events.Length > SimulatorLimits.MaxEvents)
        {
            throw new BadRequestException("Too many events: " + Events.Length + "; the limit is " + SimulatorLimits.MaxEvents + ".");
        }

        long previous = 0;
        for (int i = 0; i < Events.Length; i++)
        {
            DeviceEvent? e = Events[i] ?? throw new BadRequestException("events[" + i + "] is null.");
            string at = "events[" + i + "]";
            switch (e.Type)
            {
                case "down":
                case "move":
                case "up":
                    StrokeRequest.CheckCoordinate(e.X, at + ".x");
                    StrokeRequest.CheckCoordinate(e.Y, at + ".y");
                    if (e.Id < 0)
                    {
                        throw new BadRequestException(at + ".id = " + e.Id + " is negative; pointer ids are 0.." + MaxContactId + ".");
                    }

                    break;
                case "button":
                    if (ParseButton(e.Button) == 0)
                    {
                        throw new BadRequestException(at + ".button must be clear, undo, recognize, mode or collect; got " + Quote(e.Button) + ".");
                    }

                    break;
                case "tick":
                    break;
                default:
                    throw new BadRequestException(at + ".type must be down, move, up, button or tick; got " + Quote(e.Type) + ".");
            }

            if (e.T < 0 || e.T > SimulatorLimits.MaxEventTimeMs)
            {
                throw new BadRequestException(at + ".t = " + e.T + " ms is outside 0.." + SimulatorLimits.MaxEventTimeMs + ".");
            }

            if (e.T < previous)
            {
                throw new BadRequestException(at + ".t = " + e.T + " ms is earlier than the event before it (" + previous + " ms).");
            }

            previous = e.T;
        }

        return Events;
    }

    /// <summary>Maps a button name to the app's button number (see EdgeDigits.App.AppButton), 0 when unknown.</summary>
    /// <param name="name">clear | undo | recognize | mode | collect.</param>
    /// <returns>1..5, or 0.</returns>
    public static int ParseButton(string? name)
    {
        return name switch
        {
            "clear" => (int)EdgeDigits.App.AppButton.Clear,
            "undo" => (int)EdgeDigits.App.AppButton.Undo,
            "recognize" => (int)EdgeDigits.App.AppButton.Recognize,
            "mode" => (int)EdgeDigits.App.AppButton.Mode,
            "collect" => (int)EdgeDigits.App.AppButton.Collect,
            _ => 0,
        };
    }

    private static string Quote(string? value)
    {
        return value is null ? "nothing" : "'" + (value.Length > 20 ? value[..20] + "…" : value) + "'";
    }
}
