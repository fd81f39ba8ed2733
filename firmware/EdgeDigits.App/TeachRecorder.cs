using System;
using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// Writes each labelled drawing (confirmed, corrected or collected) to the serial log as
    /// <c>teach {json}</c> (<see cref="TeachLine"/>), numbering them <c>&lt;writer&gt;/0000</c>, <c>/0001</c>, … so
    /// every line of one board session has its own id and the same writer; then appends the same line to the teach
    /// store (<see cref="ITeachStore"/>, a file on the board) when there is one.
    /// </summary>
    /// <remarks>
    /// The serial line always comes first, so nothing the store does can lose it. The store is bounded: a line that
    /// would take it past the byte cap is not appended, and the store is not used again (one <c>teachfile full</c> line
    /// on the serial log); a store that throws is not used again either (one <c>teachfile error</c> line), since a
    /// failed append may have left half a line in the file. The exception never reaches the app.
    /// </remarks>
    public sealed class TeachRecorder
    {
        /// <summary>Prefix of the serial-log lines about the teach file: <c>teachfile full: …</c>, <c>teachfile error: …</c>.</summary>
        public const string StorePrefix = "teachfile ";

        private readonly IAppLog _log;
        private readonly string _writer;
        private readonly ITeachStore _store;
        private readonly long _storeCap;
        private int _count;
        private int _stored;
        private bool _storeOff;

        /// <summary>Creates the recorder, serial log only.</summary>
        /// <param name="writer">"&lt;board&gt;/&lt;session&gt;", e.g. "core2/s4f2a" (checked by <see cref="TeachLine.CheckId"/>).</param>
        /// <param name="log">Serial log; null records nothing but still counts.</param>
        /// <exception cref="ArgumentException"><paramref name="writer"/> is malformed or has no '/'.</exception>
        public TeachRecorder(string writer, IAppLog log)
            : this(writer, log, null, 0)
        {
        }

        /// <summary>Creates the recorder.</summary>
        /// <param name="writer">"&lt;board&gt;/&lt;session&gt;", e.g. "core2/s4f2a" (checked by <see cref="TeachLine.CheckId"/>).</param>
        /// <param name="log">Serial log; null records nothing but still counts.</param>
        /// <param name="store">Where lines are appended besides the log; null for none.</param>
        /// <param name="storeCap">Most bytes <paramref name="store"/> may hold (<see cref="AppSettings.TeachFileMaxBytes"/>).</param>
        /// <exception cref="ArgumentException"><paramref name="writer"/> is malformed or has no '/'.</exception>
        public TeachRecorder(string writer, IAppLog log, ITeachStore store, int storeCap)
        {
            TeachLine.CheckId(writer, "TeachWriter");
            if (writer.IndexOf('/') < 0)
            {
                throw new ArgumentException("TeachWriter '" + writer + "' must be <board>/<session>.", "writer");
            }

            _writer = writer;
            _log = log;
            _store = store;
            _storeCap = storeCap;
        }

        /// <summary>Drawings recorded so far.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Lines appended to the store so far.</summary>
        public int StoredCount
        {
            get { return _stored; }
        }

        /// <summary>True while lines still go to the store (there is one, it has not failed and is not full).</summary>
        public bool Storing
        {
            get { return _store != null && !_storeOff; }
        }

        /// <summary>Logs <paramref name="ink"/> with <paramref name="label"/>, then appends the line to the store; the canvas is the pad.</summary>
        /// <param name="ink">The drawing, pad pixels.</param>
        /// <param name="label">Its digits.</param>
        /// <returns>The JSON line written (without the prefix).</returns>
        public string Record(StrokeBuffer ink, string label)
        {
            string seq = _count.ToString();
            while (seq.Length < 4)
            {
                seq = "0" + seq;
            }

            string line = TeachLine.Format(_writer + "/" + seq, ScreenLayout.PadWidth, ScreenLayout.PadHeight, ink, label);
            _count++;
            if (_log != null)
            {
                _log.WriteLine(TeachLine.LogPrefix + line);
            }

            Store(line);
            return line;
        }

        private void Store(string line)
        {
            if (!Storing)
            {
                return;
            }

            try
            {
                long length = _store.Length;
                long bytes = line.Length + 1;
                if (length + bytes > _storeCap)
                {
                    _storeOff = true;
                    Log(StorePrefix + "full: " + _store.Name + " holds " + length.ToString() + " bytes and the next line needs "
                        + bytes.ToString() + "; the cap is " + _storeCap.ToString() + " bytes. Teach lines go to the serial log only.");
                    return;
                }

                _store.Append(line);
                _stored++;
            }
            catch (Exception e)
            {
                _storeOff = true;
                string why = e.Message;
                if (why == null || why.Length == 0)
                {
                    why = e.GetType().FullName;
                }

                Log(StorePrefix + "error: " + _store.Name + ": " + why + ". Teach lines go to the serial log only.");
            }
        }

        private void Log(string text)
        {
            if (_log != null)
            {
                _log.WriteLine(text);
            }
        }
    }
}
