namespace EdgeAvatar.Host.Output;

/// <summary>
/// The master clock frames are paced against: the media time of the audio the listener hears now (samples played
/// by the sound card ÷ sample rate, minus its latency), or a monotonic stopwatch when there is no audio output.
/// Invariant: <see cref="Now"/> never decreases. <see cref="DelayAsync"/> waits in this clock's time, which lets tests
/// drive a fake clock without sleeping.
/// </summary>
public interface IPlaybackClock
{
    /// <summary>Media time now; zero until <see cref="Start"/>.</summary>
    TimeSpan Now { get; }

    /// <summary>Starts the clock at media time 0 (the run loop calls it when its first frame is ready). Idempotent.</summary>
    void Start();

    ValueTask DelayAsync(TimeSpan delay, CancellationToken ct);
}
