using EdgeDigits.Ink;

namespace EdgeDigits.App
{
    /// <summary>
    /// Formats the one serial line written per recognition, e.g.
    /// <c>recognition mode=single digits=7 confidence=970 top3=7:970/1:020/9:005 unsure=0 ms=1830 free=2874112</c>.
    /// </summary>
    /// <remarks>
    /// Fields: mode (single|multi); digits (the sequence, "-" if none); confidence (permille, one per digit, comma
    /// separated); top3 (class:permille ×3 per digit, digits separated by commas); unsure (1/0 per digit); ms
    /// (inference wall time measured by the device); free (managed heap bytes free after the run, from the device).
    /// Key=value with no spaces inside values, so <c>grep</c>/<c>awk</c> can pick fields.
    /// </remarks>
    public static class RecognitionLog
    {
        /// <summary>The line prefix.</summary>
        public const string Prefix = "recognition";

        /// <summary>Builds the line for a finished recognition.</summary>
        /// <param name="multiDigit">Mode the recognition ran in.</param>
        /// <param name="recognizer">Holds the digits.</param>
        /// <param name="count">Number of digits recognized.</param>
        /// <param name="elapsedMs">Inference time, ms.</param>
        /// <param name="freeBytes">Free managed memory, bytes (−1 if unknown).</param>
        /// <returns>The log line.</returns>
        public static string Format(bool multiDigit, InkRecognizer recognizer, int count, int elapsedMs, long freeBytes)
        {
            string digits = count == 0 ? "-" : "";
            string confidence = "";
            string top3 = "";
            string unsure = "";
            for (int i = 0; i < count; i++)
            {
                RecognizedDigit d = recognizer.GetDigit(i);
                string separator = i == 0 ? "" : ",";
                digits += d.Digit.ToString();
                confidence += separator + d.Confidence;
                unsure += separator + (d.IsUnsure ? "1" : "0");
                top3 += separator;
                for (int k = 0; k < 3; k++)
                {
                    top3 += (k == 0 ? "" : "/") + d.Top[k] + ":" + Permille(d.TopConfidence[k]);
                }
            }

            return Prefix + " mode=" + (multiDigit ? "multi" : "single") + " digits=" + digits
                + " confidence=" + (count == 0 ? "-" : confidence) + " top3=" + (count == 0 ? "-" : top3)
                + " unsure=" + (count == 0 ? "-" : unsure) + " ms=" + elapsedMs + " free=" + freeBytes;
        }

        /// <summary>Builds the line for a recognition that threw.</summary>
        /// <param name="message">The exception's message.</param>
        /// <param name="elapsedMs">Time until it failed, ms.</param>
        /// <param name="freeBytes">Free managed memory, bytes.</param>
        /// <returns>The log line.</returns>
        public static string FormatError(string message, int elapsedMs, long freeBytes)
        {
            return Prefix + " error=" + Quote(message) + " ms=" + elapsedMs + " free=" + freeBytes;
        }

        /// <summary>Three-digit permille, zero padded ("020"), so columns line up.</summary>
        /// <param name="value">0..1000.</param>
        /// <returns>The padded text.</returns>
        public static string Permille(int value)
        {
            if (value < 10 && value >= 0)
            {
                return "00" + value;
            }

            if (value < 100 && value >= 0)
            {
                return "0" + value;
            }

            return value.ToString();
        }

        private static string Quote(string message)
        {
            string text = message == null ? "" : message;
            string result = "";
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                result += c == ' ' ? "_" : (c == '"' ? "'" : c.ToString());
            }

            return result;
        }
    }
}
