using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Prepare.Tests.TestSupport;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

/// <summary>
/// ~100 frames of samples/train/cnn_anchor_71s_512.mp4 (every 17th of 1775), decoded once per test class, with the
/// plate estimated from them.
/// Landmarks: no detector was available when these tests were written, so every frame gets the same template
/// landmarks placed on a face box read off the clip by eye (jaw ends x 138/382 at ear level, brows y 203,
/// chin y 422; the anchor's head moves only a few pixels). Checked visually in the debug PNGs.
/// </summary>
public sealed class RealClipFixture
{
    public const string Clip = "cnn_anchor_71s_512.mp4";

    public RealClipFixture()
    {
        var path = SampleClips.SamplePath(Clip);
        if (path is null || !SampleClips.FfmpegAvailable())
        {
            return;
        }
        Frames = SampleClips.EveryNth(path, step: 17, count: 105, 512, 512);
        Landmarks = TemplateLandmarks.PlaceLandmarks(138, 382, 203, 422);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Plate = new BackgroundPlateEstimator().Estimate(Frames, Frames.Select(_ => (FaceLandmarks?)Landmarks).ToList());
        PlateMilliseconds = sw.Elapsed.TotalMilliseconds;
    }

    public List<RgbImage>? Frames { get; }
    public FaceLandmarks? Landmarks { get; }
    public BackgroundPlate? Plate { get; }
    public double PlateMilliseconds { get; }
    public bool Ready => Frames is { Count: > 50 } && Plate is not null;
}
