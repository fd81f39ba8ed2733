// STAND-IN, not the real API: the minimal surface of nanoFramework.System.IO.FileSystem 1.1.x (with FileStream's base
// Stream from nanoFramework.System.IO.Streams) that firmware/EdgeDigits.Device/Storage/FileTeachStore.cs calls; these
// packages are not on the build machine's feed. Checked against nanoframework/System.IO.FileSystem: FileStream.cs
// @0b4543a (ctor(string, FileMode, FileAccess); Append needs FileAccess.Write and starts at the end; Length; Position
// get/set; Read, ReadByte, Write(byte[], int, int); Dispose via Stream), FileMode.cs @0b4543a (CreateNew 1 … Append 6:
// "Opens the file if it exists and seeks to the end. Otherwise, creates a new file."), FileAccess.cs @cddbb0b
// ([Flags] Read 1, Write 2, ReadWrite 3), File.cs @05510a7 (static Exists(string)). The drive letters are from
// System.IO.FileSystem.UnitTests/FileSystemUnitTestsBase.cs @2c0451e ("D: SD card, E: USB mass storage, I: and J:
// internal flash"). These declarations shadow .NET's System.IO types of the same names (warning CS0436), so a call
// nanoFramework lacks fails the device compile test. Bodies never run.
namespace System.IO
{
    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public static class File
    {
        public static bool Exists(string path) => throw null;
    }

    // Real: public class FileStream : Stream (Stream : MarshalByRefObject, IDisposable, in System.IO.Streams).
    public class FileStream : System.IDisposable
    {
        public FileStream(string path, FileMode mode, FileAccess access) => throw null;

        public long Length => throw null;

        public long Position { get => throw null; set => throw null; }

        public int Read(byte[] buffer, int offset, int count) => throw null;

        public int ReadByte() => throw null;

        public void Write(byte[] buffer, int offset, int count) => throw null;

        public void Flush() => throw null;

        public void Dispose() => throw null;
    }
}
