using EdgeAvatar.Prepare.Pose;

namespace EdgeAvatar.Prepare.Tests.Pose;

public sealed class PoseSmootherTests
{
    private const double Fps = 25, CutoffHz = 3;

    [Fact]
    public void Removes_most_white_jitter_from_a_still_head()
    {
        var rng = new Random(3);
        var x = new double[500];
        for (int i = 0; i < x.Length; i++) x[i] = SyntheticHeadClip.Gauss(rng);
        PoseSmoother.SmoothInPlace(x, PoseSmoother.SigmaFrames(Fps, CutoffHz));
        double rms = Math.Sqrt(x.Select(v => v * v).Average());
        // Gaussian sigma 1.1 frames passes 1 / (2 sigma sqrt(pi)) = 25% of white-noise variance: rms ~0.5.
        Assert.InRange(rms, 0.35, 0.6);
    }

    [Fact]
    public void Passes_a_ramp_unchanged_so_it_has_no_lag_even_at_the_clip_ends()
    {
        var x = Enumerable.Range(0, 100).Select(i => 0.01 * i - 0.3).ToArray();
        var y = (double[])x.Clone();
        PoseSmoother.SmoothInPlace(y, PoseSmoother.SigmaFrames(Fps, CutoffHz));
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], y[i], 12);
    }

    [Fact]
    public void Keeps_a_step_centred_on_its_frame()
    {
        var x = Enumerable.Range(0, 101).Select(i => i < 50 ? 0.0 : i == 50 ? 0.5 : 1.0).ToArray();
        PoseSmoother.SmoothInPlace(x, PoseSmoother.SigmaFrames(Fps, CutoffHz));
        // Zero phase: the 50% crossing stays at frame 50 (lag 0) and the edge is antisymmetric about it.
        Assert.Equal(0.5, x[50], 12);
        for (int j = 1; j <= 10; j++) Assert.Equal(1.0, x[50 + j] + x[50 - j], 12);
        Assert.True(x[53] > 0.99 && x[47] < 0.01, "the step must stay sharp (within +-3 frames)");
    }

    [Fact]
    public void Smooths_rotation_jitter_around_a_turning_head_without_lagging_the_turn()
    {
        // A 90-frame yaw ramp of 30 deg (about 8 deg/s) with 0.5 deg of per-frame jitter on all three axes.
        var rng = new Random(11);
        int n = 150;
        var truth = new FramePose[n];
        var noisy = new FramePose[n];
        for (int i = 0; i < n; i++)
        {
            double yaw = Math.Clamp(i - 30, 0, 90) / 90.0 * 30 * Math.PI / 180;
            truth[i] = SyntheticHeadClip.HeadPose(yaw, 0.1, 0, new Vec3d(0, 0, 3.7));
            var jitter = new Vec3d(SyntheticHeadClip.Gauss(rng), SyntheticHeadClip.Gauss(rng), SyntheticHeadClip.Gauss(rng))
                * (0.5 * Math.PI / 180);
            noisy[i] = new FramePose(Mat3d.Exp(jitter) * truth[i].Rotation, truth[i].Translation);
        }
        var smooth = PoseSmoother.Smooth(noisy, Fps, CutoffHz);
        double Err(FramePose[] p) => Enumerable.Range(0, n).Average(i => SyntheticHeadClip.RotationErrorDegrees(p[i], truth[i]));
        Assert.True(Err(smooth) < 0.6 * Err(noisy), $"jitter {Err(noisy):F3} -> {Err(smooth):F3} deg");

        // Lag: the shift (frames) that best aligns the smoothed yaw with the true yaw over the ramp must be 0.
        double Yaw(FramePose p) => (Mat3d.Diagonal(1, -1, -1) * p.Rotation).Log().Y; // head yaw about world y
        int bestLag = 0; double bestErr = double.MaxValue;
        for (int lag = -5; lag <= 5; lag++)
        {
            double e = 0;
            for (int i = 40; i < 110; i++) e += Math.Pow(Yaw(smooth[i + lag]) - Yaw(truth[i]), 2);
            if (e < bestErr) { bestErr = e; bestLag = lag; }
        }
        Assert.Equal(0, bestLag);
    }
}
