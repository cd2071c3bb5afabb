namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// One frame's person matte. Invariants: <see cref="Mask"/> is 0/255 and is one 4-connected region without holes
/// (or empty); <see cref="Alpha"/> is Mask feathered (255 deep inside, 0 well outside, a ramp across the edge).
/// </summary>
public sealed record PersonMatte(ByteMap Alpha, ByteMap Mask, float Threshold, float NoiseSigma);
