using EdgeAvatar.Common;
using EdgeAvatar.Host.Configuration;
using EdgeAvatar.Host.Gpio;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>
/// The real System.Device.Gpio driver. This machine (and a container in general) has libgpiod but no /dev/gpiochip*,
/// and the gpio-sim/gpio-mockup kernel modules cannot be loaded from inside a container, so these tests cover driver
/// loading and the failure paths; edge handling is covered through <see cref="FakeGpioChip"/>.
/// </summary>
public sealed class GpioControllerChipTests
{
    [Fact]
    public void Opening_a_missing_chip_by_name_fails_cleanly_naming_the_chip_and_the_setting()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => GpioControllerChip.Open("gpiochip-edgeavatar-missing"));

        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("'gpiochip-edgeavatar-missing' could not be opened", e.Message);
        Assert.Contains("gpio.chip", e.Message);
    }

    [Fact]
    public void Opening_a_missing_chip_path_reports_the_system_error()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => GpioControllerChip.Open("/dev/gpiochip-edgeavatar-99"));

        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("No such file or directory", e.Message);
    }

    [Fact]
    public void A_device_that_is_not_a_gpio_chip_is_refused()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => GpioControllerChip.Open("/dev/null"));

        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("'/dev/null' could not be opened", e.Message);
    }

    [Fact]
    public void The_daemon_path_on_a_machine_without_a_chip_runs_with_gpio_disabled()
    {
        var log = new StringWriter();
        var settings = new GpioSettings { Chip = "gpiochip-edgeavatar-missing", ButtonLine = 3 };

        using GpioTriggers triggers = GpioTriggers.Start(settings, new RecordingActions(), new JournalLogger(log, LogLevel.Info, journalFormat: true));

        Assert.False(triggers.IsEnabled);
        Assert.StartsWith("<4>GPIO disabled: GPIO chip 'gpiochip-edgeavatar-missing' could not be opened", log.ToString());
        Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
