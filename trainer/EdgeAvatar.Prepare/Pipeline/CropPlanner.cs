using EdgeAvatar.Common;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Decode stage, part 1: plans the face-centred square crop from Haar detections on a few frames spread over the
/// clip, and rejects clips with no face or with several faces of comparable size.
/// <para>
/// Crop rule: side = min(W, H), shrunk to <see cref="FaceToCropRatio"/> × the face box side when the face is tiny (so
/// the face never fills less than 1/5 of the crop width); centred on the face horizontally; the face centre sits at
/// <see cref="FaceCentreFromTop"/> × side from the top (upper half, leaving room for neck and shoulders, which the
/// model also renders); finally clamped into the frame. The detector runs on frames shrunk to at most
/// <see cref="PlanningMaxSide"/> px (planning needs boxes, not detail; a 1080p detection costs 10× more).
/// </para>
/// </summary>
public static class CropPlanner
{
    public const int SampleFrames = 9;
    public const int PlanningMaxSide = 640;
    public const double FaceToCropRatio = 5.0;
    public const double FaceCentreFromTop = 0.42;
    /// <summary>A second face whose box area is at least this fraction of the largest one counts as another person
    /// (smaller ones are background pictures, monitors or false positives).</summary>
    public const double ComparableAreaRatio = 0.35;

    public static CropPlan Plan(MediaInfo info, HaarFaceDetector detector, MediaTools tools, CancellationToken ct)
    {
        VideoStreamInfo video = info.RequireVideo();
        double duration = info.DurationSeconds ?? video.DurationSeconds ?? 0;
        double scale = Math.Min(1.0, (double)PlanningMaxSide / Math.Max(video.Width, video.Height));
        int w = Math.Max(2, (int)Math.Round(video.Width * scale / 2) * 2);
        int h = Math.Max(2, (int)Math.Round(video.Height * scale / 2) * 2);
        // The fps filter at SampleFrames/duration yields frames spread evenly over the whole clip in one decode.
        var rate = new Rational(SampleFrames * 1000L, Math.Max(1L, (long)Math.Round(duration * 1000)));
        var readOptions = new VideoReadOptions { Fps = rate, OutputWidth = w, OutputHeight = h, MaxFrames = SampleFrames, CheckComplete = false };
        double sx = (double)video.Width / w, sy = (double)video.Height / h;

        var faces = new List<FaceBox>();
        var multiFaceFrames = new List<(int Frame, int Count)>();
        int sampled = 0;
        using (VideoFrameReader reader = VideoFrameReader.Open(info.Path, readOptions, tools))
        {
            foreach (VideoFrame frame in reader.ReadFrames(ct))
            {
                sampled++;
                var boxes = detector.Detect(new RgbFrame(frame.Width, frame.Height, frame.Rgb24))
                    .OrderByDescending(b => b.Area).ToList();
                if (boxes.Count == 0) continue;
                FaceBox largest = boxes[0];
                int comparable = boxes.Count(b => b.Area >= ComparableAreaRatio * largest.Area);
                if (comparable > 1) multiFaceFrames.Add((frame.Index, comparable));
                faces.Add(new FaceBox((int)Math.Round(largest.X * sx), (int)Math.Round(largest.Y * sy),
                    (int)Math.Round(largest.Width * sx), (int)Math.Round(largest.Height * sy)));
            }
        }
        if (sampled == 0)
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{info.Path}': no video frames could be decoded.");
        if (faces.Count == 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{info.Path}': no face found in {sampled} frames sampled over the clip; prepare needs one person facing the camera.");
        // Majority rule: a single spurious detection on one frame must not reject a good clip.
        if (multiFaceFrames.Count * 2 >= faces.Count)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{info.Path}': more than one face ({multiFaceFrames.Max(m => m.Count)} of comparable size) on {multiFaceFrames.Count} of " +
                $"{sampled} sampled frames; prepare needs a video of exactly one person.");

        var median = new FaceBox(Median(faces, f => f.X), Median(faces, f => f.Y), Median(faces, f => f.Width), Median(faces, f => f.Height));
        return new CropPlan(CropFor(video.Width, video.Height, median), median, sampled, faces.Count);
    }

    /// <summary>The crop rule (see the type comment), exposed for tests.</summary>
    public static CropRect CropFor(int width, int height, FaceBox face)
    {
        double side = Math.Min(Math.Min(width, height), FaceToCropRatio * Math.Max(face.Width, face.Height));
        int s = Math.Max(2, (int)Math.Floor(side / 2) * 2);
        int x = (int)Math.Round(face.CenterX - s / 2.0);
        int y = (int)Math.Round(face.CenterY - FaceCentreFromTop * s);
        x = Math.Clamp(x, 0, width - s);
        y = Math.Clamp(y, 0, height - s);
        return new CropRect(x, y, s, s);
    }

    private static int Median(List<FaceBox> boxes, Func<FaceBox, int> value)
    {
        var v = boxes.Select(value).Order().ToList();
        return v[v.Count / 2];
    }
}
