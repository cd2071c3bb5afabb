namespace EdgeAvatar.Train.Kernels.Tests;

/// <summary>Central differences of a float64 scalar function and the comparison rule the gradient tests share.</summary>
internal static class FiniteDifference
{
    /// <summary>(f(x + h e_i) − f(x − h e_i)) / 2h for each index in <paramref name="indices"/>.</summary>
    public static double[] Central(double[] x, IReadOnlyList<int> indices, double h, Func<double[], double> f)
    {
        var result = new double[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            double saved = x[i];
            x[i] = saved + h;
            double plus = f(x);
            x[i] = saved - h;
            double minus = f(x);
            x[i] = saved;
            result[k] = (plus - minus) / (2 * h);
        }
        return result;
    }

    /// <summary>
    /// Largest |analytic − fd| / (|fd| + scale) over the indices, where scale = the RMS of fd (so near-zero entries
    /// are judged against the typical gradient size, not against themselves). A wrong gradient scores O(1).
    /// </summary>
    public static double WorstRelativeError(ReadOnlySpan<float> analytic, IReadOnlyList<int> indices, double[] fd)
    {
        double rms = Math.Sqrt(fd.Sum(v => v * v) / Math.Max(1, fd.Length));
        double scale = Math.Max(rms, 1e-30);
        double worst = 0;
        for (int k = 0; k < indices.Count; k++)
            worst = Math.Max(worst, Math.Abs(analytic[indices[k]] - fd[k]) / (Math.Abs(fd[k]) + scale));
        return worst;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = values[i];
        return result;
    }
}
