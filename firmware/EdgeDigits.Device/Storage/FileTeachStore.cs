using System;
using System.IO;
using EdgeDigits.App;

namespace EdgeDigits.Device.Storage
{
    /// <summary>
    /// The teach file on the board (<see cref="ITeachStore"/>): each teach line and a <c>'\n'</c> appended to
    /// <see cref="DefaultPath"/> on the internal flash (<c>I:\</c>, the littlefs partition nanoFramework mounts on the
    /// ESP32: 256 KB on 4 MB boards such as the CYD, 3 MB on the 16 MB Core2), through nanoFramework.System.IO.FileSystem.
    /// The file is opened with <see cref="FileMode.Append"/>, written and closed for every line, so a reset loses at most
    /// the line being written. <see cref="TeachRecorder"/> keeps it under <see cref="AppSettings.TeachFileMaxBytes"/>.
    /// </summary>
    /// <remarks>
    /// Teach lines are ASCII (<see cref="TeachLine"/>), so each char is one byte; they are written in
    /// <see cref="ChunkBytes"/>-byte pieces through one buffer, so an 11 KB line costs no 11 KB array (the CYD has
    /// about 100 KB of heap). <see cref="DumpToSerial"/> prints the file at boot, which is how it gets off the board.
    /// Not run on a board yet: it compiles against a stand-in of the package (tests/EdgeDigits.App.Tests/DeviceStandIn).
    /// </remarks>
    public sealed class FileTeachStore : ITeachStore
    {
        /// <summary>The teach file: <c>I:\teach.jsonl</c> (internal flash).</summary>
        public const string DefaultPath = "I:\\teach.jsonl";

        /// <summary>Prefix of a dumped line on the serial log: <c>teachfile {json}</c> (the other
        /// <see cref="TeachRecorder.StorePrefix"/> lines are words, never a '{').</summary>
        public const string DumpPrefix = TeachRecorder.StorePrefix;

        private const int ChunkBytes = 256;

        private readonly string _path;
        private readonly byte[] _bytes = new byte[ChunkBytes];
        private readonly char[] _chars = new char[ChunkBytes];
        private long _length;
        private bool _endLine;

        private FileTeachStore(string path, long length, bool endLine)
        {
            _path = path;
            _endLine = endLine;
            // A pending '\n' counts already, so the recorder's cap holds for what the file will really hold.
            _length = endLine ? length + 1 : length;
        }

        /// <inheritdoc />
        public string Name
        {
            get { return _path; }
        }

        /// <inheritdoc />
        public long Length
        {
            get { return _length; }
        }

        /// <summary>
        /// Finds the file's size (0 when there is none yet; nothing is created until the first line) and logs
        /// <c>teachfile on: PATH holds N bytes, cap C bytes</c>; when the drive cannot be read, logs
        /// <c>teachfile off: PATH: why</c> and returns null (the app then logs to the serial port only). A file whose
        /// last line was cut by a reset (no final <c>'\n'</c>) gets its <c>'\n'</c> before the next line, so that line
        /// is not glued to the cut one.
        /// </summary>
        /// <param name="path">The file, e.g. <see cref="DefaultPath"/>.</param>
        /// <param name="cap">The cap, for the log line (<see cref="AppSettings.TeachFileMaxBytes"/>).</param>
        /// <param name="log">Serial log.</param>
        /// <returns>The store, or null.</returns>
        public static FileTeachStore Open(string path, int cap, IAppLog log)
        {
            try
            {
                long length = 0;
                bool endLine = false;
                if (File.Exists(path))
                {
                    using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
                    {
                        length = file.Length;
                        if (length > 0)
                        {
                            file.Position = length - 1;
                            endLine = file.ReadByte() != '\n';
                        }
                    }
                }

                log.WriteLine(TeachRecorder.StorePrefix + "on: " + path + " holds " + length.ToString() + " bytes, cap " + cap.ToString() + " bytes");
                return new FileTeachStore(path, length, endLine);
            }
            catch (Exception e)
            {
                log.WriteLine(TeachRecorder.StorePrefix + "off: " + path + ": " + Why(e));
                return null;
            }
        }

        /// <inheritdoc />
        public void Append(string line)
        {
            using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write))
            {
                if (_endLine)
                {
                    _bytes[0] = (byte)'\n';
                    file.Write(_bytes, 0, 1);
                    _endLine = false;
                }

                int i = 0;
                while (i <= line.Length)
                {
                    int n = 0;
                    while (n < ChunkBytes && i <= line.Length)
                    {
                        char c = i < line.Length ? line[i] : '\n';
                        _bytes[n++] = c < 128 ? (byte)c : (byte)'?';
                        i++;
                    }

                    file.Write(_bytes, 0, n);
                }
            }

            _length += line.Length + 1;
        }

        /// <summary>
        /// Prints the file on the serial log: <c>teachfile begin PATH N bytes</c>, every line as <c>teachfile {json}</c>,
        /// then <c>teachfile end L lines</c> (nothing for an empty or missing file). Reads and prints
        /// <see cref="ChunkBytes"/> at a time, so a long line needs no buffer of its size. At the 64 KiB cap this is
        /// about 0.7 s of serial output at 921,600 baud (not measured on a board). A failure is logged, not thrown.
        /// </summary>
        public void DumpToSerial()
        {
            if (_length == 0)
            {
                return;
            }

            Console.WriteLine(DumpPrefix + "begin " + _path + " " + _length.ToString() + " bytes");
            int lines = 0;
            bool lineStart = true;
            try
            {
                using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read))
                {
                    int read;
                    while ((read = file.Read(_bytes, 0, ChunkBytes)) > 0)
                    {
                        int count = 0;
                        for (int i = 0; i < read; i++)
                        {
                            char c = (char)_bytes[i];
                            if (c == '\n')
                            {
                                Console.Write(new string(_chars, 0, count));
                                Console.WriteLine();
                                count = 0;
                                lineStart = true;
                                lines++;
                                continue;
                            }

                            if (lineStart)
                            {
                                Console.Write(DumpPrefix);
                                lineStart = false;
                            }

                            _chars[count++] = c;
                        }

                        Console.Write(new string(_chars, 0, count));
                    }
                }
            }
            catch (Exception e)
            {
                if (!lineStart)
                {
                    Console.WriteLine();
                }

                Console.WriteLine(TeachRecorder.StorePrefix + "error: " + _path + ": dump stopped after " + lines.ToString() + " lines: " + Why(e));
                return;
            }

            if (!lineStart)
            {
                Console.WriteLine();   // a last line without its '\n': cut by a reset while it was written
                lines++;
            }

            Console.WriteLine(DumpPrefix + "end " + lines.ToString() + " lines");
        }

        private static string Why(Exception e)
        {
            string why = e.Message;
            return why == null || why.Length == 0 ? e.GetType().FullName : why;
        }
    }
}
