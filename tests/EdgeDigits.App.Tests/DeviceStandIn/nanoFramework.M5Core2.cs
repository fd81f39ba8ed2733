// STAND-IN, not the real API: the minimal surface of nanoFramework.M5Core2 1.1.303 that firmware/EdgeDigits.Device
// calls. Checked against nanoframework/nanoFramework.M5Stack sources (M5StackCommon/Core2ToughCommon.cs for
// M5Core2.InitializeScreen, Vibrate, TouchEvent, TouchEventHandler; TouchEventArgs.cs and TouchEventCategory.cs both in
// nanoFramework.M5Core2/ and M5StackCommon/; commits in docs/hardware.md). The real TouchEventArgs also has an
// EventCategory (a nanoFramework.Runtime.Events type, left out here). Bodies never run.
namespace nanoFramework.M5Stack
{
    public static partial class M5Core2
    {
        public delegate void TouchEventHandler(object sender, nanoFramework.M5Core2.TouchEventArgs e);

        public static event TouchEventHandler TouchEvent { add => throw null; remove => throw null; }

        public static bool Vibrate { get => throw null; set => throw null; }

        public static void InitializeScreen(int memoryBitMapAllocation = 320 * 240 * 4) => throw null;
    }
}

namespace nanoFramework.M5Core2
{
    public class TouchEventArgs : System.EventArgs
    {
        public TouchEventCategory TouchEventCategory { get => throw null; set => throw null; }

        public int X { get => throw null; set => throw null; }

        public int Y { get => throw null; set => throw null; }

        public byte Id { get => throw null; set => throw null; }

        public System.DateTime TimeStamp { get => throw null; set => throw null; }
    }

    [System.Flags]
    public enum TouchEventCategory
    {
        Unknown = 0,
        LeftButton = 1,
        MiddleButton = 2,
        RightButton = 4,
        DoubleTouch = 8,
        Moving = 16,
        LiftUp = 32,
    }
}
