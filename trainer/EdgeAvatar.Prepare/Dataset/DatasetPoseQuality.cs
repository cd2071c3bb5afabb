namespace EdgeAvatar.Prepare.Dataset;

/// <summary>2-D reprojection error of the fitted head over all frames (px): all 68 landmarks and the rigid ones.</summary>
public sealed record DatasetPoseQuality(double MedianPx, double P95Px, double RigidMedianPx, double RigidP95Px);
