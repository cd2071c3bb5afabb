using System.Collections.Concurrent;
using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>An output line recording every level written to it.</summary>
public sealed class FakeOutputLine(int offset, bool initiallyActive, bool activeLow) : IGpioOutputLine
{
    private readonly ConcurrentQueue<bool> _writes = new();
    private volatile bool _level = initiallyActive;

    public int Offset { get; } = offset;

    public bool ActiveLow { get; } = activeLow;

    public bool Level => _level;

    public bool Disposed { get; private set; }

    public IReadOnlyList<bool> Writes => [.. _writes];

    public void SetLevel(bool active)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        _level = active;
        _writes.Enqueue(active);
    }

    /// <summary>Waits (hang guard only) until the driver thread has written <paramref name="level"/>.</summary>
    public void WaitForLevel(bool level)
        => Assert.True(SpinWait.SpinUntil(() => _level == level, TimeSpan.FromSeconds(10)),
            $"LED line {Offset} never became {(level ? "on" : "off")}; writes: {string.Join(",", Writes)}");

    public void Dispose() => Disposed = true;
}
