namespace EdgeAvatar.Prepare.Pose;

/// <summary>
/// A rigid world-to-camera transform as the solver uses it: X_cam = Rotation * X_world + Translation, camera axes
/// OpenCV-style (x right, y down, z forward, so visible points have z &gt; 0). Translation is in world units and is
/// the head origin's position in camera coordinates. Convert with <see cref="PoseConventions.CameraToWorldGl"/> for output.
/// </summary>
public readonly record struct FramePose(Mat3d Rotation, Vec3d Translation)
{
    public Vec3d Apply(Vec3d world) => Rotation * world + Translation;

    /// <summary>Left-multiplicative update: rotation exp(dw) R, translation t + dt (the solvers' step rule).</summary>
    public FramePose Step(Vec3d dw, Vec3d dt) => new(Mat3d.Exp(dw) * Rotation, Translation + dt);
}
