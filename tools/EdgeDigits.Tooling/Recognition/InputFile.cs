using System.Runtime.InteropServices;

namespace EdgeDigits.Tooling;

/// <summary>
/// The one gate every input file of <c>edgedigits</c> passes before it is opened: only regular files are read. A FIFO
/// would block the open forever, a device such as <c>/dev/zero</c> or <c>/dev/urandom</c> never ends, and a socket or
/// directory is no file at all, so each is refused at once with an <see cref="IOException"/> naming the path and what
/// it is.
/// </summary>
public static class InputFile
{
    /// <summary>What kind of file system entry a path names (after following symbolic links).</summary>
    public enum Kind
    {
        /// <summary>Nothing exists there.</summary>
        Missing,

        /// <summary>A regular file.</summary>
        Regular,

        /// <summary>A directory.</summary>
        Directory,

        /// <summary>A named pipe.</summary>
        Fifo,

        /// <summary>A character device (<c>/dev/zero</c>, a terminal, ...).</summary>
        CharacterDevice,

        /// <summary>A block device (a disk).</summary>
        BlockDevice,

        /// <summary>A Unix domain socket.</summary>
        Socket,
    }

    /// <summary>Classifies <paramref name="path"/> without opening it (a FIFO would block an open).</summary>
    /// <param name="path">Any path.</param>
    /// <returns>The kind of entry; on systems without POSIX file types, Regular for any existing file.</returns>
    public static Kind Classify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return Kind.Directory;
        }

        if (!File.Exists(path))
        {
            return Kind.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return Kind.Regular;
        }

        int mode = UnixMode(path);
        if (mode < 0)
        {
            return Kind.Regular;
        }

        return (mode & 0xF000) switch
        {
            0x1000 => Kind.Fifo,
            0x2000 => Kind.CharacterDevice,
            0x4000 => Kind.Directory,
            0x6000 => Kind.BlockDevice,
            0xC000 => Kind.Socket,
            _ => Kind.Regular,
        };
    }

    /// <summary>Why <paramref name="path"/> cannot be read as an input file, or null when it is an existing regular file.</summary>
    /// <param name="path">The input.</param>
    /// <returns>A phrase such as "not a regular file (a FIFO (named pipe)); edgedigits reads only regular files", without the path.</returns>
    public static string? Problem(string path)
    {
        Kind kind = Classify(path);
        return kind switch
        {
            Kind.Regular => null,
            Kind.Missing => "no such file",
            _ => $"not a regular file ({Describe(kind)}); edgedigits reads only regular files",
        };
    }

    /// <summary>Throws unless <paramref name="path"/> is an existing regular file.</summary>
    /// <param name="path">The input.</param>
    /// <exception cref="InputFileException">Nothing exists at the path, or it is a directory, FIFO, device or socket.</exception>
    public static void RequireRegular(string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new InputFileException(path, problem);
        }
    }

    /// <summary>Reads a whole regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The input.</param>
    /// <param name="maxBytes">Largest size accepted.</param>
    /// <returns>The content.</returns>
    /// <exception cref="InputFileException">Not a regular file, or larger than the limit.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes) => ReadAllBytes(path, maxBytes, 0, null);

    /// <summary>
    /// Reads a whole regular file of at most <paramref name="maxBytes"/> bytes, letting <paramref name="checkHead"/> refuse
    /// it from its first <paramref name="headBytes"/> bytes before the rest is read or a buffer for it is allocated (an
    /// image whose header declares a size over the limits is refused after reading its head, not the whole file).
    /// </summary>
    /// <param name="path">The input.</param>
    /// <param name="maxBytes">Largest size accepted, bytes.</param>
    /// <param name="headBytes">Bytes given to <paramref name="checkHead"/>, 1..2^30; a file of at most this many bytes is
    /// read at once and not given to it (the caller checks the whole content).</param>
    /// <param name="checkHead">Receives the first <paramref name="headBytes"/> bytes of a longer file; throws to refuse it.
    /// Null to check nothing.</param>
    /// <returns>The content.</returns>
    /// <exception cref="InputFileException">Not a regular file, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    /// <exception cref="Exception">Whatever <paramref name="checkHead"/> throws.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, int headBytes, HeadCheck? checkHead)
    {
        RequireRegular(path);
        using FileStream stream = File.OpenRead(path);
        long length = stream.Length;
        int head = 0;
        byte[]? first = null;
        if (checkHead != null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(headBytes, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(headBytes, 1 << 30);
        }

        if (checkHead != null && length > headBytes)
        {
            first = new byte[headBytes];
            head = stream.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
            checkHead(first.AsSpan(0, head));
        }

        if (length > maxBytes)
        {
            throw new InputFileException(path, $"file is {length} bytes, more than the limit of {maxBytes} bytes");
        }

        // Read at most the stated length: a file that grows while read is cut, not followed forever.
        var buffer = new byte[length];
        first?.AsSpan(0, (int)Math.Min(head, length)).CopyTo(buffer);
        int read = head + stream.ReadAtLeast(buffer.AsSpan(head), buffer.Length - head, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer.AsSpan(0, read).ToArray();
    }

    /// <summary>Checks the first bytes of a file before the rest is read (<see cref="ReadAllBytes(string, long, int, HeadCheck)"/>).</summary>
    /// <param name="head">The first bytes of the file.</param>
    public delegate void HeadCheck(ReadOnlySpan<byte> head);

    /// <summary>Describes a non-regular kind in words, e.g. "a FIFO (named pipe)".</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Words for messages.</returns>
    public static string Describe(Kind kind) => kind switch
    {
        Kind.Missing => "missing",
        Kind.Regular => "a regular file",
        Kind.Directory => "a directory",
        Kind.Fifo => "a FIFO (named pipe)",
        Kind.CharacterDevice => "a character device",
        Kind.BlockDevice => "a block device",
        Kind.Socket => "a socket",
        _ => kind.ToString(),
    };

    private static int UnixMode(string path)
    {
        // libSystem.Native ships with every .NET runtime on Unix; its FileStatus starts { int Flags; int Mode; ... }.
        var status = new byte[512];
        try
        {
            return SystemNativeStat(path, status) == 0 ? BitConverter.ToInt32(status, 4) : -1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
}

/// <summary>An input path cannot be read as an input file; the message is <c>path: problem</c>.</summary>
public sealed class InputFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The input path.</param>
    /// <param name="problem">What is wrong, without the path.</param>
    public InputFileException(string path, string problem)
        : base($"{UserText.Escape(path, 200)}: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The input path.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
