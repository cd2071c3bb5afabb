namespace EdgeAvatar.Train.Tests.AudioNetworks;

/// <summary>
/// Double-sided finite differences of a float32 network with a float64 loss, and the comparison rule the gradient
/// tests share. The step actually taken is (float)(x + h) − (float)(x − h), so float rounding of the perturbed
/// value does not bias the quotient.
/// </summary>
internal static class GradientCheck
{
    /// <summary>(L(x + h e_i) − L(x − h e_i)) / (actual step) for each index.</summary>
    public static double[] Central(float[] x, IReadOnlyList<int> indices, float h, Func<double> loss)
    {
        var result = new double[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            float saved = x[i];
            float plus = saved + h, minus = saved - h;
            x[i] = plus;
            double lp = loss();
            x[i] = minus;
            double lm = loss();
            x[i] = saved;
            result[k] = (lp - lm) / ((double)plus - minus);
        }
        return result;
    }

    /// <summary>(L(x + h e_i) − L(x − h e_i)) / 2h for every index of a float64 vector.</summary>
    public static double[] Central(double[] x, double h, Func<double> loss)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + h;
            double lp = loss();
            x[i] = saved - h;
            double lm = loss();
            x[i] = saved;
            result[i] = (lp - lm) / (2 * h);
        }
        return result;
    }

    /// <summary>
    /// Largest |analytic − fd| / (|fd| + rms(fd)) over the indices: relative for large entries, and judged against the
    /// typical gradient size for entries near zero (whose own relative error is float noise). A wrong gradient
    /// scores O(1).
    /// </summary>
    public static double WorstRelativeError(IReadOnlyList<float> analytic, IReadOnlyList<int> indices, double[] fd)
    {
        double rms = Math.Sqrt(fd.Sum(v => v * v) / Math.Max(1, fd.Length));
        double worst = 0;
        for (int k = 0; k < indices.Count; k++)
            worst = Math.Max(worst, Math.Abs(analytic[indices[k]] - fd[k]) / (Math.Abs(fd[k]) + Math.Max(rms, 1e-30)));
        return worst;
    }

    /// <summary>Σ w_i·y_i in float64: a loss whose gradient with respect to y is w.</summary>
    public static double Dot(ReadOnlySpan<float> w, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
            s += (double)w[i] * y[i];
        return s;
    }

    public static float[] RandomVector(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
    }

    /// <summary>A sorted random subset of [0, n) of size min(count, n).</summary>
    public static int[] Subset(int n, int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(Math.Min(count, n)).Order().ToArray();
    }
}
