using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeAvatar.Prepare.Tests.Landmarks;

/// <summary>Tracking over consecutive real frames, and recovery after a loss.</summary>
[Collection(FaceModelsCollection.Name)]
public sealed class FaceTrackerTests(FaceModelsFixture models, ITestOutputHelper output)
{
    [SkippableFact]
    public void Keeps_the_face_over_consecutive_frames_with_a_single_detection()
    {
        Skip.If(models.Detector is null || models.Predictor is null, "models not installed");
        var clip = SampleClips.SamplePath("cnn_anchor_71s_512.mp4");
        Skip.If(clip is null || !SampleClips.FfmpegAvailable(), "sample clip or ffmpeg unavailable");
        var frames = SampleClips.Consecutive(clip!, 300, 60, FaceModelsFixture.FrameSize, FaceModelsFixture.FrameSize)
            .Select(f => f.ToFrame()).ToList();
        Assert.Equal(60, frames.Count);
        var tracker = new FaceTracker(models.Detector!, models.Predictor!);
        double worstResidual = 0, worstOverlap = 1, worstDrift = 0;
        foreach (var frame in frames)
        {
            var t = tracker.Next(frame);
            Assert.NotNull(t.Shape);
            var q = t.Quality!.Value;
            worstResidual = Math.Max(worstResidual, q.Residual);
            worstOverlap = Math.Min(worstOverlap, q.BoxOverlap);
            // Independent check: each tracked fit stays close to a fit from a fresh detection on the same frame.
            var fresh = models.Predictor!.Predict(frame,
                Prepare.Detection.LandmarkBoxCorrection.ForShapePredictor(
                    models.Detector!.Detect(frame, new() { MinSize = 80 }).Single()));
            double d = 0;
            for (int i = 0; i < fresh.Count; i++)
            {
                d += Math.Sqrt(Math.Pow(fresh.X(i) - t.Shape!.X(i), 2) + Math.Pow(fresh.Y(i) - t.Shape.Y(i), 2));
            }
            worstDrift = Math.Max(worstDrift, d / fresh.Count / q.Scale);
        }
        output.WriteLine($"60 frames, {tracker.DetectionCount} detection(s); worst residual {worstResidual:F4}, " +
            $"worst box overlap {worstOverlap:F3}, worst mean distance to a fresh fit {worstDrift:F4} box sides");
        Assert.Equal(1, tracker.DetectionCount);
        Assert.True(worstDrift < 0.05, $"tracked landmarks drifted {worstDrift:F4} box sides from fresh fits");
    }

    [SkippableFact]
    public void Reports_no_face_on_a_blank_frame_and_detects_again_afterwards()
    {
        Skip.If(models.Detector is null || models.Predictor is null || models.ReferenceFrames is null,
            "models or reference frames unavailable");
        var face = models.ReferenceFrames![0].Frame;
        var blankPixels = new byte[face.Width * face.Height * 3];
        Array.Fill(blankPixels, (byte)40);
        var blank = new RgbFrame(face.Width, face.Height, blankPixels);
        var tracker = new FaceTracker(models.Detector!, models.Predictor!);

        var first = tracker.Next(face);
        Assert.True(first.Detected);
        Assert.NotNull(first.Shape);
        Assert.False(tracker.Next(face).Detected);

        var lost = tracker.Next(blank);
        Assert.Null(lost.Shape);
        Assert.True(lost.Detected);

        var back = tracker.Next(face);
        Assert.True(back.Detected);
        Assert.NotNull(back.Shape);
        Assert.Equal(3, tracker.DetectionCount);
    }
}
