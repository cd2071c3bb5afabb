namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Multi-output ridge regression with an unpenalised bias, solved in closed form (Cholesky of XᵀX + λI on centred
/// data). The penalty is relative: λ times the mean diagonal of XᵀX, so one λ grid suits features of any scale and
/// count. Returns (D + 1) × K weights, the last row the bias (the layout <see cref="Render.Mouth.MouthGenerator"/> keeps).
/// </summary>
public static class RidgeRegression
{
    /// <param name="x">Frames × <paramref name="d"/> features.</param>
    /// <param name="y">Frames × <paramref name="k"/> targets.</param>
    /// <param name="rows">The frames to fit on (non-empty).</param>
    public static double[] Fit(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> y, int k, IReadOnlyList<int> rows, double lambda)
    {
        if (rows.Count == 0) throw new ArgumentException("no rows to fit.", nameof(rows));
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), "the penalty must be positive (it keeps the system solvable).");
        var mx = new double[d];
        var my = new double[k];
        foreach (int r in rows)
        {
            for (int j = 0; j < d; j++) mx[j] += x[r * d + j];
            for (int m = 0; m < k; m++) my[m] += y[r * k + m];
        }
        for (int j = 0; j < d; j++) mx[j] /= rows.Count;
        for (int m = 0; m < k; m++) my[m] /= rows.Count;

        var a = new double[d * d];
        var b = new double[d * k];
        var xc = new double[d];
        foreach (int r in rows)
        {
            for (int j = 0; j < d; j++) xc[j] = x[r * d + j] - mx[j];
            for (int i = 0; i < d; i++)
            {
                double xi = xc[i];
                if (xi == 0) continue;
                int row = i * d;
                for (int j = i; j < d; j++) a[row + j] += xi * xc[j];
                for (int m = 0; m < k; m++) b[i * k + m] += xi * (y[r * k + m] - my[m]);
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) trace += a[i * d + i];
        double penalty = lambda * Math.Max(trace / Math.Max(d, 1), 1e-12);
        for (int i = 0; i < d; i++)
        {
            a[i * d + i] += penalty;
            for (int j = 0; j < i; j++) a[i * d + j] = a[j * d + i];
        }
        CholeskySolve(a, d, b, k);

        var w = new double[(d + 1) * k];
        for (int m = 0; m < k; m++)
        {
            double bias = my[m];
            for (int j = 0; j < d; j++)
            {
                w[j * k + m] = b[j * k + m];
                bias -= b[j * k + m] * mx[j];
            }
            w[d * k + m] = bias;
        }
        return w;
    }

    /// <summary>Frames × K predictions for <paramref name="rows"/> (other frames stay 0).</summary>
    public static void Predict(ReadOnlySpan<float> x, int d, ReadOnlySpan<double> w, int k, IReadOnlyList<int> rows, Span<float> into)
    {
        foreach (int r in rows)
            for (int m = 0; m < k; m++)
            {
                double s = w[d * k + m];
                for (int j = 0; j < d; j++) s += x[r * d + j] * w[j * k + m];
                into[r * k + m] = (float)s;
            }
    }

    /// <summary>Solves A X = B in place (B becomes X) for symmetric positive definite A (d × d), B d × k.</summary>
    private static void CholeskySolve(double[] a, int d, double[] b, int k)
    {
        // A = L Lᵀ, L stored in the lower triangle of a.
        for (int j = 0; j < d; j++)
        {
            double s = a[j * d + j];
            for (int p = 0; p < j; p++) s -= a[j * d + p] * a[j * d + p];
            if (!(s > 0)) throw new InvalidOperationException("ridge system is not positive definite (non-finite features?).");
            double l = Math.Sqrt(s);
            a[j * d + j] = l;
            for (int i = j + 1; i < d; i++)
            {
                double t = a[i * d + j];
                for (int p = 0; p < j; p++) t -= a[i * d + p] * a[j * d + p];
                a[i * d + j] = t / l;
            }
        }
        for (int m = 0; m < k; m++)
        {
            for (int i = 0; i < d; i++)
            {
                double t = b[i * k + m];
                for (int p = 0; p < i; p++) t -= a[i * d + p] * b[p * k + m];
                b[i * k + m] = t / a[i * d + i];
            }
            for (int i = d - 1; i >= 0; i--)
            {
                double t = b[i * k + m];
                for (int p = i + 1; p < d; p++) t -= a[p * d + i] * b[p * k + m];
                b[i * k + m] = t / a[i * d + i];
            }
        }
    }
}
