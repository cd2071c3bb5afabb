using System.Collections.Concurrent;
using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>
/// A scripted input line: the test pushes edges (with explicit timestamps on the test's manual clock), the watcher
/// thread reads them. <see cref="QuietWaits"/> counts waits that timed out with nothing pending, which is how a test
/// knows the watcher has consumed its script and looked at the clock.
/// </summary>
public sealed class FakeInputLine(int offset, bool initialLevel, bool activeLow, bool pullUp) : IGpioInputLine
{
    private readonly BlockingCollection<GpioEdge> _edges = new();
    private int _quietWaits;

    public int Offset { get; } = offset;

    public bool ActiveLow { get; } = activeLow;

    public bool PullUp { get; } = pullUp;

    public bool Disposed { get; private set; }

    public int QuietWaits => Volatile.Read(ref _quietWaits);

    public void Push(bool active, TimeSpan at) => _edges.Add(new GpioEdge(active, at));

    public bool ReadLevel() => initialLevel;

    public bool TryReadEdge(TimeSpan timeout, out GpioEdge edge)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (_edges.TryTake(out edge, timeout))
            return true;
        Interlocked.Increment(ref _quietWaits);
        return false;
    }

    /// <summary>
    /// Blocks until the watcher has finished one full quiet cycle that started after this call: the first quiet wait
    /// ending after now may have begun earlier, the second cannot have, and the thread handles the first one's
    /// clock tick before starting the second.
    /// </summary>
    public void WaitUntilIdle()
    {
        int target = QuietWaits + 2;
        Assert.True(SpinWait.SpinUntil(() => QuietWaits >= target, TimeSpan.FromSeconds(10)),
            $"watcher of line {Offset} never went quiet (hang guard)");
    }

    public void Dispose() => Disposed = true;
}
