namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Output of <see cref="HeadPoseEstimator.Estimate"/> for one clip. Conventions (CONVENTIONS.md): world = head frame
/// in world units (1 unit = 25 cm), camera-to-world matrices with OpenGL camera axes, intrinsics in pixels of the
/// landmark images (fx = fy = <see cref="FocalPx"/>, principal point at the image centre).
/// </summary>
public sealed class HeadPoseResult
{
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>Focal length in pixels (fx = fy).</summary>
    public required double FocalPx { get; init; }

    /// <summary>Principal point x in pixels (= Width / 2).</summary>
    public double Cx => Width * 0.5;

    /// <summary>Principal point y in pixels (= Height / 2).</summary>
    public double Cy => Height * 0.5;

    /// <summary>The focal the 1-D search started the bundle adjustment from (diagnostic).</summary>
    public required double InitialFocalPx { get; init; }

    /// <summary>Per frame, camera-to-world 4x4, row-major, OpenGL camera axes (smoothed poses).</summary>
    public required IReadOnlyList<double[]> CameraToWorld { get; init; }

    /// <summary>Per frame, the smoothed world-to-camera poses in the solver's OpenCV camera axes.</summary>
    public required IReadOnlyList<FramePose> WorldToCamera { get; init; }

    /// <summary>Per frame, the bundle-adjusted poses before smoothing (diagnostic).</summary>
    public required IReadOnlyList<FramePose> UnsmoothedWorldToCamera { get; init; }

    /// <summary>The fitted 68-point shape in world units (head frame).</summary>
    public required IReadOnlyList<Vec3d> Shape { get; init; }

    /// <summary>Median over all frames and all 68 landmarks of the 2-D reprojection error (px), final poses.</summary>
    public required double MedianErrorPx { get; init; }

    /// <summary>95th percentile of the same errors (px).</summary>
    public required double P95ErrorPx { get; init; }

    /// <summary>Median / 95th percentile over the rigid landmarks only (eye corners, nose, mouth corners), final poses.</summary>
    public required double RigidMedianErrorPx { get; init; }

    /// <summary>95th percentile over the rigid landmarks, final poses.</summary>
    public required double RigidP95ErrorPx { get; init; }

    /// <summary>Median error (px, all landmarks) of the unsmoothed bundle-adjusted poses.</summary>
    public required double BundleMedianErrorPx { get; init; }

    /// <summary>Levenberg-Marquardt iterations taken by the bundle adjustment.</summary>
    public required int BundleIterations { get; init; }

    /// <summary>Wall time of the bundle adjustment alone (diagnostic; never asserted on).</summary>
    public required TimeSpan BundleElapsed { get; init; }
}
