using EdgeAvatar.Common;
using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

/// <summary>Which System.Device.Gpio driver the daemon picks, by the libgpiod sonames the device can load.</summary>
public sealed class GpioLibraryTests
{
    [Fact]
    public void A_debian_12_device_with_only_libgpiod_so_2_gets_the_v1_driver()
        => Assert.Equal(LibgpiodVersion.V1, GpioLibrary.Choose(name => name == "libgpiod.so.2"));

    [Fact]
    public void A_debian_13_device_with_only_libgpiod_so_3_gets_the_v2_driver()
        => Assert.Equal(LibgpiodVersion.V2, GpioLibrary.Choose(name => name == "libgpiod.so.3"));

    [Fact]
    public void With_both_installed_the_v2_driver_wins_because_it_keeps_the_pull_up_on_edge_lines()
        => Assert.Equal(LibgpiodVersion.V2, GpioLibrary.Choose(name => name is "libgpiod.so.2" or "libgpiod.so.3"));

    [Fact]
    public void Without_libgpiod_no_driver_is_chosen()
        => Assert.Null(GpioLibrary.Choose(_ => false));

    [Fact]
    public void A_library_name_that_does_not_exist_does_not_load()
        => Assert.False(GpioLibrary.CanLoad("libgpiod-edgeavatar-missing.so.9"));

    [Fact]
    public void This_debian_12_machine_has_libgpiod_v1_installed_by_setup_and_picks_it()
    {
        // scripts/setup installs libgpiod2 (Debian 12); CI and developers run on that image.
        Assert.True(GpioLibrary.CanLoad("libgpiod.so.2"));
        Assert.Equal(GpioLibrary.CanLoad("libgpiod.so.3") ? LibgpiodVersion.V2 : LibgpiodVersion.V1, GpioLibrary.Detected);
    }

    [Fact]
    public void The_missing_library_message_names_both_debian_packages_and_the_off_switch()
    {
        Assert.Contains("libgpiod2", GpioLibrary.MissingMessage);
        Assert.Contains("libgpiod3", GpioLibrary.MissingMessage);
        Assert.Contains("gpio.chip = none", GpioLibrary.MissingMessage);
        Assert.Equal(ExitCodes.Unavailable, new EdgeAvatarException(ExitCodes.Unavailable, GpioLibrary.MissingMessage).ExitCode);
    }
}
