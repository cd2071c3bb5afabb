using EdgeAvatar.Common;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Background plate: --chroma colour, --background picture or video of the empty scene, or estimated from the clip.
/// A given picture/video with the source's frame size gets the clip's crop (same camera); any other size is taken as
/// already framed and resized. A video gives the per-pixel median of up to <see cref="VideoPlateFrames"/> frames spread
/// over it (robust to a passer-by or sensor noise); a single-frame file is simply its first frame.
/// </summary>
public static class PlateStage
{
    public const int VideoPlateFrames = 15;

    /// <summary>Returns the plate and its kind name for the manifest ("chroma", "image", "video", "estimated").</summary>
    public static (BackgroundPlate Plate, string Kind) Run(PrepareOptions options, MediaInfo source, CropRect crop,
        TrackingResult tracking, LandmarkTrack track, CancellationToken ct)
    {
        int size = options.Size;
        if (options.ChromaColour is string colour)
            return (BackgroundPlate.FromChroma(colour, size, size), "chroma");
        if (options.BackgroundPath is string path)
        {
            var (image, isVideo) = LoadBackground(path, source, crop, size, options.Tools, ct);
            return (BackgroundPlate.FromImage(image, size, size), isVideo ? "video" : "image");
        }
        var landmarks = tracking.PlateSampleIndices
            .Select(i => track.Valid[i] ? new FaceLandmarks(track.Landmarks[i]) : null).ToList();
        return (new BackgroundPlateEstimator().Estimate(tracking.PlateSamples, landmarks), "estimated");
    }

    private static (RgbImage Image, bool IsVideo) LoadBackground(string path, MediaInfo source, CropRect crop, int size, MediaTools tools, CancellationToken ct)
    {
        MediaInfo info = MediaProbe.Probe(path, MediaNeeds.Video, tools);
        VideoStreamInfo v = info.RequireVideo();
        bool sameCamera = v.Width == source.Video!.Width && v.Height == source.Video.Height;
        double duration = info.DurationSeconds ?? 0;
        // Images report no duration (or 0.04 s for one frame); treat anything under 0.5 s as a still.
        bool isVideo = duration >= 0.5 && (v.FrameCount is null || v.FrameCount > 1);
        var read = new VideoReadOptions
        {
            Crop = sameCamera ? crop : null,
            OutputWidth = size,
            OutputHeight = size,
            Fps = isVideo ? new Rational(VideoPlateFrames * 1000L, (long)Math.Round(duration * 1000)) : null,
            MaxFrames = isVideo ? VideoPlateFrames : 1,
            CheckComplete = false,
        };
        var frames = new List<byte[]>();
        using (VideoFrameReader reader = VideoFrameReader.Open(path, read, tools))
        {
            foreach (VideoFrame f in reader.ReadFrames(ct)) frames.Add(f.Rgb24.ToArray());
        }
        if (frames.Count == 0) throw new EdgeAvatarException(ExitCodes.DataError, $"Background '{path}' has no decodable frame.");
        return (new RgbImage(size, size, MedianOf(frames)), isVideo);
    }

    private static byte[] MedianOf(List<byte[]> frames)
    {
        if (frames.Count == 1) return frames[0];
        var result = new byte[frames[0].Length];
        Parallel.For(0, result.Length / 4096 + 1, chunk =>
        {
            Span<byte> values = stackalloc byte[frames.Count];
            int end = Math.Min(result.Length, (chunk + 1) * 4096);
            for (int i = chunk * 4096; i < end; i++)
            {
                for (int k = 0; k < frames.Count; k++) values[k] = frames[k][i];
                values.Sort();
                result[i] = values[values.Length / 2];
            }
        });
        return result;
    }
}
