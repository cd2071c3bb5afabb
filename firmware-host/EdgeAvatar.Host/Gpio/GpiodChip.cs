using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// <see cref="IGpioChip"/> over libgpiod v1 (/dev/gpiochipN character device). Lines handed out are tracked so that
/// <see cref="Dispose"/> releases them before gpiod_chip_close frees the line objects they point into.
/// </summary>
public sealed class GpiodChip : IGpioChip
{
    private const int Enoent = 2;
    private const int Eacces = 13;
    private const int Ebusy = 16;
    private const int Einval = 22;
    private const int Enotsup = 95;

    private readonly Lock _lock = new();
    private readonly List<IDisposable> _lines = [];
    private readonly TimeProvider _time;
    private nint _chip;

    private GpiodChip(nint chip, string name, TimeProvider time)
    {
        _chip = chip;
        Name = name;
        _time = time;
    }

    public string Name { get; }

    /// <summary>
    /// Opens a chip by path ("/dev/gpiochip0"), name ("gpiochip0") or label ("tegra234-gpio"). Edges read from its
    /// lines are stamped with <paramref name="time"/> (default <see cref="TimeProvider.System"/>) when read, not with
    /// the kernel's timestamp: v1-uAPI kernels before 5.7 stamp CLOCK_REALTIME, which can jump.
    /// </summary>
    /// <exception cref="EdgeAvatarException">libgpiod is missing (69), or the chip cannot be opened (69).</exception>
    public static GpiodChip Open(string chip, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        GpiodLibrary.EnsureLoaded();
        nint handle;
        int errno;
        if (chip.StartsWith('/'))
        {
            handle = Interop.Gpiod.ChipOpen(chip);
            errno = Marshal.GetLastPInvokeError();
        }
        else
        {
            handle = Interop.Gpiod.ChipOpenByName(chip);
            errno = Marshal.GetLastPInvokeError();
            if (handle == 0 && errno == Enoent)
            {
                handle = Interop.Gpiod.ChipOpenByLabel(chip);
                errno = Marshal.GetLastPInvokeError();
            }
        }
        if (handle == 0)
        {
            string hint = errno == Eacces
                ? "The daemon's user must be in the 'gpio' group (the unit sets SupplementaryGroups=gpio)."
                : "List the chips with 'gpiodetect' (Debian package gpiod) and set gpio.chip in /etc/edgeavatar/edgeavatar.conf, " +
                  "or set gpio.chip = none to run without GPIO.";
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"GPIO chip '{chip}' could not be opened: {GpiodLibrary.Describe(errno)}. {hint}");
        }
        return new GpiodChip(handle, chip, time ?? TimeProvider.System);
    }

    public IGpioInputLine RequestInput(int offset, bool activeLow, bool pullUp)
    {
        lock (_lock)
        {
            nint line = GetLine(offset);
            int flags = activeLow ? Interop.Gpiod.RequestFlagActiveLow : 0;
            int rc = Interop.Gpiod.LineRequestBothEdgesEventsFlags(line, Interop.Gpiod.Consumer,
                pullUp ? flags | Interop.Gpiod.RequestFlagBiasPullUp : flags);
            int errno = Marshal.GetLastPInvokeError();
            bool biased = pullUp;
            if (rc != 0 && pullUp && errno is Einval or Enotsup)
            {
                // Kernels before 5.5 (and some pin controllers) reject bias flags: fall back to external pull-ups.
                rc = Interop.Gpiod.LineRequestBothEdgesEventsFlags(line, Interop.Gpiod.Consumer, flags);
                errno = Marshal.GetLastPInvokeError();
                biased = false;
            }
            if (rc != 0)
                throw RequestFailed(offset, "input", errno);
            var input = new GpiodInputLine(this, line, offset, biased, _time);
            _lines.Add(input);
            return input;
        }
    }

    public IGpioOutputLine RequestOutput(int offset, bool activeLow, bool initiallyActive)
    {
        lock (_lock)
        {
            nint line = GetLine(offset);
            int value = initiallyActive ? 1 : 0;
            int rc = activeLow
                ? Interop.Gpiod.LineRequestOutputFlags(line, Interop.Gpiod.Consumer, Interop.Gpiod.RequestFlagActiveLow, value)
                : Interop.Gpiod.LineRequestOutput(line, Interop.Gpiod.Consumer, value);
            if (rc != 0)
                throw RequestFailed(offset, "output", Marshal.GetLastPInvokeError());
            var output = new GpiodOutputLine(this, line, offset);
            _lines.Add(output);
            return output;
        }
    }

    /// <summary>Called by a line's Dispose: forgets it and releases it while the chip (its owner) is still open.</summary>
    internal void Release(IDisposable owner, nint line)
    {
        lock (_lock)
        {
            if (_lines.Remove(owner) && _chip != 0)
                Interop.Gpiod.LineRelease(line);
        }
    }

    public void Dispose()
    {
        IDisposable[] lines;
        lock (_lock)
            lines = [.. _lines];
        foreach (IDisposable line in lines)
            line.Dispose();
        lock (_lock)
        {
            if (_chip != 0)
                Interop.Gpiod.ChipClose(_chip);
            _chip = 0;
        }
    }

    private nint GetLine(int offset)
    {
        ObjectDisposedException.ThrowIf(_chip == 0, this);
        if (offset < 0)
            throw new EdgeAvatarException(ExitCodes.Config, $"GPIO line offset {offset} is negative");
        nint line = Interop.Gpiod.ChipGetLine(_chip, (uint)offset);
        if (line == 0)
        {
            throw new EdgeAvatarException(ExitCodes.Config,
                $"GPIO chip '{Name}' has no line {offset}: {GpiodLibrary.Describe(Marshal.GetLastPInvokeError())}. " +
                "'gpioinfo' lists the valid offsets.");
        }
        return line;
    }

    private EdgeAvatarException RequestFailed(int offset, string direction, int errno)
    {
        string hint = errno == Ebusy ? " Another program (or a kernel driver) holds it; 'gpioinfo' shows the consumer." : "";
        return new EdgeAvatarException(ExitCodes.Unavailable,
            $"GPIO line {offset} on '{Name}' could not be requested as {direction}: {GpiodLibrary.Describe(errno)}.{hint}");
    }
}
