namespace EdgeAvatar.Train.Eval;

/// <summary>
/// One part region of the dataset's label maps (background, head, neck, torso) over all scored frames: PSNR of the
/// model's render and of the mean-image baseline from the squared error pooled over the region's pixels (not a mean
/// of per-frame values: a region can be a few pixels in one frame), the region's share of the model's full-frame
/// squared error, and its share of the scored pixels. PSNRs are null when no scored pixel carries the label.
/// </summary>
public sealed record RegionScore(string Region, double? Psnr, double? BaselinePsnr, double ErrorShare, double PixelShare);
