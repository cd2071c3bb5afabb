using System.Numerics;

namespace EdgeAvatar.Render.Avatar;

/// <summary>
/// The 6 numbers that condition the torso on the head pose: the camera rotation as an axis-angle vector (radians)
/// and the camera centre minus the clip's mean centre (world units). In our head-fixed world the camera moves, so
/// the camera pose is the (inverse) head pose; centring keeps the inputs near zero where the frequency encoding is
/// best conditioned.
/// </summary>
public static class HeadPoseFeatures
{
    public const int Width = 6;

    public static void FromCameraToWorld(ReadOnlySpan<float> c2w, ReadOnlySpan<float> meanCentre, Span<float> pose)
    {
        // Rotation matrix (row-major 3×3 inside the 4×4) → axis-angle via the quaternion (robust near identity).
        var m = new Matrix4x4(c2w[0], c2w[4], c2w[8], 0, c2w[1], c2w[5], c2w[9], 0, c2w[2], c2w[6], c2w[10], 0, 0, 0, 0, 1);
        var q = Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(m));
        if (q.W < 0) q = -q;
        float s = MathF.Sqrt(q.X * q.X + q.Y * q.Y + q.Z * q.Z);
        float angle = 2f * MathF.Atan2(s, q.W);
        float k = s > 1e-8f ? angle / s : 2f;
        pose[0] = q.X * k; pose[1] = q.Y * k; pose[2] = q.Z * k;
        pose[3] = c2w[3] - meanCentre[0];
        pose[4] = c2w[7] - meanCentre[1];
        pose[5] = c2w[11] - meanCentre[2];
    }
}
