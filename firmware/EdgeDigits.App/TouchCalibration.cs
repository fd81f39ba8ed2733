using System;

namespace EdgeDigits.App
{
    /// <summary>
    /// Affine mapping from raw touch-controller readings to screen pixels, solved from three reference points:
    /// <c>x = (A·rx + B·ry + C) / D</c>, <c>y = (E·rx + F·ry + G) / D</c>. Handles offset, scale, rotation, skew,
    /// mirrored and swapped axes — everything a resistive panel glued over an LCD gets wrong.
    /// </summary>
    /// <remarks>
    /// Three-point calibration after W. Fang, "Calibration in touch-screen systems", Texas Instruments Analog
    /// Applications Journal SLYT277 (2007): the six coefficients are Cramer's-rule solutions of
    /// <c>[rx_i ry_i 1]·[a b c]ᵀ = x_i</c>, i = 0..2, kept as integer numerators over the common determinant
    /// <c>D = (rx0 − rx2)(ry1 − ry2) − (rx1 − rx2)(ry0 − ry2)</c>, so mapping needs no floating point. Raw values up
    /// to 2^15 and screen values up to 2^12 keep every product inside a 64-bit long.
    /// </remarks>
    public sealed class TouchCalibration
    {
        private readonly long _a;
        private readonly long _b;
        private readonly long _c;
        private readonly long _e;
        private readonly long _f;
        private readonly long _g;
        private readonly long _d;

        /// <summary>Solves the calibration from three non-collinear reference points.</summary>
        /// <param name="screenX">[3] screen x of the targets, pixels.</param>
        /// <param name="screenY">[3] screen y of the targets, pixels.</param>
        /// <param name="rawX">[3] raw x reported while touching each target.</param>
        /// <param name="rawY">[3] raw y reported while touching each target.</param>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentException">An array does not hold 3 values, or the raw points are collinear.</exception>
        public TouchCalibration(int[] screenX, int[] screenY, int[] rawX, int[] rawY)
        {
            CheckThree(screenX, "screenX");
            CheckThree(screenY, "screenY");
            CheckThree(rawX, "rawX");
            CheckThree(rawY, "rawY");

            long x0 = rawX[0], x1 = rawX[1], x2 = rawX[2];
            long y0 = rawY[0], y1 = rawY[1], y2 = rawY[2];
            _d = (x0 - x2) * (y1 - y2) - (x1 - x2) * (y0 - y2);
            if (_d == 0)
            {
                throw new ArgumentException("The three raw calibration points are collinear; touch three targets that form a triangle.", "rawX");
            }

            _a = (screenX[0] - screenX[2]) * (y1 - y2) - (screenX[1] - screenX[2]) * (y0 - y2);
            _b = (x0 - x2) * (screenX[1] - screenX[2]) - (x1 - x2) * (screenX[0] - screenX[2]);
            _c = screenX[0] * (x1 * y2 - x2 * y1) - screenX[1] * (x0 * y2 - x2 * y0) + screenX[2] * (x0 * y1 - x1 * y0);
            _e = (screenY[0] - screenY[2]) * (y1 - y2) - (screenY[1] - screenY[2]) * (y0 - y2);
            _f = (x0 - x2) * (screenY[1] - screenY[2]) - (x1 - x2) * (screenY[0] - screenY[2]);
            _g = screenY[0] * (x1 * y2 - x2 * y1) - screenY[1] * (x0 * y2 - x2 * y0) + screenY[2] * (x0 * y1 - x1 * y0);
        }

        /// <summary>Screen x for a raw reading, rounded to the nearest pixel (may lie off screen).</summary>
        /// <param name="rawX">Raw x.</param>
        /// <param name="rawY">Raw y.</param>
        /// <returns>Screen x in pixels.</returns>
        public int MapX(int rawX, int rawY)
        {
            return DivideRounded(_a * rawX + _b * rawY + _c, _d);
        }

        /// <summary>Screen y for a raw reading, rounded to the nearest pixel (may lie off screen).</summary>
        /// <param name="rawX">Raw x.</param>
        /// <param name="rawY">Raw y.</param>
        /// <returns>Screen y in pixels.</returns>
        public int MapY(int rawX, int rawY)
        {
            return DivideRounded(_e * rawX + _f * rawY + _g, _d);
        }

        private static int DivideRounded(long numerator, long denominator)
        {
            // Round half away from zero: normalize the denominator's sign, then round the magnitude.
            if (denominator < 0)
            {
                numerator = -numerator;
                denominator = -denominator;
            }

            long half = denominator / 2;
            return numerator >= 0 ? (int)((numerator + half) / denominator) : -(int)((-numerator + half) / denominator);
        }

        private static void CheckThree(int[] values, string name)
        {
            if (values == null)
            {
                throw new ArgumentNullException(name);
            }

            if (values.Length != 3)
            {
                throw new ArgumentException(name + " must hold 3 values but holds " + values.Length + ".", name);
            }
        }
    }
}
