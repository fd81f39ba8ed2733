using System;

namespace EdgeDigits.Device
{
    /// <summary>
    /// Milliseconds for the app and for inference timing, from <see cref="DateTime.UtcNow"/>: on ESP32 it comes from
    /// gettimeofday (µs resolution), while Environment.TickCount64 follows the 100 Hz FreeRTOS tick (10 ms steps).
    /// </summary>
    public static class DeviceClock
    {
        /// <summary>Current time in ms (only differences are meaningful).</summary>
        /// <returns>Milliseconds.</returns>
        public static long NowMs()
        {
            return DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
        }
    }
}
