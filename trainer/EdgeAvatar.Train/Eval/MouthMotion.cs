namespace EdgeAvatar.Train.Eval;

/// <summary>
/// How a rendered mouth-opening series compares with the real one over the same frames: Pearson correlation and the
/// ratio of their p90 − p10 spreads (1 = the rendered mouth moves as far as the real one; a least-squares predictor
/// with correlation r tends to spread only ≈ r × the real range).
/// </summary>
public static class MouthMotion
{
    /// <summary>Pearson correlation; 0 when either series is constant. Lengths must match (≥ 2).</summary>
    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        CheckPair(a, b);
        // Tested exactly: a constant series' mean is not exact in floating point, so its deviations are not all zero.
        if (IsConstant(a) || IsConstant(b)) return 0;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    /// <summary>p90 − p10 (linear interpolation between order statistics).</summary>
    public static double Spread(IReadOnlyList<double> x) => Percentile(x, 0.9) - Percentile(x, 0.1);

    /// <summary>Spread(rendered) ÷ Spread(real); null when the real series does not move.</summary>
    public static double? AmplitudeRatio(IReadOnlyList<double> rendered, IReadOnlyList<double> real)
    {
        CheckPair(rendered, real);
        double r = Spread(real);
        return r > 0 ? Spread(rendered) / r : null;
    }

    /// <summary>The q-quantile (0 ≤ q ≤ 1) with linear interpolation: position q·(n − 1) in the sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> x, double q)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count == 0) throw new ArgumentException("No values.", nameof(x));
        if (q is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(q));
        double[] s = [.. x];
        Array.Sort(s);
        double pos = q * (s.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static bool IsConstant(IReadOnlyList<double> x)
    {
        for (int i = 1; i < x.Count; i++) if (x[i] != x[0]) return false;
        return true;
    }

    private static void CheckPair(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"Series lengths differ ({a.Count} vs {b.Count}).");
        if (a.Count < 2) throw new ArgumentException("Need at least two frames.");
    }
}
