namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// One video frame. <see cref="CameraToWorld"/>: 16 floats, row-major 4×4, OpenGL camera axes, world = head frame
/// (Pose/CONVENTIONS.md). <see cref="Eye"/>: mean eye aspect ratio (≈0.3 open, &lt;0.1 closed).
/// <see cref="LipsBox"/>, <see cref="FaceBox"/>: output pixels. <see cref="Valid"/> is false where the face was lost
/// and the landmarks interpolated: train on valid frames only.
/// </summary>
public sealed record DatasetFrame(int Index, IReadOnlyList<double> CameraToWorld, double Eye, DatasetBox LipsBox, DatasetBox FaceBox, bool Valid);
