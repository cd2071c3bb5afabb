namespace EdgeAvatar.Prepare.Dataset;

/// <summary>
/// How the landmarks were obtained: <see cref="InterpolatedFrames"/> lists frames whose face was lost and whose
/// landmarks were interpolated (those frames have valid = false); runs longer than <see cref="MaxLostFrames"/> fail prepare.
/// </summary>
public sealed record DatasetTracking(int MaxLostFrames, int Detections, IReadOnlyList<int> InterpolatedFrames);
