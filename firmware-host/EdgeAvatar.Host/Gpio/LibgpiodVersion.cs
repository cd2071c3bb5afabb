namespace EdgeAvatar.Host.Gpio;

/// <summary>Which libgpiod API (and so which System.Device.Gpio driver) the device has.</summary>
public enum LibgpiodVersion
{
    /// <summary>libgpiod v1 (soname libgpiod.so.2; Debian 12 package libgpiod2, JetPack): LibGpiodDriver.</summary>
    V1,

    /// <summary>libgpiod v2 (soname libgpiod.so.3; Debian 13 package libgpiod3): LibGpiodV2Driver.</summary>
    V2,
}
