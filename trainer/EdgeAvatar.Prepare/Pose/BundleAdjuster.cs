using System.Numerics;

namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Joint refinement of all per-frame poses, one shared 68-point shape and one focal (principal point fixed at the
/// image centre) by Levenberg-Marquardt on
/// <c>sum_frames sum_landmarks w_k Huber(|reprojection error|) + shape prior + symmetry prior + log-focal prior</c>,
/// all in px^2 (the priors are squared standard scores, as if one pixel were one standard deviation of landmark noise).
/// <para>Structure: given the shared block (204 shape coordinates + log f = <see cref="SharedCount"/>), the frames'
/// 6-DoF pose blocks are independent, so the normal equations are arrow-shaped. We eliminate the pose blocks with the
/// Schur complement S = V - sum_i W_i^T U_i^-1 W_i (a dense 205x205 system), solve it by Cholesky, and
/// back-substitute each pose. Cost per iteration is O(frames * 205^2 * 6): about 0.2 G multiply-adds for 1800 frames,
/// vectorised and split over a fixed number of chunks (fixed so results do not depend on the core count).</para>
/// <para>Invariant: an iteration is taken only if it lowers the total cost; the returned cost is therefore
/// never above the starting cost.</para>
/// </summary>
internal sealed class BundleAdjuster
{
    private const int Points = MeanFace68.Count;
    public const int SharedCount = 3 * Points + 1;
    private const int LogF = SharedCount - 1;
    private const int Chunks = 8;

    private readonly float[][] _obs;
    private readonly double[] _weights;
    private readonly Vec3d[] _priorMean;
    private readonly double[] _priorInvVar; // per landmark, world units^-2
    private readonly double _symInvVar;
    private readonly double _logFPrior, _logFInvVar;
    private readonly double _cx, _cy, _huber;
    private readonly int _threads;

    public BundleAdjuster(float[][] obs, int width, int height, double initialFocal, HeadPoseOptions options)
    {
        _obs = obs;
        _weights = MeanFace68.RigidWeights.ToArray();
        _priorMean = MeanFace68.WorldUnits();
        _priorInvVar = new double[Points];
        for (int k = 0; k < Points; k++)
        {
            double s = MeanFace68.PriorSigmaCm(k) / PoseConventions.CentimetresPerUnit;
            _priorInvVar[k] = 1 / (s * s);
        }
        double sym = options.SymmetrySigmaCm / PoseConventions.CentimetresPerUnit;
        _symInvVar = 1 / (sym * sym);
        _logFPrior = Math.Log(initialFocal);
        _logFInvVar = 1 / (options.LogFocalPriorSigma * options.LogFocalPriorSigma);
        _cx = width * 0.5; _cy = height * 0.5;
        _huber = options.HuberPx;
        _threads = Math.Max(1, options.MaxThreads);
    }

    public int Iterations { get; private set; }

    /// <summary>Runs LM from the given state, updating <paramref name="poses"/>, <paramref name="shape"/> and
    /// <paramref name="focal"/> in place. Returns the final total cost.</summary>
    public double Run(FramePose[] poses, Vec3d[] shape, ref double focal, int maxIterations)
    {
        int n = poses.Length;
        var u = new double[n * 36];
        var g = new double[n * 6];
        var w = new double[n * 6 * SharedCount];
        var v = new double[SharedCount * SharedCount];
        var gs = new double[SharedCount];
        var s = new double[SharedCount * SharedCount];
        var b = new double[SharedCount];
        var dp = new double[n * 6];
        var trialPoses = new FramePose[n];
        var trialShape = new Vec3d[Points];
        double logF = Math.Log(focal);
        double cost = TotalCost(poses, shape, logF);
        double lambda = 1e-4;
        Iterations = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            Linearise(poses, shape, logF, u, g, w, v, gs);
            bool accepted = false;
            for (int attempt = 0; attempt < 10 && !accepted; attempt++)
            {
                if (!SolveDamped(n, lambda, u, g, w, v, gs, s, b, dp)) { lambda *= 10; continue; }
                for (int i = 0; i < n; i++)
                    trialPoses[i] = poses[i].Step(new Vec3d(dp[6 * i], dp[6 * i + 1], dp[6 * i + 2]),
                        new Vec3d(dp[6 * i + 3], dp[6 * i + 4], dp[6 * i + 5]));
                for (int k = 0; k < Points; k++)
                    trialShape[k] = shape[k] + new Vec3d(b[3 * k], b[3 * k + 1], b[3 * k + 2]);
                double trialLogF = logF + b[LogF];
                double c = TotalCost(trialPoses, trialShape, trialLogF);
                if (c < cost)
                {
                    double rel = (cost - c) / cost;
                    Array.Copy(trialPoses, poses, n);
                    Array.Copy(trialShape, shape, Points);
                    logF = trialLogF; cost = c; accepted = true;
                    lambda = Math.Max(lambda * 0.3, 1e-9);
                    Iterations = it + 1;
                    if (rel < 1e-8) { focal = Math.Exp(logF); return cost; }
                }
                else lambda *= 10;
            }
            if (!accepted) break;
        }
        focal = Math.Exp(logF);
        return cost;
    }

    /// <summary>Robust data cost plus priors (px^2).</summary>
    public double TotalCost(FramePose[] poses, Vec3d[] shape, double logF)
    {
        var cam = new FocalIntrinsics(Math.Exp(logF), _cx, _cy);
        var partial = new double[Chunks];
        int n = poses.Length;
        Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c =>
        {
            double sum = 0;
            for (int i = c * n / Chunks; i < (c + 1) * n / Chunks; i++)
                sum += Reprojection.FrameCost(poses[i], shape, _obs[i], _weights, cam, _huber);
            partial[c] = sum;
        });
        double total = 0;
        foreach (double p in partial) total += p;
        return total + PriorCost(shape, logF);
    }

    private double PriorCost(Vec3d[] shape, double logF)
    {
        double c = 0;
        var mirror = MeanFace68.Mirror;
        for (int k = 0; k < Points; k++)
        {
            var d = shape[k] - _priorMean[k];
            c += _priorInvVar[k] * d.Dot(d);
            int m = mirror[k];
            if (m == k) c += _symInvVar * shape[k].X * shape[k].X;
            else if (k < m)
            {
                var e = new Vec3d(shape[k].X + shape[m].X, shape[k].Y - shape[m].Y, shape[k].Z - shape[m].Z);
                c += _symInvVar * e.Dot(e);
            }
        }
        double df = logF - _logFPrior;
        return c + _logFInvVar * df * df;
    }

    /// <summary>Builds U_i (6x6), g_i, W_i (6 x shared) per frame and the shared block V, gs (lower triangle),
    /// all IRLS-weighted at the current residuals; g = -J^T W e so that the step solves H d = g.</summary>
    private void Linearise(FramePose[] poses, Vec3d[] shape, double logF, double[] u, double[] g, double[] w,
        double[] v, double[] gs)
    {
        int n = poses.Length;
        var cam = new FocalIntrinsics(Math.Exp(logF), _cx, _cy);
        var vChunks = new double[Chunks][];
        var gChunks = new double[Chunks][];
        Array.Clear(u); Array.Clear(g); Array.Clear(w);
        Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c =>
        {
            var vc = vChunks[c] = new double[SharedCount * SharedCount];
            var gc = gChunks[c] = new double[SharedCount];
            Span<double> jp = stackalloc double[12];
            Span<double> jx = stackalloc double[6];
            for (int i = c * n / Chunks; i < (c + 1) * n / Chunks; i++)
            {
                var ui = u.AsSpan(36 * i, 36);
                var gi = g.AsSpan(6 * i, 6);
                var wi = w.AsSpan(6 * SharedCount * i, 6 * SharedCount);
                var obs = _obs[i];
                for (int k = 0; k < Points; k++)
                {
                    if (!Reprojection.Linearise(poses[i], shape[k], cam, out double pu, out double pv, jp, jx,
                            out double fu, out double fv))
                        continue; // behind the camera: contributes nothing (the cost is +inf, so LM backs off)
                    double eu = pu - obs[2 * k], ev = pv - obs[2 * k + 1];
                    double wt = _weights[k] * RobustLoss.Weight(Math.Sqrt(eu * eu + ev * ev), _huber);
                    for (int a = 0; a < 6; a++)
                    {
                        double ja = wt * jp[a], jb = wt * jp[6 + a];
                        gi[a] -= ja * eu + jb * ev;
                        for (int bb = 0; bb <= a; bb++) ui[a * 6 + bb] += ja * jp[bb] + jb * jp[6 + bb];
                        var wrow = wi.Slice(a * SharedCount, SharedCount);
                        for (int d = 0; d < 3; d++) wrow[3 * k + d] += ja * jx[d] + jb * jx[3 + d];
                        wrow[LogF] += ja * fu + jb * fv;
                    }
                    for (int d = 0; d < 3; d++)
                    {
                        double xa = wt * jx[d], xb = wt * jx[3 + d];
                        gc[3 * k + d] -= xa * eu + xb * ev;
                        for (int e = 0; e <= d; e++)
                            vc[(3 * k + d) * SharedCount + 3 * k + e] += xa * jx[e] + xb * jx[3 + e];
                        vc[LogF * SharedCount + 3 * k + d] += wt * (fu * jx[d] + fv * jx[3 + d]);
                    }
                    gc[LogF] -= wt * (fu * eu + fv * ev);
                    vc[LogF * SharedCount + LogF] += wt * (fu * fu + fv * fv);
                }
            }
        });
        Array.Clear(v); Array.Clear(gs);
        for (int c = 0; c < Chunks; c++) // fixed order: deterministic sums
        {
            var vc = vChunks[c]; var gc = gChunks[c];
            for (int j = 0; j < v.Length; j++) v[j] += vc[j];
            for (int j = 0; j < SharedCount; j++) gs[j] += gc[j];
        }
        AddPriors(shape, logF, v, gs);
    }

    private void AddPriors(Vec3d[] shape, double logF, double[] v, double[] gs)
    {
        var mirror = MeanFace68.Mirror;
        for (int k = 0; k < Points; k++)
        {
            var d = shape[k] - _priorMean[k];
            for (int c = 0; c < 3; c++)
            {
                v[(3 * k + c) * SharedCount + 3 * k + c] += _priorInvVar[k];
                gs[3 * k + c] -= _priorInvVar[k] * d[c];
            }
            int m = mirror[k];
            if (m == k)
            {
                v[3 * k * SharedCount + 3 * k] += _symInvVar;
                gs[3 * k] -= _symInvVar * shape[k].X;
            }
            else if (k < m)
            {
                // Residual e_c = S_k,c - sign_c S_m,c with sign = (-1, +1, +1): x mirrors, y and z match.
                for (int c = 0; c < 3; c++)
                {
                    double sign = c == 0 ? -1 : 1;
                    double e = shape[k][c] - sign * shape[m][c];
                    int ik = 3 * k + c, im = 3 * m + c; // im > ik, so (im, ik) is in the lower triangle
                    v[ik * SharedCount + ik] += _symInvVar;
                    v[im * SharedCount + im] += _symInvVar;
                    v[im * SharedCount + ik] -= sign * _symInvVar;
                    gs[ik] -= _symInvVar * e;
                    gs[im] += sign * _symInvVar * e;
                }
            }
        }
        v[LogF * SharedCount + LogF] += _logFInvVar;
        gs[LogF] -= _logFInvVar * (logF - _logFPrior);
    }

    /// <summary>Solves the damped arrow system by the Schur complement. Output: shared step in b, pose steps in dp.
    /// Marquardt damping: each diagonal entry is scaled by (1 + lambda), which makes the step invariant to the very
    /// different units of rotations, translations, shape coordinates and log f.</summary>
    private bool SolveDamped(int n, double lambda, double[] u, double[] g, double[] w, double[] v, double[] gs,
        double[] s, double[] b, double[] dp)
    {
        var sChunks = new double[Chunks][];
        var bChunks = new double[Chunks][];
        var uf = new double[n * 36]; // damped, factored pose blocks
        bool ok = true;
        Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c =>
        {
            var sc = sChunks[c] = new double[SharedCount * SharedCount];
            var bc = bChunks[c] = new double[SharedCount];
            var y = new double[6 * SharedCount];
            Span<double> yg = stackalloc double[6];
            for (int i = c * n / Chunks; i < (c + 1) * n / Chunks; i++)
            {
                var l = uf.AsSpan(36 * i, 36);
                u.AsSpan(36 * i, 36).CopyTo(l);
                for (int a = 0; a < 6; a++) l[a * 6 + a] = l[a * 6 + a] * (1 + lambda) + 1e-9;
                if (!DenseCholesky.Factor(l, 6)) { ok = false; return; }
                // Y = L^-1 W_i (row by row: forward substitution on the 6 rows at once), yg = L^-1 g_i.
                w.AsSpan(6 * SharedCount * i, 6 * SharedCount).CopyTo(y);
                g.AsSpan(6 * i, 6).CopyTo(yg);
                for (int r = 0; r < 6; r++)
                {
                    var yr = y.AsSpan(r * SharedCount, SharedCount);
                    for (int q = 0; q < r; q++) Axpy(-l[r * 6 + q], y.AsSpan(q * SharedCount, SharedCount), yr);
                    double inv = 1 / l[r * 6 + r];
                    for (int j = 0; j < SharedCount; j++) yr[j] *= inv;
                    for (int q = 0; q < r; q++) yg[r] -= l[r * 6 + q] * yg[q];
                    yg[r] *= inv;
                }
                // S -= Y^T Y (lower triangle), b -= Y^T yg.
                for (int r = 0; r < 6; r++)
                {
                    var yr = y.AsSpan(r * SharedCount, SharedCount);
                    for (int a = 0; a < SharedCount; a++)
                    {
                        double ya = yr[a];
                        if (ya == 0) continue;
                        Axpy(-ya, yr[..(a + 1)], sc.AsSpan(a * SharedCount, a + 1));
                        bc[a] -= ya * yg[r];
                    }
                }
            }
        });
        if (!ok) return false;
        for (int j = 0; j < s.Length; j++) s[j] = v[j];
        for (int a = 0; a < SharedCount; a++) s[a * SharedCount + a] = v[a * SharedCount + a] * (1 + lambda) + 1e-9;
        gs.CopyTo(b, 0);
        for (int c = 0; c < Chunks; c++)
        {
            var sc = sChunks[c]; var bc = bChunks[c];
            for (int j = 0; j < s.Length; j++) s[j] += sc[j];
            for (int j = 0; j < SharedCount; j++) b[j] += bc[j];
        }
        if (!DenseCholesky.Factor(s, SharedCount)) return false;
        DenseCholesky.Solve(s, SharedCount, b);
        // Back-substitution: U_i dp_i = g_i - W_i ds.
        Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, c =>
        {
            Span<double> r6 = stackalloc double[6];
            for (int i = c * n / Chunks; i < (c + 1) * n / Chunks; i++)
            {
                for (int a = 0; a < 6; a++)
                    r6[a] = g[6 * i + a] - Dot(w.AsSpan(6 * SharedCount * i + a * SharedCount, SharedCount), b);
                DenseCholesky.Solve(uf.AsSpan(36 * i, 36), 6, r6);
                r6.CopyTo(dp.AsSpan(6 * i, 6));
            }
        });
        return true;
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(alpha);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var vy = new Vector<double>(y[i..]) + va * new Vector<double>(x[i..]);
                vy.CopyTo(y[i..]);
            }
        }
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }
}
