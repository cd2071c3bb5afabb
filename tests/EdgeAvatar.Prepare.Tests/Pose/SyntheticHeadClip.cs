using EdgeAvatar.Prepare.Pose;

namespace EdgeAvatar.Prepare.Tests.Pose;

/// <summary>
/// A synthetic talking-head clip with known answers: a perturbed mean face moved by smooth random head motion
/// (yaw +-30 deg, pitch +-15 deg, roll +-10 deg, translation +-3 cm sideways, +-5 cm in depth) in front of a camera
/// of known focal, projected, plus Gaussian landmark noise and a few outlier frames with gross landmark errors.
/// </summary>
internal sealed class SyntheticHeadClip
{
    public required float[][] Landmarks { get; init; }
    public required FramePose[] TruePoses { get; init; }
    public required Vec3d[] TrueShape { get; init; }
    public required double Focal { get; init; }
    public required int Size { get; init; }
    public required HashSet<int> OutlierFrames { get; init; }

    /// <summary>Camera distance of the head origin: 0.92 m, so the face is ~200 px wide at f = 1200 px, 512^2.</summary>
    public const double Distance = 92.0 / PoseConventions.CentimetresPerUnit;

    public static SyntheticHeadClip Generate(int frames, int seed, double noisePx, int outlierFrames,
        double focal = 1200, int size = 512, double fps = 25)
    {
        var rng = new Random(seed);
        var shape = MeanFace68.WorldUnits();
        double perturb = 0.15 / PoseConventions.CentimetresPerUnit; // 1.5 mm per coordinate: an individual face
        for (int k = 0; k < shape.Length; k++)
            shape[k] += new Vec3d(Gauss(rng) * perturb, Gauss(rng) * perturb, Gauss(rng) * perturb);

        var yaw = SmoothTrack(rng, frames, fps, 30 * Math.PI / 180);
        var pitch = SmoothTrack(rng, frames, fps, 15 * Math.PI / 180);
        var roll = SmoothTrack(rng, frames, fps, 10 * Math.PI / 180);
        var tx = SmoothTrack(rng, frames, fps, 3 / PoseConventions.CentimetresPerUnit);
        var ty = SmoothTrack(rng, frames, fps, 3 / PoseConventions.CentimetresPerUnit);
        var tz = SmoothTrack(rng, frames, fps, 5 / PoseConventions.CentimetresPerUnit);

        var poses = new FramePose[frames];
        for (int i = 0; i < frames; i++) poses[i] = HeadPose(yaw[i], pitch[i], roll[i], new Vec3d(tx[i], ty[i], Distance + tz[i]));

        var outliers = new HashSet<int>();
        while (outliers.Count < outlierFrames) outliers.Add(rng.Next(frames));

        var cam = FocalIntrinsics.Centred(focal, size, size);
        var lm = new float[frames][];
        for (int i = 0; i < frames; i++)
        {
            lm[i] = new float[136];
            for (int k = 0; k < 68; k++)
            {
                var (u, v) = cam.Project(poses[i].Apply(shape[k]));
                lm[i][2 * k] = (float)(u + noisePx * Gauss(rng));
                lm[i][2 * k + 1] = (float)(v + noisePx * Gauss(rng));
            }
            if (outliers.Contains(i))
            {
                // A detector blunder: 10 landmarks thrown 8-25 px in random directions.
                for (int j = 0; j < 10; j++)
                {
                    int k = rng.Next(68);
                    double a = rng.NextDouble() * 2 * Math.PI, r = 8 + 17 * rng.NextDouble();
                    lm[i][2 * k] += (float)(r * Math.Cos(a));
                    lm[i][2 * k + 1] += (float)(r * Math.Sin(a));
                }
            }
        }
        return new SyntheticHeadClip
        {
            Landmarks = lm, TruePoses = poses, TrueShape = shape, Focal = focal, Size = size, OutlierFrames = outliers,
        };
    }

    /// <summary>World-to-camera pose of a head turned by yaw (about world y), pitch (x), roll (z), seen by a camera
    /// facing it (OpenCV axes: world y up becomes camera y down, world z towards the camera becomes camera -z).</summary>
    public static FramePose HeadPose(double yaw, double pitch, double roll, Vec3d translation)
    {
        var rh = Mat3d.Exp(new Vec3d(0, yaw, 0)) * Mat3d.Exp(new Vec3d(pitch, 0, 0)) * Mat3d.Exp(new Vec3d(0, 0, roll));
        return new FramePose(Mat3d.Diagonal(1, -1, -1) * rh, translation);
    }

    /// <summary>Sum of three sinusoids of 0.05-0.6 Hz with random phases, scaled so the peak is +-amplitude.</summary>
    private static double[] SmoothTrack(Random rng, int frames, double fps, double amplitude)
    {
        var x = new double[frames];
        for (int j = 0; j < 3; j++)
        {
            double f = 0.05 + 0.55 * rng.NextDouble(), ph = 2 * Math.PI * rng.NextDouble(), a = 0.5 + rng.NextDouble();
            for (int i = 0; i < frames; i++) x[i] += a * Math.Sin(2 * Math.PI * f * i / fps + ph);
        }
        double peak = x.Max(Math.Abs);
        for (int i = 0; i < frames; i++) x[i] *= amplitude / peak;
        return x;
    }

    public static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Angle (degrees) of the relative rotation between two poses.</summary>
    public static double RotationErrorDegrees(FramePose a, FramePose b) =>
        (a.Rotation * b.Rotation.Transpose()).Log().Norm * 180 / Math.PI;
}
