using System.Diagnostics;

namespace EdgeAvatar.Host.Output;

/// <summary>Monotonic wall clock from <see cref="Start"/> (zero before): the master clock when no audio is played.</summary>
public sealed class StopwatchPlaybackClock : IPlaybackClock
{
    private long _start;

    public TimeSpan Now => _start == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_start);

    public void Start()
    {
        if (_start == 0) _start = Stopwatch.GetTimestamp();
    }

    public ValueTask DelayAsync(TimeSpan delay, CancellationToken ct)
        => delay > TimeSpan.Zero ? new ValueTask(Task.Delay(delay, ct)) : ValueTask.CompletedTask;
}
