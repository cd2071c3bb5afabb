namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// Units and axes of the pose output; CONVENTIONS.md is the full statement and this type is its executable form.
/// <list type="bullet">
/// <item>World = head frame: x towards the subject's left, y up, z out of the face; origin between the eyes' height
/// and the ear plane (see <see cref="MeanFace68"/>). The head is fixed and the camera moves, as in RAD-NeRF.</item>
/// <item>1 world unit = <see cref="CentimetresPerUnit"/> cm, chosen so an adult head (about 16 cm wide, 23 cm chin to
/// crown, 20 cm deep) fits the RAD-NeRF box [-1,-0.5,-1]..[1,0.5,1] with margin whichever box axis is the short one.</item>
/// <item>Camera-to-world matrices use OpenGL camera axes: x right, y up, the camera looks down its -z.</item>
/// </list>
/// </summary>
public static class PoseConventions
{
    /// <summary>Centimetres per world unit (so 1 unit = 0.25 m).</summary>
    public const double CentimetresPerUnit = 25.0;

    /// <summary>Axis-aligned box the head must fit, world units: min corner.</summary>
    public static Vec3d BoxMin => new(-1, -0.5, -1);

    /// <summary>Axis-aligned box the head must fit, world units: max corner.</summary>
    public static Vec3d BoxMax => new(1, 0.5, 1);

    /// <summary>
    /// Camera-to-world 4x4 (row-major, 16 values, last row 0 0 0 1) with OpenGL camera axes, from a solver pose.
    /// The solver's pose maps world to an OpenCV camera (x right, y down, z forward); OpenGL axes are OpenCV's with
    /// y and z negated, so c2w_gl = [R^T diag(1,-1,-1) | -R^T t].
    /// </summary>
    public static double[] CameraToWorldGl(FramePose pose)
    {
        var rt = pose.Rotation.Transpose();
        var c = -(rt * pose.Translation);
        return
        [
            rt.M00, -rt.M01, -rt.M02, c.X,
            rt.M10, -rt.M11, -rt.M12, c.Y,
            rt.M20, -rt.M21, -rt.M22, c.Z,
            0, 0, 0, 1,
        ];
    }

    /// <summary>Inverse of <see cref="CameraToWorldGl"/>: the solver pose of a camera-to-world OpenGL matrix.</summary>
    public static FramePose FromCameraToWorldGl(ReadOnlySpan<double> m)
    {
        if (m.Length != 16) throw new ArgumentException("expected 16 values (row-major 4x4)", nameof(m));
        // R^T = c2w rotation with columns 1 and 2 negated back; R = its transpose.
        var rt = new Mat3d(m[0], -m[1], -m[2], m[4], -m[5], -m[6], m[8], -m[9], -m[10]);
        var r = rt.Transpose();
        var t = -(r * new Vec3d(m[3], m[7], m[11]));
        return new FramePose(r, t);
    }
}
