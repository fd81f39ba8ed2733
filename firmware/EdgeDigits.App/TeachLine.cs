using System;
using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// Formats one labelled drawing as a line of EdgeDigits' stroke format, exactly what <c>edgedigits recognize</c>
    /// and <c>StrokeFileReader</c> read:
    /// <c>{"id":"core2/s4f2a/0007","canvas":{"width":220,"height":200},"strokes":[[[62,44],[84,41]],[[70,66]]],"label":"7"}</c>.
    /// </summary>
    /// <remarks>
    /// Canvas = the drawing pad (<see cref="ScreenLayout.PadWidth"/>×<see cref="ScreenLayout.PadHeight"/> pixels);
    /// coordinates are pad pixels as the stroke buffer stored them (x right, y down), integers written with ASCII
    /// digits whatever the culture. No JSON library: the text is written into one char array sized up front, so a
    /// 1,024-point drawing costs one array and one string, not one string per point. The id and label are
    /// checked, never escaped: they may hold only characters that need no escaping in JSON.
    /// </remarks>
    public static class TeachLine
    {
        /// <summary>Prefix of the serial-log line carrying a teach line: <c>teach {json}</c>.</summary>
        public const string LogPrefix = "teach ";

        /// <summary>Longest id accepted, characters.</summary>
        public const int MaxIdLength = 96;

        /// <summary>Longest label accepted, digits (the recognizer reads at most 16 digits per drawing).</summary>
        public const int MaxLabelLength = 16;

        // Widest point: "[-2147483648,-2147483648]," = 26 characters.
        private const int MaxCharsPerPoint = 26;

        /// <summary>Builds the JSON line (no line terminator, no <see cref="LogPrefix"/>).</summary>
        /// <param name="id">"&lt;board&gt;/&lt;session&gt;/&lt;seq&gt;" (see <see cref="CheckId"/>).</param>
        /// <param name="canvasWidth">Canvas width, pixels, ≥ 1.</param>
        /// <param name="canvasHeight">Canvas height, pixels, ≥ 1.</param>
        /// <param name="ink">The strokes, canvas pixels.</param>
        /// <param name="label">The digits drawn, 1..<see cref="MaxLabelLength"/> of '0'..'9'.</param>
        /// <returns>The line.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The id or label is malformed, or the canvas is empty.</exception>
        public static string Format(string id, int canvasWidth, int canvasHeight, StrokeBuffer ink, string label)
        {
            if (ink == null)
            {
                throw new ArgumentNullException("ink");
            }

            CheckId(id, "id");
            CheckLabel(label);
            if (canvasWidth < 1 || canvasHeight < 1)
            {
                throw new ArgumentException("The canvas must be at least 1×1 pixels, was " + canvasWidth + "×" + canvasHeight + ".", "canvasWidth");
            }

            var w = new Writer(96 + id.Length + label.Length + 3 * ink.StrokeCount + MaxCharsPerPoint * ink.PointCount);
            w.Text("{\"id\":\"");
            w.Text(id);
            w.Text("\",\"canvas\":{\"width\":");
            w.Number(canvasWidth);
            w.Text(",\"height\":");
            w.Number(canvasHeight);
            w.Text("},\"strokes\":[");
            for (int s = 0; s < ink.StrokeCount; s++)
            {
                w.Text(s == 0 ? "[" : ",[");
                int start = ink.GetStrokeStart(s);
                int end = start + ink.GetStrokeLength(s);
                for (int p = start; p < end; p++)
                {
                    w.Text(p == start ? "[" : ",[");
                    w.Number(ink.GetX(p));
                    w.Text(",");
                    w.Number(ink.GetY(p));
                    w.Text("]");
                }

                w.Text("]");
            }

            w.Text("],\"label\":\"");
            w.Text(label);
            w.Text("\"}");
            return w.ToText();
        }

        /// <summary>Checks an id or its writer part: 1..<see cref="MaxIdLength"/> characters of [A-Za-z0-9._-] in
        /// '/'-separated, non-empty parts (the writer of a drawing is its id up to the last '/').</summary>
        /// <param name="id">The text.</param>
        /// <param name="name">Parameter name for the exception.</param>
        /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="id"/> is malformed.</exception>
        public static void CheckId(string id, string name)
        {
            if (id == null)
            {
                throw new ArgumentNullException(name);
            }

            if (id.Length == 0 || id.Length > MaxIdLength)
            {
                throw new ArgumentException(name + " must be 1.." + MaxIdLength + " characters, was " + id.Length + ".", name);
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool slash = c == '/';
                if (slash && (i == 0 || i == id.Length - 1 || id[i - 1] == '/'))
                {
                    throw new ArgumentException(name + " '" + id + "' has an empty part between '/'.", name);
                }

                if (!slash && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.')
                {
                    throw new ArgumentException(name + " '" + id + "' may hold only letters, digits, '-', '_', '.' and '/'.", name);
                }
            }
        }

        private static void CheckLabel(string label)
        {
            if (label == null)
            {
                throw new ArgumentNullException("label");
            }

            if (label.Length == 0 || label.Length > MaxLabelLength)
            {
                throw new ArgumentException("label must be 1.." + MaxLabelLength + " digits, was " + label.Length + ".", "label");
            }

            for (int i = 0; i < label.Length; i++)
            {
                if (label[i] < '0' || label[i] > '9')
                {
                    throw new ArgumentException("label '" + label + "' may hold only the digits 0-9.", "label");
                }
            }
        }

        /// <summary>Appends ASCII into a fixed char array.</summary>
        private sealed class Writer
        {
            private readonly char[] _chars;
            private readonly char[] _digits = new char[11];
            private int _length;

            public Writer(int capacity)
            {
                _chars = new char[capacity];
            }

            public void Text(string text)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    _chars[_length++] = text[i];
                }
            }

            public void Number(int value)
            {
                long v = value;
                if (v < 0)
                {
                    _chars[_length++] = '-';
                    v = -v;
                }

                int n = 0;
                do
                {
                    _digits[n++] = (char)('0' + (int)(v % 10));
                    v /= 10;
                }
                while (v > 0);

                while (n > 0)
                {
                    _chars[_length++] = _digits[--n];
                }
            }

            public string ToText()
            {
                return new string(_chars, 0, _length);
            }
        }
    }
}
