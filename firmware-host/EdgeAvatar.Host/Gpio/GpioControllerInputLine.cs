using System.Collections.Concurrent;
using System.Device.Gpio;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// An input line on a <see cref="GpioControllerChip"/>. The driver reports edges on its own thread through a callback;
/// they are queued here, stamped as they arrive, so <see cref="TryReadEdge"/> returns them in kernel order and none is
/// lost between two waits. See <see cref="IGpioInputLine"/> for threading.
/// </summary>
internal sealed class GpioControllerInputLine : IGpioInputLine
{
    private readonly GpioControllerChip _chip;
    private readonly GpioController _controller;
    private readonly bool _activeLow;
    private readonly TimeProvider _time;
    private readonly BlockingCollection<GpioEdge> _edges = [];
    private readonly PinChangeEventHandler _onChange;
    private bool _disposed;

    internal GpioControllerInputLine(GpioControllerChip chip, GpioController controller, int offset, bool activeLow,
        bool pullUpApplied, TimeProvider time)
    {
        _chip = chip;
        _controller = controller;
        Offset = offset;
        _activeLow = activeLow;
        PullUpApplied = pullUpApplied;
        _time = time;
        _onChange = OnChange;
        controller.RegisterCallbackForPinValueChangedEvent(offset, PinEventTypes.Rising | PinEventTypes.Falling, _onChange);
    }

    public int Offset { get; }

    /// <summary>False when pull-up was asked for but could not be set (external resistor needed).</summary>
    public bool PullUpApplied { get; }

    public bool ReadLevel()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return (_controller.Read(Offset) == PinValue.High) != _activeLow;
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"could not read GPIO line {Offset} on '{_chip.Name}': {e.Message}", e);
        }
    }

    public bool TryReadEdge(TimeSpan timeout, out GpioEdge edge)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _edges.TryTake(out edge, timeout);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _controller.UnregisterCallbackForPinValueChangedEvent(Offset, _onChange);
        _chip.Release(this, Offset);
        _edges.Dispose();
    }

    private void OnChange(object sender, PinValueChangedEventArgs e)
    {
        // A raw rising edge is the line becoming active unless it is active-low.
        bool active = (e.ChangeType == PinEventTypes.Rising) != _activeLow;
        if (!_disposed)
            _edges.Add(new GpioEdge(active, _time.GetElapsedTime(0, _time.GetTimestamp())));
    }
}
