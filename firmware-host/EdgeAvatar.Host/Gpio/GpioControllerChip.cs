using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// <see cref="IGpioChip"/> over System.Device.Gpio's libgpiod drivers (v1 or v2, by what the device has; see
/// <see cref="GpioLibrary"/>). Lines handed out are tracked so that <see cref="Dispose"/> closes them before the
/// controller (and with it the chip) goes.
/// </summary>
public sealed class GpioControllerChip : IGpioChip
{
    private readonly Lock _lock = new();
    private readonly List<IDisposable> _lines = [];
    private readonly TimeProvider _time;
    private GpioController? _controller;

    private GpioControllerChip(GpioController controller, string name, LibgpiodVersion version, TimeProvider time)
    {
        _controller = controller;
        Name = name;
        Version = version;
        _time = time;
    }

    public string Name { get; }

    /// <summary>The libgpiod API in use.</summary>
    public LibgpiodVersion Version { get; }

    /// <summary>
    /// Opens a chip by path ("/dev/gpiochip0"), name ("gpiochip0") or label ("tegra234-gpio"). Edges are stamped with
    /// <paramref name="time"/> (default <see cref="TimeProvider.System"/>) when the driver reports them, not with the
    /// kernel's timestamp: v1-uAPI kernels before 5.7 stamp CLOCK_REALTIME, which can jump.
    /// </summary>
    /// <exception cref="EdgeAvatarException">No libgpiod (69), or the chip cannot be found or opened (69).</exception>
    public static GpioControllerChip Open(string chip, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        LibgpiodVersion version = GpioLibrary.Require();
        try
        {
            IList<GpioChipInfo> chips = version == LibgpiodVersion.V2
                ? LibGpiodV2Driver.GetAvailableChips()
                : LibGpiodDriver.GetAvailableChips();
            GpioChipInfo info = GpioChipResolver.Resolve(chip, [.. chips], File.Exists);
            GpioDriver driver = version == LibgpiodVersion.V2 ? new LibGpiodV2Driver(info) : new LibGpiodDriver(info);
            return new GpioControllerChip(new GpioController(driver), chip, version, time ?? TimeProvider.System);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException)
        {
            string hint = e is UnauthorizedAccessException || e.Message.Contains("denied", StringComparison.OrdinalIgnoreCase)
                ? "The daemon's user must be in the 'gpio' group (the unit sets SupplementaryGroups=gpio)."
                : "Set gpio.chip in /etc/edgeavatar/edgeavatar.conf, or gpio.chip = none to run without GPIO.";
            throw new EdgeAvatarException(ExitCodes.Unavailable, $"GPIO chip '{chip}' could not be opened: {e.Message} {hint}");
        }
    }

    public IGpioInputLine RequestInput(int offset, bool activeLow, bool pullUp)
    {
        lock (_lock)
        {
            GpioController controller = CheckLine(offset);
            // Kernels before 5.5 (and some pin controllers) cannot set bias: fall back to external pull-ups. The v1
            // driver also re-requests a line for edge events without bias flags, so only v2 keeps the pull-up.
            bool biased = pullUp && Version == LibgpiodVersion.V2 && controller.IsPinModeSupported(offset, PinMode.InputPullUp);
            try
            {
                controller.OpenPin(offset, biased ? PinMode.InputPullUp : PinMode.Input);
                var input = new GpioControllerInputLine(this, controller, offset, activeLow, biased, _time);
                _lines.Add(input);
                return input;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                controller.ClosePin(offset);
                throw RequestFailed(offset, "input", e);
            }
        }
    }

    public IGpioOutputLine RequestOutput(int offset, bool activeLow, bool initiallyActive)
    {
        lock (_lock)
        {
            GpioController controller = CheckLine(offset);
            try
            {
                controller.OpenPin(offset, PinMode.Output, initiallyActive != activeLow ? PinValue.High : PinValue.Low);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                throw RequestFailed(offset, "output", e);
            }
            var output = new GpioControllerOutputLine(this, controller, offset, activeLow);
            _lines.Add(output);
            return output;
        }
    }

    /// <summary>Called by a line's Dispose: forgets it and closes its pin while the controller is still open.</summary>
    internal void Release(IDisposable owner, int offset)
    {
        lock (_lock)
        {
            if (_lines.Remove(owner) && _controller is not null && _controller.IsPinOpen(offset))
                _controller.ClosePin(offset);
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
            _controller?.Dispose();
            _controller = null;
        }
    }

    private GpioController CheckLine(int offset)
    {
        ObjectDisposedException.ThrowIf(_controller is null, this);
        if (offset < 0)
            throw new EdgeAvatarException(ExitCodes.Config, $"GPIO line offset {offset} is negative");
        if (offset >= _controller.PinCount)
        {
            throw new EdgeAvatarException(ExitCodes.Config,
                $"GPIO chip '{Name}' has no line {offset} (it has {_controller.PinCount}). 'gpioinfo' lists the valid offsets.");
        }
        return _controller;
    }

    private EdgeAvatarException RequestFailed(int offset, string direction, Exception e)
    {
        string hint = e.Message.Contains("busy", StringComparison.OrdinalIgnoreCase)
            ? " Another program (or a kernel driver) holds it; 'gpioinfo' shows the consumer."
            : "";
        return new EdgeAvatarException(ExitCodes.Unavailable,
            $"GPIO line {offset} on '{Name}' could not be requested as {direction}: {e.Message}.{hint}");
    }
}
