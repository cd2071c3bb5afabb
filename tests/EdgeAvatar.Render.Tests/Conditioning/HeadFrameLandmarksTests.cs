using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Conditioning;

namespace EdgeAvatar.Render.Tests.Conditioning;

/// <summary>
/// <see cref="HeadFrameLandmarks"/> against the dataset's documented camera convention
/// (trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md), written out here independently: a camera-to-world rotation Q
/// (OpenGL axes) and centre C give the solver's world-to-camera p = R X + t with R = diag(1, −1, −1)·Qᵀ,
/// t = −R C, and u = f p.x/p.z + cx, v = f p.y/p.z + cy. Points placed on the face plane in the head frame and
/// projected through different poses must come back to the same normalised head-frame coordinates.
/// </summary>
public class HeadFrameLandmarksTests
{
    private const int Size = 512;
    private const float Focal = 1200f;

    /// <summary>(yaw, pitch, roll in degrees, camera distance, centre offset) of the test poses.</summary>
    private static readonly (double Yaw, double Pitch, double Roll, double Dist, double Ox, double Oy, double Oz)[] s_poses =
    [
        (0, 0, 0, 3.7, 0, 0, 0),
        (25, 0, 0, 3.7, 0, 0, 0),
        (-18, -12, 8, 4.2, 0.3, -0.2, 0.1),
        (10, 20, -15, 3.1, -0.25, 0.35, -0.4),
        (-30, 8, 25, 5.0, 0.1, 0.1, 0.6),
    ];

    [Fact]
    public void Points_on_the_face_plane_come_back_to_their_head_frame_coordinates_from_every_pose()
    {
        // A non-default set, plane and box, so indices, plane height and box are all exercised.
        var config = new LandmarkFrameConfig
        {
            Indices = [57, 3, 48, 66, 8, 13],
            PlaneZ = 0.12f,
            BoxMin = [-0.5f, -0.7f],
            BoxMax = [0.4f, 0.2f],
        };
        double[] xs = [-0.35, 0.3, -0.1, 0.05, 0.0, 0.22];
        double[] ys = [-0.55, 0.1, -0.3, -0.45, 0.0, -0.2];

        foreach (var pose in s_poses)
        {
            (float[] c2w, double[,] r, double[] t) = Camera(pose.Yaw, pose.Pitch, pose.Roll, pose.Dist, pose.Ox, pose.Oy, pose.Oz);
            var camera = new PinholeCamera(Size, Size, Focal, Focal, Size / 2f, Size / 2f, c2w);
            var landmarks = new float[2 * LandmarkFrameConfig.DlibPointCount];
            Array.Fill(landmarks, 1e6f); // landmarks outside the set must not be read
            for (int k = 0; k < config.Indices.Length; k++)
            {
                (double u, double v) = ProjectOpenCv(r, t, xs[k], ys[k], config.PlaneZ);
                landmarks[2 * config.Indices[k]] = (float)u;
                landmarks[2 * config.Indices[k] + 1] = (float)v;
            }

            var output = new float[2 * config.Indices.Length];
            HeadFrameLandmarks.Normalise(config, camera, landmarks, output);

            for (int k = 0; k < config.Indices.Length; k++)
            {
                double ex = (xs[k] - -0.5) / (0.4 - -0.5), ey = (ys[k] - -0.7) / (0.2 - -0.7);
                Assert.True(Math.Abs(output[2 * k] - ex) < 1e-4 && Math.Abs(output[2 * k + 1] - ey) < 1e-4,
                    $"pose {pose}: landmark {config.Indices[k]} came back at ({output[2 * k]}, {output[2 * k + 1]}), expected ({ex}, {ey}).");
            }
        }
    }

