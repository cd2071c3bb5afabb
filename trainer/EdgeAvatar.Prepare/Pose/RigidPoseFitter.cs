namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Per-frame 6-DoF pose for a known shape and focal: a closed-form weak-perspective (affine camera) start from the
/// rigid landmarks, then damped Gauss-Newton on the robust full-perspective reprojection cost. This is the
/// initialisation of the bundle adjustment; it never changes the shape or the focal.
/// </summary>
internal static class RigidPoseFitter
{
    /// <summary>
    /// Weak-perspective start: least-squares affine map [u v]^T = A [X 1]^T over <paramref name="indices"/>, whose
    /// 2x3 part is s times the first two rows of R. Depth is read from the scale (t_z = f / s), so the start is
    /// already metric, within the weak-perspective error (face depth / distance, a few percent).
    /// Returns null if the points are degenerate (for example all landmarks identical).
    /// </summary>
    public static FramePose? InitialiseAffine(ReadOnlySpan<float> obs, ReadOnlySpan<Vec3d> shape,
        ReadOnlySpan<int> indices, in FocalIntrinsics cam)
    {
        Span<double> ata = stackalloc double[16];
        Span<double> atu = stackalloc double[4];
        Span<double> atv = stackalloc double[4];
        Span<double> row = stackalloc double[4];
        ata.Clear(); atu.Clear(); atv.Clear();
        foreach (int k in indices)
        {
            row[0] = shape[k].X; row[1] = shape[k].Y; row[2] = shape[k].Z; row[3] = 1;
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++) ata[i * 4 + j] += row[i] * row[j];
                atu[i] += row[i] * obs[2 * k];
                atv[i] += row[i] * obs[2 * k + 1];
            }
        }
        if (!DenseCholesky.Factor(ata, 4)) return null;
        DenseCholesky.Solve(ata, 4, atu);
        DenseCholesky.Solve(ata, 4, atv);
        var r0 = new Vec3d(atu[0], atu[1], atu[2]);
        var r1 = new Vec3d(atv[0], atv[1], atv[2]);
        double s = 0.5 * (r0.Norm + r1.Norm);
        if (!(s > 1e-9) || r0.Cross(r1).Norm < 1e-9 * s * s) return null;
        var rot = Mat3d.OrthonormalFromRows(r0, r1);
        double tz = cam.Focal / s;
        return new FramePose(rot, new Vec3d((atu[3] - cam.Cx) / s, (atv[3] - cam.Cy) / s, tz));
    }

    /// <summary>
    /// Levenberg-Marquardt on the 6 pose parameters, IRLS-Huber weighted. Returns the refined pose and its robust
    /// cost; the cost never increases relative to <paramref name="start"/> (rejected steps are not taken).
    /// </summary>
    public static (FramePose Pose, double Cost) Refine(ReadOnlySpan<float> obs, ReadOnlySpan<Vec3d> shape,
        ReadOnlySpan<double> weights, in FocalIntrinsics cam, FramePose start, double huber, int maxIterations)
    {
        Span<double> h = stackalloc double[36];
        Span<double> g = stackalloc double[6];
        Span<double> jp = stackalloc double[12];
        Span<double> l = stackalloc double[36];
        Span<double> step = stackalloc double[6];
        var pose = start;
        double cost = Reprojection.FrameCost(pose, shape, obs, weights, cam, huber);
        double lambda = 1e-3;
        for (int it = 0; it < maxIterations && double.IsFinite(cost); it++)
        {
            h.Clear(); g.Clear();
            for (int k = 0; k < shape.Length; k++)
            {
                if (weights[k] == 0) continue;
                if (!Reprojection.Linearise(pose, shape[k], cam, out double u, out double v, jp, default, out _, out _))
                    continue;
                double eu = u - obs[2 * k], ev = v - obs[2 * k + 1];
                double w = weights[k] * RobustLoss.Weight(Math.Sqrt(eu * eu + ev * ev), huber);
                for (int a = 0; a < 6; a++)
                {
                    double ja = jp[a], jb = jp[6 + a];
                    g[a] -= w * (ja * eu + jb * ev);
                    for (int b = 0; b <= a; b++) h[a * 6 + b] += w * (ja * jp[b] + jb * jp[6 + b]);
                }
            }
            bool improved = false;
            for (int attempt = 0; attempt < 8 && !improved; attempt++)
            {
                h.CopyTo(l);
                for (int a = 0; a < 6; a++) l[a * 6 + a] += lambda * h[a * 6 + a] + 1e-12;
                g.CopyTo(step);
                if (!DenseCholesky.Factor(l, 6)) { lambda *= 10; continue; }
                DenseCholesky.Solve(l, 6, step);
                var trial = pose.Step(new Vec3d(step[0], step[1], step[2]), new Vec3d(step[3], step[4], step[5]));
                double c = Reprojection.FrameCost(trial, shape, obs, weights, cam, huber);
                if (c < cost)
                {
                    double rel = (cost - c) / Math.Max(cost, 1e-300);
                    pose = trial; cost = c; improved = true;
                    lambda = Math.Max(lambda * 0.3, 1e-7);
                    if (rel < 1e-9) return (pose, cost);
                }
                else lambda *= 10;
            }
            if (!improved) break;
        }
        return (pose, cost);
    }
}
