namespace EdgeAvatar.Audio;

/// <summary>
/// log/exp/sin/cos built only from IEEE-754 +, -, *, / (each correctly rounded on every CPU) and exact bit
/// manipulation. <see cref="Math.Log(double)"/> and friends call the platform's C library, whose last-bit results
/// differ between glibc on x64 (trainer) and ARM64 (device); using them for the window, the FFT twiddles, the mel
/// filters or the final log would break the promise that the device computes exactly the trainer's features.
/// Invariant: results depend only on the argument, never on the machine (no FMA, no SIMD, fixed summation order;
/// RyuJIT does not contract a*b+c into FMA on its own). Accuracy is ~1e-15 relative, far below float output precision.
/// </summary>
internal static class DeterministicMath
{
    public const double Ln2 = 0.69314718055994530942;
    public const double Ln10 = 2.30258509299404568402;
    public const double Pi = 3.14159265358979323846;

    /// <summary>Natural logarithm of a positive finite number (NaN for x ≤ 0 or NaN, +∞ for +∞).</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x <= 0) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        int extra = 0;
        if (x < 2.2250738585072014e-308) { x *= 18014398509481984.0; extra = -54; } // subnormal: scale by 2^54 (exact)
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023 + extra;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // [1, 2)
        if (m > 1.4142135623730951) { m *= 0.5; e++; } // m in (0.707, 1.414]: |s| ≤ 0.1716
        // ln m = 2 atanh(s), s = (m-1)/(m+1): series s + s^3/3 + ...; s^2 ≤ 0.0295 so 14 terms reach 1e-21.
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double term = s, sum = 0;
        for (int k = 1; k <= 27; k += 2)
        {
            sum += term / k;
            term *= s2;
        }
        return 2.0 * sum + e * Ln2;
    }

    public static double Log10(double x) => Log(x) / Ln10;

    /// <summary>e^x for |x| &lt; 700.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 709) return double.PositiveInfinity;
        if (x < -708) return 0;
        double k = Math.Round(x / Ln2); // Math.Round is exact and deterministic
        double r = x - k * Ln2; // |r| ≤ 0.35
        double term = 1, sum = 1;
        for (int n = 1; n <= 24; n++)
        {
            term *= r / n;
            sum += term;
        }
        return Math.ScaleB(sum, (int)k); // exact power-of-two scaling
    }

    /// <summary>sin x for |x| ≤ 2π (Taylor series after reduction to [-π, π]).</summary>
    public static double Sin(double x)
    {
        x = Reduce(x);
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n <= 30; n++)
        {
            term *= -x2 / ((2 * n) * (2 * n + 1));
            sum += term;
        }
        return sum;
    }

    /// <summary>cos x for |x| ≤ 2π.</summary>
    public static double Cos(double x)
    {
        x = Reduce(x);
        double x2 = x * x, term = 1, sum = 1;
        for (int n = 1; n <= 30; n++)
        {
            term *= -x2 / ((2 * n - 1) * (2 * n));
            sum += term;
        }
        return sum;
    }

    private static double Reduce(double x)
    {
        if (x > Pi) x -= 2 * Pi;
        else if (x < -Pi) x += 2 * Pi;
        return x;
    }
}
