namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// In-place Cholesky factorisation and solve for small dense symmetric positive-definite systems stored row-major
/// in a flat array (the 6x6 pose blocks and the ~205x205 reduced shape+focal system of the bundle adjustment).
/// Only the lower triangle is read; after <see cref="Factor"/> it holds L with A = L L^T.
/// </summary>
internal static class DenseCholesky
{
    /// <summary>Factors A (n x n, row-major) in place. Returns false if A is not numerically positive definite.</summary>
    public static bool Factor(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            var rowJ = a.Slice(j * n, j);
            for (int k = 0; k < j; k++) d -= rowJ[k] * rowJ[k];
            if (!(d > 0) || double.IsNaN(d)) return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            double inv = 1 / d;
            for (int i = j + 1; i < n; i++)
            {
                var rowI = a.Slice(i * n, j);
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= rowI[k] * rowJ[k];
                a[i * n + j] = s * inv;
            }
        }
        return true;
    }

    /// <summary>Solves L L^T x = b in place (b becomes x), L from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        ForwardSubstitute(l, n, b);
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves L y = b in place (b becomes y = L^-1 b).</summary>
    public static void ForwardSubstitute(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * b[k];
            b[i] = s / l[i * n + i];
        }
    }
}
