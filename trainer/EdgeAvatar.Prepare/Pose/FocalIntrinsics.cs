namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// The pose solver's pinhole intrinsics: one focal length (the solver fits log f), square pixels and no skew
/// (fx = fy = <see cref="Focal"/>), principal point at the image centre: cx = W/2, cy = H/2 in pixel-corner coordinates (pixel (0,0) covers [0,1)x[0,1), as dlib reports
/// landmark coordinates up to its 0.5 px centre offset, which is negligible next to landmark noise). Not a camera:
/// the one camera type is EdgeAvatar.Kernels.Rendering.PinholeCamera; the dataset stores these intrinsics as
/// <see cref="Dataset.DatasetIntrinsics"/>.
/// </summary>
public readonly record struct FocalIntrinsics(double Focal, double Cx, double Cy)
{
    public static FocalIntrinsics Centred(double focal, int width, int height) => new(focal, width * 0.5, height * 0.5);

    /// <summary>Focal length in pixels for a horizontal field of view (degrees) over an image <paramref name="width"/> wide.</summary>
    public static double FocalFromHorizontalFov(double fovDegrees, int width) =>
        0.5 * width / Math.Tan(0.5 * fovDegrees * Math.PI / 180);

    /// <summary>Projects a camera-space point (z forward); callers ensure z &gt; 0.</summary>
    public (double U, double V) Project(Vec3d pc) => (Focal * pc.X / pc.Z + Cx, Focal * pc.Y / pc.Z + Cy);
}
