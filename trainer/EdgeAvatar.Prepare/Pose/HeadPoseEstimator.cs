using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Stage 4 of preparation: per-frame head pose and one focal length for a clip from its 68-point 2-D landmarks.
/// Pipeline: validate; 1-D focal search with the mean face (<see cref="FocalSearch"/>); per-frame rigid pose
/// (<see cref="RigidPoseFitter"/>); bundle adjustment of shape, poses and focal (<see cref="BundleAdjuster"/>);
/// zero-phase smoothing (<see cref="PoseSmoother"/>); conversion to camera-to-world matrices (<see cref="PoseConventions"/>).
/// </summary>
public static class HeadPoseEstimator
{
    public const int Values = 2 * MeanFace68.Count;

    /// <summary>
    /// Estimates poses. <paramref name="landmarks"/>[frame] holds 68 (x, y) pairs in pixels of a
    /// <paramref name="width"/> x <paramref name="height"/> image. Throws <see cref="EdgeAvatarException"/> with
    /// <see cref="ExitCodes.DataError"/> for too few frames, malformed rows or non-finite coordinates.
    /// </summary>
    public static HeadPoseResult Estimate(float[][] landmarks, int width, int height, HeadPoseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        options ??= new HeadPoseOptions();
        Validate(landmarks, width, height, options);

        var mean = MeanFace68.WorldUnits();
        var weights = MeanFace68.RigidWeights.ToArray();
        double focal0 = FocalSearch.Run(landmarks, mean, weights, width, height, options);

        int n = landmarks.Length;
        var poses = new FramePose[n];
        var cam = FocalIntrinsics.Centred(focal0, width, height);
        int failed = -1;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads }, i =>
        {
            var start = RigidPoseFitter.InitialiseAffine(landmarks[i], mean, MeanFace68.RigidIndices, cam);
            if (start is null) { Interlocked.CompareExchange(ref failed, i, -1); return; }
            poses[i] = RigidPoseFitter.Refine(landmarks[i], mean, weights, cam, start.Value, options.HuberPx, 20).Pose;
        });
        if (failed >= 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"head pose: landmarks of frame {failed} are degenerate (the rigid points do not span a face)");

        var shape = (Vec3d[])mean.Clone();
        double focal = focal0;
        var ba = new BundleAdjuster(landmarks, width, height, focal0, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ba.Run(poses, shape, ref focal, options.MaxIterations);
        clock.Stop();
        ShapeGauge.AlignToMean(shape, poses);

        var smoothed = PoseSmoother.Smooth(poses, options.Fps, options.SmoothingCutoffHz);
        var finalCam = FocalIntrinsics.Centred(focal, width, height);
        var (med, p95, rmed, rp95) = ErrorStats(landmarks, smoothed, shape, finalCam);
        var (bmed, _, _, _) = ErrorStats(landmarks, poses, shape, finalCam);
        var c2w = new double[n][];
        for (int i = 0; i < n; i++) c2w[i] = PoseConventions.CameraToWorldGl(smoothed[i]);
        return new HeadPoseResult
        {
            Width = width, Height = height, FocalPx = focal, InitialFocalPx = focal0,
            CameraToWorld = c2w, WorldToCamera = smoothed, UnsmoothedWorldToCamera = poses, Shape = shape,
            MedianErrorPx = med, P95ErrorPx = p95, RigidMedianErrorPx = rmed, RigidP95ErrorPx = rp95,
            BundleMedianErrorPx = bmed, BundleIterations = ba.Iterations, BundleElapsed = clock.Elapsed,
        };
    }

    private static void Validate(float[][] landmarks, int width, int height, HeadPoseOptions options)
    {
        if (width <= 0 || height <= 0)
            throw new EdgeAvatarException(ExitCodes.DataError, $"head pose: image size {width}x{height} is not positive");
        if (landmarks.Length < options.MinFrames)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"head pose: {landmarks.Length} frame(s) of landmarks; at least {options.MinFrames} are needed to fit " +
                "the face shape and focal length");
        for (int i = 0; i < landmarks.Length; i++)
        {
            var row = landmarks[i];
            if (row is null || row.Length != Values)
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"head pose: frame {i} has {row?.Length ?? 0} landmark values; expected {Values} (68 x, y pairs)");
            for (int j = 0; j < Values; j++)
                if (!float.IsFinite(row[j]))
                    throw new EdgeAvatarException(ExitCodes.DataError,
                        $"head pose: frame {i}, landmark {j / 2} has a non-finite coordinate ({row[j]}); " +
                        "drop or interpolate frames without a face before pose estimation");
        }
    }

    /// <summary>Median and 95th percentile of per-landmark 2-D errors, over all landmarks and over rigid ones.</summary>
    internal static (double Median, double P95, double RigidMedian, double RigidP95) ErrorStats(
        float[][] landmarks, ReadOnlySpan<FramePose> poses, ReadOnlySpan<Vec3d> shape, FocalIntrinsics cam)
    {
        var rigid = MeanFace68.RigidWeights;
        var all = new List<double>(landmarks.Length * MeanFace68.Count);
        var rig = new List<double>();
        for (int i = 0; i < landmarks.Length; i++)
            for (int k = 0; k < MeanFace68.Count; k++)
            {
                var pc = poses[i].Apply(shape[k]);
                var (u, v) = cam.Project(pc);
                double e = Math.Sqrt(Sq(u - landmarks[i][2 * k]) + Sq(v - landmarks[i][2 * k + 1]));
                all.Add(e);
                if (rigid[k] >= 0.7) rig.Add(e);
            }
        return (Percentile(all, 0.5), Percentile(all, 0.95), Percentile(rig, 0.5), Percentile(rig, 0.95));
    }

    private static double Sq(double x) => x * x;

    /// <summary>Linear-interpolated percentile (q in [0, 1]); sorts the list.</summary>
    internal static double Percentile(List<double> values, double q)
    {
        values.Sort();
        double pos = q * (values.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, values.Count - 1);
        return values[lo] + (pos - lo) * (values[hi] - values[lo]);
    }
}
