namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>Where <see cref="SegmentationStage"/> sends each frame's results (all written in frame order).</summary>
public sealed record SegmentationOutputs(MaskPlaneWriter Labels, MaskPlaneWriter Alpha, MaskPlaneWriter FaceMask, ContactSheet Sheet, QaVideo? Qa);
