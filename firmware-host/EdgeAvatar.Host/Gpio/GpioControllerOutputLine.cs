using System.Device.Gpio;

namespace EdgeAvatar.Host.Gpio;

/// <summary>An output line on a <see cref="GpioControllerChip"/>. One thread drives it.</summary>
internal sealed class GpioControllerOutputLine : IGpioOutputLine
{
    private readonly GpioControllerChip _chip;
    private readonly GpioController _controller;
    private readonly bool _activeLow;
    private bool _disposed;

    internal GpioControllerOutputLine(GpioControllerChip chip, GpioController controller, int offset, bool activeLow)
    {
        _chip = chip;
        _controller = controller;
        Offset = offset;
        _activeLow = activeLow;
    }

    public int Offset { get; }

    public void SetLevel(bool active)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _controller.Write(Offset, active != _activeLow ? PinValue.High : PinValue.Low);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"could not set GPIO line {Offset} on '{_chip.Name}': {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _chip.Release(this, Offset);
    }
}
