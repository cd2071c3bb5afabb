using System.Diagnostics;
using EdgeAvatar.Common;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Dataset;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Runs an evaluation of a renderer on a prepared dataset, in ONE decoding pass over frames.mkv: the split is
/// contiguous with Train first (DATASET.md), so the Train frames are averaged into the mean-image baseline before
/// the first Val frame arrives; then each selected Val frame (see <see cref="SelectFrames"/>) is rendered, scored
/// against the real frame beside the baseline (<see cref="FrameScorer"/>, which also splits the error by the frame's
/// part labels), and optionally written side by side.
/// Frames whose manifest entry is not valid are rendered and shown but not scored.
/// Errors: bad options → <see cref="ExitCodes.Usage"/>; frames.mkv or the label maps shorter, or frames.mkv of another
/// size, than the manifest says, or no valid frame to score → <see cref="ExitCodes.DataError"/>; video output problems as VideoEncoder's.
/// </summary>
public static class EvalRunner
{
    public static EvalReport Run(DatasetReader dataset, IEvalFrameRenderer renderer, EvalOptions options,
        IProgress<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(options);
        DatasetManifest m = dataset.Manifest;
        int[] selected = SelectFrames(m.Split.Val, options.Stride, options.MaxFrames);
        int w = m.Width, h = m.Height;
        bool contiguous = options.Stride == 1;
        using AudioClip? audio = options.SideBySidePath is not null && options.MuxAudio && contiguous
            ? AudioClip.Cut(dataset, selected[0], selected.Length, options.Tools)
            : null;
        using SideBySideVideo? video = options.SideBySidePath is string sbs
            ? new SideBySideVideo(sbs, w, h, m.Fps, audio?.Path, options.Tools)
            : null;

        var train = new MeanImageAccumulator(w, h);
        var scorer = new FrameScorer(w, h, options.Landmarks);
        byte[]? mean = null;
        var real = new byte[w * h * 3];
        var rendered = new byte[w * h * 3];
        // The label maps are one gzip stream in frame order: read one plane per decoded frame to stay aligned.
        using MaskPlaneReader labelPlanes = dataset.OpenLabels();
        var labels = new byte[w * h];
        long renderTicks = 0;
        int next = 0;
        string path = dataset.PathOf(m.Files.Frames);
        foreach (VideoFrame frame in dataset.ReadFrames(selected[^1] + 1, options.Tools, cancellationToken))
        {
            int i = frame.Index;
            if (labelPlanes.FramesRead != i || !labelPlanes.ReadNext(labels))
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"'{dataset.PathOf(m.Files.Labels)}' holds no label map for frame {i}; the manifest promises {m.FrameCount}.");
            if (i < m.Split.Train.End)
            {
                train.Add(frame.Rgb24.Span);
                progress?.Report(new EvalProgress(EvalPhase.Baseline, train.Count, m.Split.Train.Count));
                continue;
            }
            if (next == selected.Length || i != selected[next]) continue;
            mean ??= train.Mean();
            frame.Rgb24.Span.CopyTo(real);
            long t0 = Stopwatch.GetTimestamp();
            renderer.Render(i, rendered);
            renderTicks += Stopwatch.GetTimestamp() - t0;
            if (m.Frames[i].Valid) scorer.Score(i, m.Frames[i], real, rendered, mean, labels);
            video?.Write(real, rendered);
            next++;
            progress?.Report(new EvalProgress(EvalPhase.Evaluate, next, selected.Length));
        }
        if (next < selected.Length)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"'{path}' ended before frame {selected[next]}; the manifest promises {m.FrameCount} frames.");
        if (scorer.Model.Count == 0)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"None of the {selected.Length} evaluated Val frames of '{dataset.Directory}' has a tracked face (valid = true); nothing to score.");
        video?.Complete();

        EvalScores model = scorer.Model.ToScores();
        var (mouthCorr, mouthAmp, mouth) = MouthEvaluation.Measure(dataset, scorer.Openings, options.Phones, options.Tools);
        double seconds = (double)renderTicks / Stopwatch.Frequency;
        return new EvalReport
        {
            Psnr = model.Psnr,
            Ssim = model.Ssim,
            PsnrFace = model.PsnrFace,
            SsimFace = model.SsimFace,
            Lmd = model.Lmd,
            Frames = model.Frames,
            PsnrMouth = model.PsnrMouth,
            Baseline = scorer.Baseline.ToScores(),
            Regions = scorer.ModelRegions.ToScores(scorer.BaselineRegions),
            // A renderer too fast for the clock (tests) gets the frame count per tick rather than infinity.
            RenderFps = selected.Length / Math.Max(seconds, 1.0 / Stopwatch.Frequency),
            FramesRendered = selected.Length,
            SideBySide = options.SideBySidePath is string p ? Path.GetFullPath(p) : null,
            SideBySideAudio = video is not null && audio is not null,
            MouthCorr = mouthCorr,
            MouthAmpRatio = mouthAmp,
            VisemeContrast = mouth?.Rendered?.Contrast,
            Mouth = mouth,
        };
    }

    /// <summary>
    /// The Val frames visited: val.First, val.First + stride, ... below val.End, the first <paramref name="maxFrames"/>
    /// of them (all when null). Never empty (the Val range has at least one frame).
    /// </summary>
    public static int[] SelectFrames(DatasetRange val, int stride, int? maxFrames)
    {
        ArgumentNullException.ThrowIfNull(val);
        if (stride < 1) throw new EdgeAvatarException(ExitCodes.Usage, $"The frame stride must be at least 1, got {stride}.");
        if (maxFrames is < 1) throw new EdgeAvatarException(ExitCodes.Usage, $"The maximum frame count must be at least 1, got {maxFrames}.");
        if (val.Count < 1) throw new EdgeAvatarException(ExitCodes.DataError, "The dataset's Val range is empty.");
        int count = (val.Count + stride - 1) / stride;
        if (maxFrames is int max) count = Math.Min(count, max);
        var frames = new int[count];
        for (int k = 0; k < count; k++) frames[k] = val.First + k * stride;
        return frames;
    }
}
