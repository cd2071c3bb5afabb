namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Zero-phase temporal smoothing of a pose track: a symmetric (non-causal) Gaussian FIR filter applied to the
/// translations and to rotation vectors log(R_ref^T R_i) about the track's mean rotation R_ref.
/// <para>Why no lag: the clip is processed offline with every frame known, so the kernel can be centred on the
/// frame it produces. A symmetric kernel has a real, non-negative frequency response (here a Gaussian), i.e. zero
/// phase at every frequency: nothing is delayed. Consequences the tests check: a linear ramp passes unchanged
/// (the kernel sums to 1 and its first moment is 0), and a step keeps its 50% crossing at the step frame; the step
/// is only softened symmetrically over about +-2 sigma frames.</para>
/// <para>Cutoff: the Gaussian's gain exp(-2 pi^2 sigma^2 f^2) falls to 1/sqrt 2 (-3 dB) at f_c = 0.1325 / sigma
/// cycles per frame, so sigma = 0.1325 fps / f_c frames (3 Hz at 25 fps: sigma = 1.1 frames; white jitter's standard
/// deviation drops to about 50%).</para>
/// <para>Rotation parameterisation: rotation vectors about the mean are a proper chart of SO(3) for head turns
/// (|angle| far below pi), free of the sign flips of quaternions and the gimbal problems of Euler angles; averaging
/// them is a first-order weighted Karcher mean.</para>
/// <para>Ends: the signal is extended by odd reflection about each end value (x[-j] = 2 x[0] - x[j]), which keeps
/// a ramp linear through the ends instead of pulling it towards a constant.</para>
/// </summary>
public static class PoseSmoother
{
    /// <summary>Gaussian sigma (frames) of the filter with the given -3 dB cutoff.</summary>
    public static double SigmaFrames(double fps, double cutoffHz) => 0.1325 * fps / cutoffHz;

    /// <summary>Smooths a pose track; returns a new array. cutoffHz &lt;= 0, or fewer than 3 frames: a copy.</summary>
    public static FramePose[] Smooth(ReadOnlySpan<FramePose> poses, double fps, double cutoffHz)
    {
        int n = poses.Length;
        var result = poses.ToArray();
        if (cutoffHz <= 0 || n < 3) return result;
        double sigma = SigmaFrames(fps, cutoffHz);
        var reference = MeanRotation(poses);
        var rx = new double[n]; var ry = new double[n]; var rz = new double[n];
        var tx = new double[n]; var ty = new double[n]; var tz = new double[n];
        var rt = reference.Transpose();
        for (int i = 0; i < n; i++)
        {
            var w = (rt * poses[i].Rotation).Log();
            rx[i] = w.X; ry[i] = w.Y; rz[i] = w.Z;
            tx[i] = poses[i].Translation.X; ty[i] = poses[i].Translation.Y; tz[i] = poses[i].Translation.Z;
        }
        foreach (var ch in new[] { rx, ry, rz, tx, ty, tz }) SmoothInPlace(ch, sigma);
        for (int i = 0; i < n; i++)
            result[i] = new FramePose(reference * Mat3d.Exp(new Vec3d(rx[i], ry[i], rz[i])), new Vec3d(tx[i], ty[i], tz[i]));
        return result;
    }

    /// <summary>Symmetric Gaussian FIR (radius ceil(4 sigma), weights normalised to 1) with odd-reflection ends.</summary>
    public static void SmoothInPlace(double[] x, double sigma)
    {
        int n = x.Length;
        if (n < 2 || !(sigma > 0)) return;
        int radius = Math.Max(1, (int)Math.Ceiling(4 * sigma));
        var kernel = new double[radius + 1];
        double sum = 0;
        for (int j = 0; j <= radius; j++)
        {
            kernel[j] = Math.Exp(-0.5 * j * j / (sigma * sigma));
            sum += j == 0 ? kernel[j] : 2 * kernel[j];
        }
        for (int j = 0; j <= radius; j++) kernel[j] /= sum;
        var src = (double[])x.Clone();
        for (int i = 0; i < n; i++)
        {
            double acc = kernel[0] * src[i];
            for (int j = 1; j <= radius; j++) acc += kernel[j] * (Extended(src, i - j) + Extended(src, i + j));
            x[i] = acc;
        }
    }

    /// <summary>The signal extended by odd reflection about its end samples (clamped beyond one reflection,
    /// which only happens for clips shorter than the kernel).</summary>
    private static double Extended(double[] src, int i)
    {
        int n = src.Length;
        if (i < 0) return 2 * src[0] - src[Math.Min(-i, n - 1)];
        if (i >= n) return 2 * src[n - 1] - src[Math.Max(2 * (n - 1) - i, 0)];
        return src[i];
    }

    /// <summary>Mean rotation by three Gauss-Newton steps of the Karcher mean, starting from the middle frame.</summary>
    public static Mat3d MeanRotation(ReadOnlySpan<FramePose> poses)
    {
        var r = poses[poses.Length / 2].Rotation;
        for (int it = 0; it < 3; it++)
        {
            var rt = r.Transpose();
            var acc = Vec3d.Zero;
            foreach (var p in poses) acc += (rt * p.Rotation).Log();
            r = r * Mat3d.Exp((1.0 / poses.Length) * acc);
        }
        return r;
    }
}
