namespace EdgeAvatar.Prepare.Landmarks;

/// <summary>
/// One frame's tracking outcome: <see cref="Shape"/> is null when no face was found; <see cref="Detected"/> says the
/// box came from the Haar detector this frame (first frame or after a loss) rather than from the previous landmarks.
/// </summary>
public sealed record TrackedFace(FaceShape? Shape, bool Detected, ShapeFitQuality? Quality);
