namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Fixes the similarity gauge of a monocular fit. Reprojections are unchanged if the shape is moved by any
/// similarity (s, Q, c) and every pose is adjusted to match, so the data cannot decide the head frame's origin,
/// orientation or absolute scale; only the priors do, and they bias it (the symmetry prior, for instance, prefers a
/// smaller head because asymmetry shrinks with scale). We therefore define the head frame explicitly: the similarity
/// that best maps the fitted rigid landmarks (weight 1: eye corners, nose) onto the mean face's, in the
/// least-squares sense (Horn's closed form, scale = ratio of RMS spreads). Absolute size is thus the mean face's.
/// </summary>
public static class ShapeGauge
{
    /// <summary>
    /// Maps <paramref name="shape"/> (in place) into the mean-face gauge and adjusts <paramref name="poses"/> (in
    /// place) so that every landmark projects exactly as before. Returns the applied scale.
    /// </summary>
    public static double AlignToMean(Vec3d[] shape, FramePose[] poses)
    {
        var mean = MeanFace68.WorldUnits();
        var idx = MeanFace68.RigidIndices;
        var cs = Vec3d.Zero; var cm = Vec3d.Zero;
        foreach (int k in idx) { cs += shape[k]; cm += mean[k]; }
        cs = cs * (1.0 / idx.Length); cm = cm * (1.0 / idx.Length);
        double ss = 0, sm = 0;
        Span<double> m = stackalloc double[9]; // cross-covariance sum (x_s - cs)(x_m - cm)^T
        m.Clear();
        foreach (int k in idx)
        {
            var a = shape[k] - cs; var b = mean[k] - cm;
            ss += a.Dot(a); sm += b.Dot(b);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) m[r * 3 + c] += a[r] * b[c];
        }
        double scale = Math.Sqrt(sm / ss);
        var q = HornRotation(m);
        // New shape: x' = s Q (x - cs) + cm, so x = Q^T (x' - cm) / s + cs. Scaling the whole camera frame by s leaves
        // projections unchanged: s (R x + t) = R Q^T x' + (s t + s R cs - R Q^T cm), i.e. R' = R Q^T,
        // t' = s t + s R cs - R' cm.
        for (int k = 0; k < shape.Length; k++) shape[k] = scale * (q * (shape[k] - cs)) + cm;
        var qt = q.Transpose();
        for (int i = 0; i < poses.Length; i++)
        {
            var r = poses[i].Rotation * qt;
            poses[i] = new FramePose(r, scale * poses[i].Translation + scale * (poses[i].Rotation * cs) - r * cm);
        }
        return scale;
    }

    /// <summary>Rotation Q maximising sum b^T Q a for the cross-covariance M = sum a b^T (Horn 1987, unit quaternions):
    /// the eigenvector of the largest eigenvalue of a symmetric 4x4 matrix built from M.</summary>
    private static Mat3d HornRotation(ReadOnlySpan<double> m)
    {
        double sxx = m[0], sxy = m[1], sxz = m[2], syx = m[3], syy = m[4], syz = m[5], szx = m[6], szy = m[7], szz = m[8];
        double[,] n =
        {
            { sxx + syy + szz, syz - szy, szx - sxz, sxy - syx },
            { syz - szy, sxx - syy - szz, sxy + syx, szx + sxz },
            { szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy },
            { sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz },
        };
        var (vals, vecs) = Numerics.SymmetricEigen.Decompose(n);
        int best = 0;
        for (int i = 1; i < 4; i++) if (vals[i] > vals[best]) best = i;
        double w = vecs[0, best], x = vecs[1, best], y = vecs[2, best], z = vecs[3, best];
        return new Mat3d(
            w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z);
    }
}
