using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>
/// A float64 port of <see cref="CpuGridEncoding"/>'s forward for finite differences: same layout (the float
/// per-level scale, widened exactly), every operation in double so central differences lose nothing to float
/// rounding.
/// </summary>
internal static class GridEncodingFloat64
{
    /// <summary>L = Σ G · forward(table, positions), in double.</summary>
    public static double Loss(GridEncodingLayout layout, double[] table, double[] positions, float[] outputGrad)
    {
        GridEncodingConfig c = layout.Config;
        int dims = c.Dimensions, features = c.FeaturesPerLevel, n = positions.Length / dims;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double x0 = positions[i * dims], x1 = positions[i * dims + 1], x2 = dims == 3 ? positions[i * dims + 2] : 0;
            if (!(x0 >= 0 && x0 <= 1 && x1 >= 0 && x1 <= 1 && x2 >= 0 && x2 <= 1))
                continue;
            for (int l = 0; l < c.Levels; l++)
            {
                GridLevel lv = layout.Levels[l];
                double p0 = x0 * lv.Scale + 0.5, p1 = x1 * lv.Scale + 0.5, p2 = x2 * lv.Scale + 0.5;
                double f0 = Math.Floor(p0), f1 = Math.Floor(p1), f2 = Math.Floor(p2);
                double t0 = p0 - f0, t1 = p1 - f1, t2 = dims == 3 ? p2 - f2 : 0;
                uint g0 = (uint)f0, g1 = (uint)f1, g2 = dims == 3 ? (uint)f2 : 0u;
                for (int corner = 0; corner < 1 << dims; corner++)
                {
                    uint b0 = (uint)corner & 1, b1 = ((uint)corner >> 1) & 1, b2 = ((uint)corner >> 2) & 1;
                    double w = (b0 != 0 ? t0 : 1 - t0) * (b1 != 0 ? t1 : 1 - t1);
                    if (dims == 3)
                        w *= b2 != 0 ? t2 : 1 - t2;
                    long e = (long)(lv.Offset + CpuGridEncoding.EntryIndex(g0 + b0, g1 + b1, g2 + b2, lv)) * features;
                    for (int f = 0; f < features; f++)
                        loss += outputGrad[(long)i * c.OutputWidth + l * features + f] * w * table[e + f];
                }
            }
        }
        return loss;
    }

    /// <summary>
    /// True when every coordinate of the point sits at least <paramref name="margin"/> (in cell units) inside its
    /// cell on every level, so a finite-difference step smaller than margin / scale stays in one multilinear piece.
    /// </summary>
    public static bool AwayFromCellBoundaries(GridEncodingLayout layout, ReadOnlySpan<float> point, double margin)
    {
        foreach (GridLevel lv in layout.Levels)
        {
            foreach (float x in point)
            {
                double p = x * (double)lv.Scale + 0.5, t = p - Math.Floor(p);
                if (t < margin || t > 1 - margin)
                    return false;
            }
        }
        return true;
    }
}
