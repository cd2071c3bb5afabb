using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// What a run did: frames rendered, render speed, frame-time percentiles, audio latency added, the seconds of audio
/// covered; for a live output also the frames dropped by pacing, the A/V offset measured at each presentation and
/// which clock paced it (the speaker with --play, else the wall clock).
/// </summary>
public sealed record RunResult(long Frames, double RenderFps, double FrameMsP50, double FrameMsP99,
    double AddedLatencyMs, double AudioSeconds, string Output, string Device)
{
    public long Dropped { get; init; }
    public AvSyncStats? AvSync { get; init; }
    /// <summary>Frames shown although late, so that the screen never froze for over a second (see FramePacer).</summary>
    public long PresentedLate { get; init; }
    public string? Clock { get; init; }
    /// <summary>
    /// Live phone recognition (null when it did not run): wall time from a chunk's arrival to its phones being published,
    /// p50 and p99 in ms, over the chunks counted.
    /// </summary>
    public (double P50, double P99, long Chunks)? PhoneLag { get; init; }
    /// <summary>Seconds of live audio the recogniser skipped because it fell behind.</summary>
    public double PhonesSkippedSeconds { get; init; }
}
