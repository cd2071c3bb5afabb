using System.Runtime.InteropServices;

namespace EdgeAvatar.Host.Gpio;

/// <summary>A libgpiod v1 line requested as an output. One thread drives it.</summary>
internal sealed class GpiodOutputLine : IGpioOutputLine
{
    private readonly GpiodChip _chip;
    private nint _line;

    internal GpiodOutputLine(GpiodChip chip, nint line, int offset)
    {
        _chip = chip;
        _line = line;
        Offset = offset;
    }

    public int Offset { get; }

    public void SetLevel(bool active)
    {
        ObjectDisposedException.ThrowIf(_line == 0, this);
        if (Interop.Gpiod.LineSetValue(_line, active ? 1 : 0) != 0)
        {
            throw new IOException($"could not set GPIO line {Offset} on '{_chip.Name}': " +
                                  GpiodLibrary.Describe(Marshal.GetLastPInvokeError()));
        }
    }

    public void Dispose()
    {
        nint line = _line;
        _line = 0;
        if (line != 0)
            _chip.Release(this, line);
    }
}
