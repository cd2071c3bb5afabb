using System.Runtime.InteropServices;

namespace EdgeAvatar.Host.Gpio;

/// <summary>A libgpiod v1 line requested for both-edge events. See <see cref="IGpioInputLine"/> for threading.</summary>
internal sealed class GpiodInputLine : IGpioInputLine
{
    private const int Eintr = 4;

    private readonly GpiodChip _chip;
    private readonly TimeProvider _time;
    private nint _line;

    internal GpiodInputLine(GpiodChip chip, nint line, int offset, bool pullUpApplied, TimeProvider time)
    {
        _chip = chip;
        _line = line;
        Offset = offset;
        PullUpApplied = pullUpApplied;
        _time = time;
    }

    public int Offset { get; }

    /// <summary>False when pull-up was asked for but the kernel could not set bias (external resistor needed).</summary>
    public bool PullUpApplied { get; }

    public bool ReadLevel()
    {
        ObjectDisposedException.ThrowIf(_line == 0, this);
        int value = Interop.Gpiod.LineGetValue(_line);
        return value >= 0 ? value != 0 : throw Failure("read", Marshal.GetLastPInvokeError());
    }

    public bool TryReadEdge(TimeSpan timeout, out GpioEdge edge)
    {
        ObjectDisposedException.ThrowIf(_line == 0, this);
        edge = default;
        var limit = new Interop.Gpiod.Timespec(timeout);
        int rc = Interop.Gpiod.LineEventWait(_line, in limit);
        if (rc == 0)
            return false;
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == Eintr ? false : throw Failure("wait for an edge on", errno);
        }
        if (Interop.Gpiod.LineEventRead(_line, out Interop.Gpiod.LineEvent ev) != 0)
            throw Failure("read an edge from", Marshal.GetLastPInvokeError());
        edge = new GpioEdge(ev.EventType == Interop.Gpiod.EventRisingEdge, _time.GetElapsedTime(0, _time.GetTimestamp()));
        return true;
    }

    public void Dispose()
    {
        nint line = _line;
        _line = 0;
        if (line != 0)
            _chip.Release(this, line);
    }

    private IOException Failure(string what, int errno)
        => new($"could not {what} GPIO line {Offset} on '{_chip.Name}': {GpiodLibrary.Describe(errno)}");
}
