namespace EdgeAvatar.Prepare.Detection;

/// <summary>
/// A Haar-like feature: the weighted sum of 2 or 3 rectangle sums (OpenCV stores at most 3). Upright only; the
/// reader rejects tilted features, which the frontal cascades never use.
/// </summary>
public sealed record HaarFeature(IReadOnlyList<HaarRect> Rects);
