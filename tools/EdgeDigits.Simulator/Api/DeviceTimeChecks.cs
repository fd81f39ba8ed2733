using EdgeDigits.Simulator.Device;

namespace EdgeDigits.Simulator.Api;

/// <summary>
/// The bound on event times of a device request beyond <see cref="DeviceRequest.Validate"/> (which keeps every <c>t</c>
/// within 0..<see cref="SimulatorLimits.MaxEventTimeMs"/>, non-decreasing): no step between two events larger than
/// <see cref="SimulatorLimits.MaxEventStepMs"/>. Checked before the session sees the request, so a wild <c>t</c>
/// (2^53, say) is refused with 400 and cannot push the session's clock where no later request can follow it.
/// </summary>
public static class DeviceTimeChecks
{
    /// <summary>Checks the times of already validated (non-decreasing) events.</summary>
    /// <param name="events">The events.</param>
    /// <exception cref="BadRequestException">A time is too far after the previous one.</exception>
    public static void Check(DeviceEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (int i = 0; i < events.Length; i++)
        {
            long t = events[i].T;
            if (i > 0 && t - events[i - 1].T > SimulatorLimits.MaxEventStepMs)
            {
                throw new BadRequestException("events[" + i + "].t = " + t + " ms is " + (t - events[i - 1].T) + " ms after the event before it; the limit is "
                    + SimulatorLimits.MaxEventStepMs + " ms per step.");
            }
        }
    }
}
