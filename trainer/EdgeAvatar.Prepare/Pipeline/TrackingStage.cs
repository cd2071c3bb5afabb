using EdgeAvatar.Common.Progress;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Decode stage, part 2, fused with tracking: one ffmpeg pass (fps → crop → scale) whose frames go to
/// <see cref="FaceTracker"/> (Haar on the first frame and after a loss, landmarks every frame) and, unchanged, to the
/// lossless frame writer. Tracking is inherently sequential (frame k's box comes from frame k-1's landmarks); the
/// decoder and the encoder are separate ffmpeg processes, so they run on the other core meanwhile.
/// </summary>
public static class TrackingStage
{
    /// <summary>About this many frames are kept (copied) for the background plate estimate.</summary>
    public const int PlateSampleTarget = 100;

    public static TrackingResult Run(
        string videoPath, VideoReadOptions readOptions, FaceTracker tracker, VideoEncoder? frameWriter,
        int expectedFrames, ProgressReporter progress, MediaTools tools, CancellationToken ct)
    {
        int stride = Math.Max(1, expectedFrames / PlateSampleTarget);
        var landmarks = new List<float[]?>(expectedFrames + 8);
        var samples = new List<RgbImage>();
        var sampleIndices = new List<int>();
        long trackerTicks = 0;
        progress.Begin("[track]", expectedFrames, "frames");
        using (VideoFrameReader reader = VideoFrameReader.Open(videoPath, readOptions, tools))
        {
            foreach (VideoFrame frame in reader.ReadFrames(ct))
            {
                var rgb = new RgbFrame(frame.Width, frame.Height, frame.Rgb24);
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                TrackedFace tracked = tracker.Next(rgb);
                trackerTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
                landmarks.Add(tracked.Shape?.Coordinates.ToArray());
                frameWriter?.WriteFrame(frame.Rgb24.Span);
                if (frame.Index % stride == 0)
                {
                    // The reader reuses its buffer for every frame: keep a copy.
                    samples.Add(new RgbImage(frame.Width, frame.Height, frame.Rgb24.ToArray()));
                    sampleIndices.Add(frame.Index);
                }
                progress.Advance();
            }
        }
        progress.End();
        progress.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"[track] {landmarks.Count} frames, landmarks {System.Diagnostics.Stopwatch.GetElapsedTime(0, trackerTicks).TotalSeconds:F1} s of it, {tracker.DetectionCount} detections"));
        return new TrackingResult(landmarks, tracker.DetectionCount, samples, sampleIndices);
    }
}
