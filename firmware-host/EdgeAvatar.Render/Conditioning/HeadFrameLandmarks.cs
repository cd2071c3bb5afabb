using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Render.Conditioning;

/// <summary>
/// Puts one frame's 2-D landmarks in the head's frame: each chosen landmark's camera ray (the dataset's camera
/// convention, <see cref="PinholeCamera"/>: pixel-corner intrinsics, OpenGL camera axes, camera_to_world columns)
/// is intersected with the face plane of <see cref="LandmarkFrameConfig"/>, and the hit is normalised by its box.
/// Landmarks are in the dataset's output pixels, the same pixel-corner coordinates the pose was fitted to, so they
/// go into the ray unshifted. Arithmetic is float64: the result must not depend on how far the camera stands.
/// </summary>
public static class HeadFrameLandmarks
{
    /// <summary>
    /// Head-frame (x, y) where the ray through image point (u, v) meets the plane z = <paramref name="planeZ"/>.
    /// False (x, y NaN) when the ray is parallel to the plane or meets it behind the camera.
    /// </summary>
    public static bool OnPlane(PinholeCamera camera, double u, double v, double planeZ, out double x, out double y)
    {
        ArgumentNullException.ThrowIfNull(camera);
        // Camera-space direction ((u − cx)/fx, −(v − cy)/fy, −1), rotated to the world by camera_to_world's columns.
        double xc = (u - camera.Cx) / camera.Fx, yc = -(v - camera.Cy) / camera.Fy;
        double dx = xc * camera.AxisX.X + yc * camera.AxisY.X - camera.AxisZ.X;
        double dy = xc * camera.AxisX.Y + yc * camera.AxisY.Y - camera.AxisZ.Y;
        double dz = xc * camera.AxisX.Z + yc * camera.AxisY.Z - camera.AxisZ.Z;
        double t = (planeZ - camera.Origin.Z) / dz;
        if (!(double.IsFinite(t) && t > 0))
        {
            x = y = double.NaN;
            return false;
        }
        x = camera.Origin.X + t * dx;
        y = camera.Origin.Y + t * dy;
        return true;
    }

    /// <summary>
    /// The configured landmarks of one frame on the face plane, normalised to [0, 1]² by the box and clamped.
    /// </summary>
    /// <param name="config">Landmark set, plane and box.</param>
    /// <param name="camera">The frame's camera (intrinsics and camera_to_world).</param>
    /// <param name="landmarks">68 × (u, v) in pixels, one frame of the dataset's landmarks.f32.</param>
    /// <param name="output">Indices.Length × (x, y), point-major, each in [0, 1].</param>
    /// <exception cref="ArgumentException">A landmark's ray misses the plane (camera behind or edge-on to the face).</exception>
    public static void Normalise(LandmarkFrameConfig config, PinholeCamera camera, ReadOnlySpan<float> landmarks,
        Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        if (landmarks.Length != 2 * LandmarkFrameConfig.DlibPointCount)
            throw new ArgumentException($"landmarks has {landmarks.Length} floats; one frame is {2 * LandmarkFrameConfig.DlibPointCount}.", nameof(landmarks));
        int[] indices = config.Indices;
        if (output.Length != 2 * indices.Length)
            throw new ArgumentException($"output has {output.Length} floats; {indices.Length} landmarks need {2 * indices.Length}.", nameof(output));
        for (int k = 0; k < indices.Length; k++)
        {
            int i = indices[k];
            if (!OnPlane(camera, landmarks[2 * i], landmarks[2 * i + 1], config.PlaneZ, out double x, out double y))
                throw new ArgumentException($"landmark {i}'s camera ray does not meet the face plane z = {config.PlaneZ}.", nameof(camera));
            output[2 * k] = Unit(x, config.BoxMin[0], config.BoxMax[0]);
            output[2 * k + 1] = Unit(y, config.BoxMin[1], config.BoxMax[1]);
        }
    }

    private static float Unit(double value, float min, float max)
        => (float)Math.Clamp((value - min) / ((double)max - min), 0.0, 1.0);
}
