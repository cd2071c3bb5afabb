using System.Diagnostics;
using EdgeAvatar.Prepare.Pose;
using Xunit.Abstractions;

namespace EdgeAvatar.Prepare.Tests.Pose;

public sealed class HeadPoseEstimatorSyntheticTests(ITestOutputHelper output)
{
    [Fact]
    public void Recovers_focal_rotations_and_translations_of_a_noisy_1800_frame_clip()
    {
        var clip = SyntheticHeadClip.Generate(frames: 1800, seed: 7, noisePx: 0.7, outlierFrames: 12);
        // The head frame is defined by the mean face's rigid landmarks (ShapeGauge): express the truth in it too.
        ShapeGauge.AlignToMean(clip.TrueShape, clip.TruePoses);
        var sw = Stopwatch.StartNew();
        var result = HeadPoseEstimator.Estimate(clip.Landmarks, clip.Size, clip.Size);
        sw.Stop();

        var stats = Compare(clip, result.WorldToCamera);
        var raw = Compare(clip, result.UnsmoothedWorldToCamera);
        double focalErr = Math.Abs(result.FocalPx / clip.Focal - 1);
        output.WriteLine($"time {sw.Elapsed.TotalSeconds:F2} s, BA {result.BundleElapsed.TotalSeconds:F2} s (not asserted), BA iterations {result.BundleIterations}");
        output.WriteLine($"focal {result.FocalPx:F1} (true {clip.Focal}, start {result.InitialFocalPx:F1}), rel err {focalErr:P2}");
        output.WriteLine($"smoothed: rot median {stats.RotMedian:F3} deg p95 {stats.RotP95:F3} max {stats.RotMax:F3}; " +
                         $"trans median {stats.TransMedianCm:F3} cm p95 {stats.TransP95Cm:F3} max {stats.TransMaxCm:F3}");
        output.WriteLine($"raw BA:   rot median {raw.RotMedian:F3} deg p95 {raw.RotP95:F3} max {raw.RotMax:F3}; " +
                         $"trans median {raw.TransMedianCm:F3} cm p95 {raw.TransP95Cm:F3} max {raw.TransMaxCm:F3}");
        output.WriteLine($"reprojection median {result.MedianErrorPx:F3} px p95 {result.P95ErrorPx:F3} px; " +
                         $"rigid {result.RigidMedianErrorPx:F3}/{result.RigidP95ErrorPx:F3}; BA median {result.BundleMedianErrorPx:F3}");
        double shapeRms = 0;
        for (int k = 0; k < 68; k++)
        {
            var d = result.Shape[k] - clip.TrueShape[k];
            shapeRms += d.Dot(d);
        }
        shapeRms = Math.Sqrt(shapeRms / 68) * PoseConventions.CentimetresPerUnit;
        var bias = Vec3d.Zero;
        for (int i = 0; i < clip.TruePoses.Length; i++)
            bias += (result.WorldToCamera[i].Translation - clip.TruePoses[i].Translation) * (PoseConventions.CentimetresPerUnit / clip.TruePoses.Length);
        double sTrue = 0, sEst = 0; var cT = Vec3d.Zero; var cE = Vec3d.Zero;
        foreach (int k in MeanFace68.RigidIndices) { cT += clip.TrueShape[k]; cE += result.Shape[k]; }
        cT = cT * (1.0 / MeanFace68.RigidIndices.Length); cE = cE * (1.0 / MeanFace68.RigidIndices.Length);
        foreach (int k in MeanFace68.RigidIndices) { sTrue += (clip.TrueShape[k] - cT).Norm; sEst += (result.Shape[k] - cE).Norm; }
        output.WriteLine($"mean translation error (cam frame) {bias}; rigid scale ratio {sEst / sTrue:F4}; centroid shift {(cE - cT) * PoseConventions.CentimetresPerUnit}");
        output.WriteLine($"shape rms error {shapeRms * 10:F2} mm (perturbation rms {Math.Sqrt(3) * 1.5:F2} mm)");

        // Tolerances, from the noise level (sigma = 0.7 px per coordinate, 1800 frames, 12 blunder frames):
        // * Reprojection: a perfect fit leaves pure noise, whose 2-D error has a Rayleigh median of
        //   sigma sqrt(2 ln 2) = 1.18 sigma = 0.82 px; we measure 0.83 px, so require [0.7, 1.0] px.
        // * Focal: observed only through perspective foreshortening (face depth +-5 cm at 92 cm). A relative focal
        //   error d, after the depth re-fits, moves landmarks by about d * (depth spread / distance) * face radius
        //   ~ 10 d px, so the noise floor is tiny, but the blunder frames and the Huber threshold bias it; we
        //   measure 0.76% (0.33% without blunders). Require 3%: 4x margin, and far below what NeRF training notices.
        // * Rotation: per frame, angular error ~ sigma / (lever * sqrt(n_rigid)) = 0.7 / (60 px * sqrt 15) = 0.17 deg
        //   for roll and about twice that for yaw/pitch (seen only through foreshortening); measured raw median
        //   0.33 deg, smoothed 0.19 deg (max 0.60). Require smoothed median 0.4 deg and max 1.5 deg.
        // * Translation: x, y are tied to the pixel position (~0.01 cm); depth scales with the focal error, so
        //   |dt| ~ focal error * 92 cm: measured median 0.69 cm. Require median 1.5 cm, p95 3 cm (3% of 92 cm).
        Assert.InRange(result.MedianErrorPx, 0.7, 1.0);
        Assert.InRange(focalErr, 0, 0.03);
        Assert.InRange(stats.RotMedian, 0, 0.4);
        Assert.InRange(stats.RotMax, 0, 1.5);
        Assert.InRange(stats.TransMedianCm, 0, 1.5);
        Assert.InRange(stats.TransP95Cm, 0, 3.0);
    }

    internal readonly record struct Errors(double RotMedian, double RotP95, double RotMax,
        double TransMedianCm, double TransP95Cm, double TransMaxCm);

    internal static Errors Compare(SyntheticHeadClip clip, IReadOnlyList<FramePose> est)
    {
        var rot = new List<double>();
        var tr = new List<double>();
        for (int i = 0; i < est.Count; i++)
        {
            rot.Add(SyntheticHeadClip.RotationErrorDegrees(est[i], clip.TruePoses[i]));
            tr.Add((est[i].Translation - clip.TruePoses[i].Translation).Norm * PoseConventions.CentimetresPerUnit);
        }
        rot.Sort(); tr.Sort();
        return new Errors(rot[rot.Count / 2], rot[(int)(0.95 * (rot.Count - 1))], rot[^1],
            tr[tr.Count / 2], tr[(int)(0.95 * (tr.Count - 1))], tr[^1]);
    }
}
