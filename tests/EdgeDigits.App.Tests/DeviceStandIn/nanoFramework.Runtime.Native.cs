// STAND-IN, not the real API: the minimal surface of nanoFramework.Runtime.Native 1.7.11 that firmware/EdgeDigits.Device
// calls. Checked against nanoframework/nanoFramework.Runtime.Native: nanoFramework.Runtime.Native/GC.cs (commit in
// docs/hardware.md): GC.Run(bool compactHeap) returns the free bytes as uint. Bodies never run.
namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) => throw null;
    }
}
