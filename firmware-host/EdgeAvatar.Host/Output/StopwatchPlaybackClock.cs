using System.Diagnostics;

namespace EdgeAvatar.Host.Output;

/// <summary>Monotonic wall clock starting at 0 when constructed: the master clock when no audio is played.</summary>
public sealed class StopwatchPlaybackClock : IPlaybackClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public TimeSpan Now => Stopwatch.GetElapsedTime(_start);

    public ValueTask DelayAsync(TimeSpan delay, CancellationToken ct)
        => delay > TimeSpan.Zero ? new ValueTask(Task.Delay(delay, ct)) : ValueTask.CompletedTask;
}
