namespace EdgeAvatar.Host.Output;

/// <summary>
/// Puts a <see cref="FramePacer"/> in front of a live sink (drm, fbdev, mjpeg): each frame waits until due on the
/// playback clock, late ones are dropped (not passed on), presentations are timed for the A/V offset. Starvation
/// duplicates need a loop that runs without frames (<see cref="FramePacer.DecideIdle"/>); displays simply keep
/// showing the last image, so this decorator does not emit them. Stats add the pacer's drops to the inner sink's.
/// </summary>
public sealed class PacedFrameSink : IFrameSink
{
    private readonly IFrameSink _inner;
    private readonly IPlaybackClock _clock;

    public PacedFrameSink(IFrameSink inner, FramePacer pacer, IPlaybackClock clock)
    {
        _inner = inner;
        Pacer = pacer;
        _clock = clock;
    }

    public FramePacer Pacer { get; }
    public string Description => $"{_inner.Description}, paced at {Pacer.Fps:0.###} fps";

    public FrameSinkStats Stats
    {
        get
        {
            FrameSinkStats s = _inner.Stats;
            return s with { Dropped = s.Dropped + Pacer.Dropped, Duplicated = s.Duplicated + Pacer.Duplicated };
        }
    }

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb24, int width, int height, TimeSpan presentationTime, CancellationToken ct)
    {
        PacingDecision d = Pacer.Decide(presentationTime);
        if (d.Action == PacingAction.Drop) return;
        if (d.Wait > TimeSpan.Zero)
        {
            await _clock.DelayAsync(d.Wait, ct).ConfigureAwait(false);
            // A wait can overrun (a loaded machine wakes the thread late): decide again, so a frame that became more
            // than half a period late while waiting is dropped like any other late frame instead of shown behind
            // the sound. Any wait still left is a few timer ticks and not repeated.
            if (Pacer.Decide(presentationTime).Action == PacingAction.Drop) return;
        }
        await _inner.WriteFrameAsync(rgb24, width, height, presentationTime, ct).ConfigureAwait(false);
        Pacer.MarkPresented(presentationTime);
    }

    public Task CompleteAsync(CancellationToken ct) => _inner.CompleteAsync(ct);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