    [Fact]
    public void A_point_outside_the_box_is_clamped_to_its_edge()
    {
        var config = new LandmarkFrameConfig { Indices = [0, 1] };
        (float[] c2w, double[,] r, double[] t) = Camera(10, 5, 0, 3.7, 0, 0, 0);
        var camera = new PinholeCamera(Size, Size, Focal, Focal, Size / 2f, Size / 2f, c2w);
        var landmarks = new float[2 * LandmarkFrameConfig.DlibPointCount];
        // Landmark 0 left of and above the default box ([-0.45, 0.45] × [-0.65, 0.15]), landmark 1 right of and below it.
        (double u0, double v0) = ProjectOpenCv(r, t, -0.6, 0.3, config.PlaneZ);
        (double u1, double v1) = ProjectOpenCv(r, t, 0.7, -0.9, config.PlaneZ);
        landmarks[0] = (float)u0; landmarks[1] = (float)v0; landmarks[2] = (float)u1; landmarks[3] = (float)v1;

        var output = new float[4];
        HeadFrameLandmarks.Normalise(config, camera, landmarks, output);

        Assert.Equal([0f, 1f, 1f, 0f], output);
    }

    [Fact]
    public void Validate_names_an_out_of_range_index_a_repeated_index_and_an_empty_box()
    {
        var config = new LandmarkFrameConfig { Indices = [3, 68, 3], BoxMin = [0f, 0f], BoxMax = [1f, 0f] };
        IReadOnlyList<string> problems = config.Validate();
        Assert.Contains(problems, p => p.Contains("68", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("axis 1", StringComparison.Ordinal));
        Assert.Empty(new LandmarkFrameConfig().Validate());
    }

    /// <summary>
    /// camera_to_world (row-major floats, as the dataset stores it) of rotation Q = Ry(yaw)·Rx(pitch)·Rz(roll) and
    /// centre C = Q·(0, 0, dist) + offset (the camera looks at the head from its +z side), and the OpenCV-form
    /// world-to-camera R, t computed from those float values.
    /// </summary>
    private static (float[] C2w, double[,] R, double[] T) Camera(double yaw, double pitch, double roll, double dist,
        double ox, double oy, double oz)
    {
        double[,] q = Mul(Mul(RotY(yaw), RotX(pitch)), RotZ(roll));
        double[] c = [q[0, 2] * dist + ox, q[1, 2] * dist + oy, q[2, 2] * dist + oz];
        var c2w = new float[16];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                c2w[4 * i + j] = (float)q[i, j];
            c2w[4 * i + 3] = (float)c[i];
        }
        c2w[15] = 1f;
        // R = diag(1, −1, −1)·Qᵀ from the stored floats; t = −R·C.
        var r = new double[3, 3];
        double[] flip = [1, -1, -1];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i, j] = flip[i] * c2w[4 * j + i];
        var t = new double[3];
        for (int i = 0; i < 3; i++)
            t[i] = -(r[i, 0] * c2w[3] + r[i, 1] * c2w[7] + r[i, 2] * c2w[11]);
        return (c2w, r, t);
    }

    private static (double U, double V) ProjectOpenCv(double[,] r, double[] t, double x, double y, double z)
    {
        double px = r[0, 0] * x + r[0, 1] * y + r[0, 2] * z + t[0];
        double py = r[1, 0] * x + r[1, 1] * y + r[1, 2] * z + t[1];
        double pz = r[2, 0] * x + r[2, 1] * y + r[2, 2] * z + t[2];
        Assert.True(pz > 0, "test point is behind the camera");
        return (Focal * px / pz + Size / 2.0, Focal * py / pz + Size / 2.0);
    }

    private static double[,] RotX(double deg)
    {
        double a = deg * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        return new double[,] { { 1, 0, 0 }, { 0, c, -s }, { 0, s, c } };
    }

    private static double[,] RotY(double deg)
    {
        double a = deg * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        return new double[,] { { c, 0, s }, { 0, 1, 0 }, { -s, 0, c } };
    }

    private static double[,] RotZ(double deg)
    {
        double a = deg * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        return new double[,] { { c, -s, 0 }, { s, c, 0 }, { 0, 0, 1 } };
    }

    private static double[,] Mul(double[,] a, double[,] b)
    {
        var m = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    m[i, j] += a[i, k] * b[k, j];
        return m;
    }
}
