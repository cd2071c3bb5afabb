using System.Device.Gpio;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>gpio.chip as a path, a name or a label, against the chips a driver lists.</summary>
public sealed class GpioChipResolverTests
{
    private static readonly GpioChipInfo[] Jetson =
    [
        new(0, "gpiochip0", "tegra234-gpio", 164),
        new(1, "gpiochip1", "tegra234-gpio-aon", 32),
    ];

    private static bool NoFile(string path) => false;

    [Theory]
    [InlineData("/dev/gpiochip1", 1)]
    [InlineData("gpiochip1", 1)]
    [InlineData("tegra234-gpio", 0)]
    [InlineData("tegra234-gpio-aon", 1)]
    public void A_chip_is_found_by_path_name_or_label(string setting, int id)
        => Assert.Equal(id, GpioChipResolver.Resolve(setting, Jetson, NoFile).Id);

    [Fact]
    public void A_name_wins_over_a_label_that_happens_to_match_it()
    {
        GpioChipInfo[] chips = [new(0, "gpiochip0", "gpiochip1", 8), new(1, "gpiochip1", "x", 8)];
        Assert.Equal(1, GpioChipResolver.Resolve("gpiochip1", chips, NoFile).Id);
    }

    [Fact]
    public void A_missing_chip_by_name_fails_cleanly_naming_the_chip_the_chips_found_and_the_setting()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => GpioChipResolver.Resolve("gpiochip7", Jetson, NoFile));

        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("'gpiochip7' could not be opened", e.Message);
        Assert.Contains("gpiochip1 [tegra234-gpio-aon]", e.Message);
        Assert.Contains("gpio.chip", e.Message);
    }

    [Fact]
    public void A_missing_chip_path_reports_no_such_file()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => GpioChipResolver.Resolve("/dev/gpiochip9", Jetson, NoFile));

        Assert.Contains("No such file or directory", e.Message);
    }

    [Fact]
    public void A_device_that_is_not_a_gpio_chip_is_refused()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => GpioChipResolver.Resolve("/dev/null", Jetson, _ => true));

        Assert.Contains("'/dev/null' could not be opened: it is not a GPIO chip", e.Message);
    }

    [Fact]
    public void A_path_outside_dev_is_not_taken_for_the_chip_of_the_same_name()
        => Assert.Throws<EdgeAvatarException>(() => GpioChipResolver.Resolve("/tmp/gpiochip0", Jetson, _ => true));
}
