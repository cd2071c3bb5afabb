using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Detection;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// The fixed square crop of a clip in source pixels (static camera: one crop for every frame), the median face box
/// it was planned from, and how many sampled frames showed a face.
/// Invariants: Crop is square, its side even, and it lies inside the source frame.
/// </summary>
public sealed record CropPlan(CropRect Crop, FaceBox MedianFace, int SampledFrames, int FramesWithFace);
