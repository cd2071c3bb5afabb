using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Output of <see cref="TrackingStage"/>: per frame the fitted 68 landmarks (136 floats, output pixels) or null where
/// the face was lost; copies of a few frames for the background plate (<see cref="PlateSamples"/>[k] is frame
/// <see cref="PlateSampleIndices"/>[k]); the number of Haar detections run.
/// </summary>
public sealed record TrackingResult(
    IReadOnlyList<float[]?> Landmarks,
    int Detections,
    IReadOnlyList<RgbImage> PlateSamples,
    IReadOnlyList<int> PlateSampleIndices)
{
    public int FrameCount => Landmarks.Count;
}
