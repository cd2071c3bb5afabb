using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Estimates the background plate of a static-camera video from sampled frames (about 100 spread over the clip):
/// per pixel, the per-channel median over the frames in which the pixel lies outside that frame's
/// <see cref="FaceRegions.PersonPrior"/> (the person may move, so a pixel hidden in one frame can be seen in another).
/// A pixel seen in fewer than <see cref="MinObservedFraction"/> of the frames (at least 2) is inpainted from its
/// surroundings by <see cref="PlateInpainter"/>; <see cref="BackgroundPlate.ObservedFraction"/> reports the split.
/// </summary>
public sealed class BackgroundPlateEstimator
{
    /// <summary>Fraction of the usable frames in which a pixel must be uncovered to count as observed.</summary>
    public float MinObservedFraction { get; init; } = 0.05f;

    /// <summary>
    /// Refinement passes: each mattes every sampled frame against the current plate and re-takes the median with
    /// the (dilated) matte as the exclusion instead of the coarse landmark prior. The prior over-covers on purpose
    /// (e.g. beside the shoulders), so this turns inpainted pixels into observed ones. 0 disables.
    /// </summary>
    public int RefinePasses { get; init; } = 1;

    /// <summary>Safety margin (pixels) around each frame's matte when it is used as the exclusion.</summary>
    public int RefineMargin { get; init; } = 6;

    /// <summary>The matter used by refinement passes.</summary>
    public PersonMatter Matter { get; init; } = new();

    /// <summary>
    /// Estimates the plate. <paramref name="landmarks"/>[i] belongs to <paramref name="frames"/>[i]; a null entry
    /// (no face found) drops that frame, because without a face the person cannot be excluded.
    /// </summary>
    public BackgroundPlate Estimate(IReadOnlyList<RgbImage> frames, IReadOnlyList<FaceLandmarks?> landmarks)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (frames.Count != landmarks.Count)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"Plate estimation got {frames.Count} frames but {landmarks.Count} landmark sets.");
        }
        var used = new List<(RgbImage Frame, ByteMap Prior)>();
        if (frames.Count == 0)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, "Plate estimation needs frames.");
        }
        int w = frames[0].Width, h = frames[0].Height;
        for (int i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            if (f.Width != w || f.Height != h)
            {
                throw new EdgeAvatarException(ExitCodes.DataError,
                    $"Frame {i} is {f.Width}x{f.Height}, expected {w}x{h}: frames must share one size.");
            }
            if (landmarks[i] is { } lm)
            {
                used.Add((f, FaceRegions.PersonPrior(lm, w, h)));
            }
        }
        if (used.Count == 0)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, "Plate estimation needs at least one frame with a face.");
        }
        var result = Median(used, w, h);
        for (int pass = 0; pass < RefinePasses; pass++)
        {
            var current = result;
            var refined = new (RgbImage Frame, ByteMap Prior)[used.Count];
            var lmsUsed = landmarks.Where(l => l is not null).ToList();
            Parallel.For(0, used.Count, k =>
            {
                var matte = Matter.Matte(used[k].Frame, current, lmsUsed[k]);
                refined[k] = (used[k].Frame, Morphology.Dilate(matte.Mask, RefineMargin));
            });
            result = Median(refined, w, h);
        }
        return result;
    }

    /// <summary>Per-pixel, per-channel median over the frames whose exclusion mask is 0 there, then inpainting.</summary>
    private BackgroundPlate Median(IReadOnlyList<(RgbImage Frame, ByteMap Prior)> used, int w, int h)
    {
        int minCount = Math.Max(2, (int)MathF.Ceiling(MinObservedFraction * used.Count));
        if (minCount > used.Count)
        {
            minCount = used.Count; // a very short clip: accept pixels seen in every frame
        }
        var plate = new RgbImage(w, h);
        var observed = new ByteMap(w, h);
        int n = used.Count;
        Parallel.For(0, h, () => new byte[3 * n], (y, _, buf) =>
        {
            for (int x = 0; x < w; x++)
            {
                int p = y * w + x, count = 0;
                for (int k = 0; k < n; k++)
                {
                    if (used[k].Prior.Data[p] != 0)
                    {
                        continue;
                    }
                    var px = used[k].Frame.Pixels;
                    buf[count] = px[3 * p];
                    buf[n + count] = px[3 * p + 1];
                    buf[2 * n + count] = px[3 * p + 2];
                    count++;
                }
                if (count < minCount)
                {
                    continue;
                }
                observed.Data[p] = 255;
                for (int c = 0; c < 3; c++)
                {
                    var s = buf.AsSpan(c * n, count);
                    s.Sort();
                    plate.Pixels[3 * p + c] = s[count / 2];
                }
            }
            return buf;
        }, _ => { });
        PlateInpainter.Fill(plate, observed);
        return new BackgroundPlate(plate, observed);
    }
}
