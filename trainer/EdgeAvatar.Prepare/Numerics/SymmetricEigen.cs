namespace EdgeAvatar.Prepare.Numerics;

/// <summary>
/// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations (float64), for prepare's 4 × 4
/// Horn matrix (<see cref="Pose.ShapeGauge"/>) and the trainer's landmark-row covariance (74 × 74). O(n³) a sweep.
/// Invariant: for a 4 × 4 input it performs, in the same order, the operations prepare's pose gauge has always used
/// (sweep stops once the off-diagonal square sum is under 1e-30, pairs under 1e-300 are skipped, at most 50 sweeps),
/// so datasets prepared before and after it agree to the bit.
/// </summary>
public static class SymmetricEigen
{
    private const int MaxSweeps = 50;

    /// <summary>Values (unordered) and vectors as columns (<c>vectors[i, k]</c> is entry i of vector k). The input is not changed.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException("the matrix is not square.", nameof(matrix));
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                    if (Math.Abs(a[p, q]) >= 1e-300) Rotate(a, v, n, p, q);
        }
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }

    /// <summary>One rotation in the (p, q) plane that zeroes a[p, q]; v accumulates the rotations.</summary>
    private static void Rotate(double[,] a, double[,] v, int n, int p, int q)
    {
        double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        double t = theta == 0 ? 1 : Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = c * akp - s * akq;
            a[k, q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = c * apk - s * aqk;
            a[q, k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = c * vkp - s * vkq;
            v[k, q] = s * vkp + c * vkq;
        }
    }
}
