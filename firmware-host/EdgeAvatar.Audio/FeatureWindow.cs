namespace EdgeAvatar.Audio;

/// <summary>
/// Maps 25 fps video frames onto 50 Hz feature frames, RAD-NeRF style.
/// <para>
/// Window: video frame i is conditioned on 16 feature frames 2i − 8 .. 2i + 7 (centred on the boundary between the
/// two feature frames 2i, 2i+1 that cover the video frame's 40 ms). Indices outside [0, featureCount) are clamped
/// to the nearest valid frame ("edge padding": repeat the first/last frame). RAD-NeRF pads with zeros instead; we
/// repeat the edge because a zero log-mel vector is a loud, unnatural sound rather than silence.
/// </para>
/// <para>
/// Attention smoothing: the audio attention net blends the windows of 8 neighbouring video frames i − 4 .. i + 3
/// ("±4"), clamped to [0, videoFrameCount) and, for live use, to at most i + lookAhead (a frame in the future whose
/// audio has not arrived yet is replaced by the latest allowed one).
/// </para>
/// Latency this implies for live audio: frame i's window needs features up to 2i + 7, i.e. audio up to
/// (2i + 8)·20 ms + 2.5 ms = 162.5 ms past frame i's start, plus lookAhead × 40 ms for smoothing.
/// </summary>
public static class FeatureWindow
{
    public const int WindowFrames = 16;
    public const int FeatureFramesPerVideoFrame = 2;
    /// <summary>First window index relative to 2i.</summary>
    public const int WindowStartOffset = -8;
    public const int SmoothingFrames = 8;
    /// <summary>First smoothing neighbour relative to i.</summary>
    public const int SmoothingStartOffset = -4;
    /// <summary>The look-ahead that gives the full ±4 smoothing (neighbours up to i + 3).</summary>
    public const int FullSmoothingLookAhead = 3;

    /// <summary>Feature frames that must exist (count, before clamping) to build video frame i's window unpadded: 2i + 8.</summary>
    public static long FeatureFramesNeeded(long videoFrame) => FeatureFramesPerVideoFrame * videoFrame + WindowStartOffset + WindowFrames;

    /// <summary>Video frames a clip of <paramref name="featureFrames"/> feature frames spans: floor(F / 2).</summary>
    public static int VideoFrameCount(int featureFrames) => featureFrames / FeatureFramesPerVideoFrame;

    /// <summary>The 16 feature-frame indices of video frame i's window, edge-clamped to [0, featureCount).</summary>
    public static void WindowIndices(int videoFrame, int featureCount, Span<int> indices)
    {
        if (featureCount <= 0) throw new ArgumentOutOfRangeException(nameof(featureCount), "No feature frames.");
        if (indices.Length < WindowFrames) throw new ArgumentException("Need room for 16 indices.", nameof(indices));
        int start = FeatureFramesPerVideoFrame * videoFrame + WindowStartOffset;
        for (int j = 0; j < WindowFrames; j++) indices[j] = Math.Clamp(start + j, 0, featureCount - 1);
    }

    /// <summary>Copies video frame i's window (16 × bands, row-major, edge-padded) from row-major features.</summary>
    public static void CopyWindow(ReadOnlySpan<float> features, int bands, int videoFrame, Span<float> window)
    {
        if (bands <= 0 || features.Length % bands != 0) throw new ArgumentException("features must be whole frames.");
        if (window.Length < WindowFrames * bands) throw new ArgumentException("Window buffer too short.", nameof(window));
        Span<int> idx = stackalloc int[WindowFrames];
        WindowIndices(videoFrame, features.Length / bands, idx);
        for (int j = 0; j < WindowFrames; j++)
            features.Slice(idx[j] * bands, bands).CopyTo(window.Slice(j * bands, bands));
    }

    /// <summary>
    /// The 8 neighbouring video-frame indices i − 4 .. i + 3 used for attention smoothing, clamped to
    /// [0, min(videoFrameCount − 1, i + lookAhead)]. lookAhead ≥ 3 gives the full window; 0 is causal.
    /// </summary>
    public static void SmoothingIndices(int videoFrame, int videoFrameCount, int lookAhead, Span<int> indices)
    {
        if (videoFrameCount <= 0) throw new ArgumentOutOfRangeException(nameof(videoFrameCount), "No video frames.");
        if (lookAhead < 0) throw new ArgumentOutOfRangeException(nameof(lookAhead), "lookAhead must be ≥ 0.");
        if (indices.Length < SmoothingFrames) throw new ArgumentException("Need room for 8 indices.", nameof(indices));
        int hi = (int)Math.Min(videoFrameCount - 1L, (long)videoFrame + lookAhead);
        hi = Math.Max(hi, 0);
        for (int j = 0; j < SmoothingFrames; j++)
            indices[j] = Math.Clamp(videoFrame + SmoothingStartOffset + j, 0, hi);
    }

    /// <summary>
    /// Fills <paramref name="windows"/> (<see cref="SmoothingFrames"/> × <paramref name="windowFloats"/>) with the audio
    /// windows of video frame i's 8 neighbours, in order i − 4 .. i + 3, clamped as <see cref="SmoothingIndices"/>
    /// clamps: the one place training, eval and the live driver gather them, so all three see the same neighbours.
    /// </summary>
    public static void GatherSmoothingWindows(int videoFrame, int videoFrameCount, int lookAhead, int windowFloats,
        AudioWindowWriter write, Span<float> windows)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (windowFloats <= 0) throw new ArgumentOutOfRangeException(nameof(windowFloats), "windowFloats must be > 0.");
        if (windows.Length < SmoothingFrames * windowFloats)
            throw new ArgumentException($"Need room for {SmoothingFrames} windows of {windowFloats} floats.", nameof(windows));
        Span<int> idx = stackalloc int[SmoothingFrames];
        SmoothingIndices(videoFrame, videoFrameCount, lookAhead, idx);
        for (int j = 0; j < SmoothingFrames; j++)
            write(idx[j], windows.Slice(j * windowFloats, windowFloats));
    }
}
