using EdgeAvatar.Common;
using EdgeAvatar.Common.Progress;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Pose;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Pipeline;

/// <summary>
/// Segmentation stage: a second decode of the source (same fps/crop/scale, hence the very frames tracking saw and the
/// lossless writer stored — ffmpeg decoding is deterministic), then per chunk of <see cref="ChunkPerThread"/> × threads
/// frames: <see cref="FrameSegmenter.Segment"/> (and the QA overlay where needed) in Parallel.For, followed by the
/// in-order writes of the label / alpha / face-mask planes and the QA outputs on this thread. Re-decoding instead of
/// keeping every frame keeps memory bounded by the chunk whatever the clip length.
/// </summary>
public static class SegmentationStage
{
    public const int ChunkPerThread = 4;

    public static SegmentationFrameInfo[] Run(string videoPath, VideoReadOptions readOptions, LandmarkTrack track,
        HeadPoseResult pose, BackgroundPlate plate, SegmentationOutputs outputs, int threads, ProgressReporter progress, MediaTools tools,
        CancellationToken ct)
    {
        int n = track.FrameCount;
        var segmenter = new FrameSegmenter(plate);
        var faces = track.Landmarks.Select(l => new FaceLandmarks(l)).ToArray();
        var info = new SegmentationFrameInfo[n];
        int chunk = Math.Max(1, threads) * ChunkPerThread;
        var buffers = new List<byte[]>();
        var results = new FrameSegmentation[chunk];
        var overlays = new RgbImage?[chunk];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = ct };

        progress.Begin("[segment]", n, "frames");
        int next = 0;
        using VideoFrameReader reader = VideoFrameReader.Open(videoPath, readOptions, tools);
        using IEnumerator<VideoFrame> frames = reader.ReadFrames(ct).GetEnumerator();
        while (next < n)
        {
            int count = 0;
            while (count < chunk && next + count < n && frames.MoveNext())
            {
                if (buffers.Count <= count) buffers.Add(new byte[reader.FrameBytes]);
                frames.Current.Rgb24.Span.CopyTo(buffers[count]);
                count++;
            }
            if (count == 0)
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"'{videoPath}' decoded to {next} frames on the second pass but {n} on the first; is the file changing?");
            int first = next;
            Parallel.For(0, count, parallel, k =>
            {
                int index = first + k;
                var image = new RgbImage(reader.Width, reader.Height, buffers[k]);
                FrameSegmentation seg = segmenter.Segment(image, faces[index]);
                results[k] = seg;
                overlays[k] = outputs.Sheet.Wants(index) || (outputs.Qa?.Wants(index) ?? false)
                    ? OverlayRenderer.Render(image, seg, track.Landmarks[index], pose.WorldToCamera[index], pose.FocalPx, track.Valid[index])
                    : null;
            });
            for (int k = 0; k < count; k++)
            {
                int index = first + k;
                FrameSegmentation seg = results[k];
                outputs.Labels.Write(seg.Labels.Data);
                outputs.Alpha.Write(seg.Alpha.Data);
                outputs.FaceMask.Write(seg.FaceMask.Data);
                info[index] = new SegmentationFrameInfo(seg.LipsBox, seg.EyeOpenness);
                if (overlays[k] is RgbImage overlay)
                {
                    outputs.Sheet.Offer(index, overlay);
                    if (outputs.Qa is QaVideo qa && qa.Wants(index)) qa.Write(new RgbImage(reader.Width, reader.Height, buffers[k]), overlay);
                }
                results[k] = null!;
                overlays[k] = null;
            }
            next += count;
            progress.Advance(count);
        }
        progress.End();
        return info;
    }
}
