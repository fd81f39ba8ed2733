using System;
using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// Writes each labelled drawing (confirmed, corrected or collected) to the serial log as
    /// <c>teach {json}</c> (<see cref="TeachLine"/>), numbering them <c>&lt;writer&gt;/0000</c>, <c>/0001</c>, … so
    /// every line of one board session has its own id and the same writer.
    /// </summary>
    public sealed class TeachRecorder
    {
        private readonly IAppLog _log;
        private readonly string _writer;
        private int _count;

        /// <summary>Creates the recorder.</summary>
        /// <param name="writer">"&lt;board&gt;/&lt;session&gt;", e.g. "core2/s4f2a" (checked by <see cref="TeachLine.CheckId"/>).</param>
        /// <param name="log">Serial log; null records nothing but still counts.</param>
        /// <exception cref="ArgumentException"><paramref name="writer"/> is malformed or has no '/'.</exception>
        public TeachRecorder(string writer, IAppLog log)
        {
            TeachLine.CheckId(writer, "TeachWriter");
            if (writer.IndexOf('/') < 0)
            {
                throw new ArgumentException("TeachWriter '" + writer + "' must be <board>/<session>.", "writer");
            }

            _writer = writer;
            _log = log;
        }

        /// <summary>Drawings recorded so far.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Logs <paramref name="ink"/> with <paramref name="label"/>; the canvas is the pad.</summary>
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

            return line;
        }
    }
}
