using EdgeAvatar.Common;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// The trivial floor every metric is reported beside: one constant image, the per-pixel mean (rounded half up) of
/// the dataset's Train range, including frames whose face was lost (they are still real pictures of the scene).
/// A model that does not beat it on the Val range has learnt nothing frame-specific. Pixels: W×H×3 rgb24.
/// </summary>
public sealed class MeanImageBaseline
{
    public MeanImageBaseline(int width, int height, byte[] pixels, int frameCount)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0 || pixels.Length != (long)width * height * 3)
            throw new ArgumentException($"Mean image {width}x{height} needs {(long)width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
        FrameCount = frameCount;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>Number of frames averaged.</summary>
    public int FrameCount { get; }

    public static MeanImageBaseline From(MeanImageAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        return new MeanImageBaseline(accumulator.Width, accumulator.Height, accumulator.Mean(), accumulator.Count);
    }

    /// <summary>
    /// Decodes the Train range of <paramref name="dataset"/>'s frames.mkv and averages it. <see cref="EvalRunner"/>
    /// does the same within its single decoding pass; this is for callers that want only the baseline.
    /// </summary>
    public static MeanImageBaseline Compute(DatasetReader dataset, IProgress<EvalProgress>? progress = null,
        MediaTools? tools = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        DatasetManifest m = dataset.Manifest;
        var sum = new MeanImageAccumulator(m.Width, m.Height);
        string path = dataset.PathOf(m.Files.Frames);
        foreach (VideoFrame frame in dataset.ReadFrames(m.Split.Train.End, tools, cancellationToken))
        {
            sum.Add(frame.Rgb24.Span);
            progress?.Report(new EvalProgress(EvalPhase.Baseline, sum.Count, m.Split.Train.Count));
        }
        if (sum.Count < m.Split.Train.End)
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}' ended after {sum.Count} frames; the manifest promises {m.FrameCount}.");
        return From(sum);
    }
}
