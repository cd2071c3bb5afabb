using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// Picks the System.Device.Gpio driver by the libgpiod the device has. The package carries both drivers, but each
/// binds one soname and fails only at its first call; probing once up front turns "no libgpiod" into an
/// <see cref="EdgeAvatarException"/> with <see cref="ExitCodes.Unavailable"/> naming the Debian packages. The result is
/// cached for the life of the process (the library is never unloaded: the driver holds pointers into it).
/// </summary>
public static class GpioLibrary
{
    /// <summary>Soname of libgpiod v1 (Debian 12 libgpiod2).</summary>
    public const string V1LibraryName = "libgpiod.so.2";

    /// <summary>Soname of libgpiod v2 (Debian 13 libgpiod3).</summary>
    public const string V2LibraryName = "libgpiod.so.3";

    private static readonly Lazy<LibgpiodVersion?> s_detected = new(() => Choose(CanLoad));

    /// <summary>The libgpiod this process uses, or null when neither loads (probes once).</summary>
    public static LibgpiodVersion? Detected => s_detected.Value;

    /// <summary>
    /// The driver for the libgpiod that <paramref name="canLoad"/> finds, or null when it finds neither. v2 wins when
    /// both are installed: its driver keeps a line's bias when the line is requested for edge events, where the v1
    /// driver re-requests the line without flags.
    /// </summary>
    public static LibgpiodVersion? Choose(Func<string, bool> canLoad)
    {
        ArgumentNullException.ThrowIfNull(canLoad);
        if (canLoad(V2LibraryName))
            return LibgpiodVersion.V2;
        if (canLoad(V1LibraryName))
            return LibgpiodVersion.V1;
        return null;
    }

    /// <summary>The detected version, or a clear, user-facing error.</summary>
    /// <exception cref="EdgeAvatarException">Neither libgpiod v1 nor v2 can be loaded (69).</exception>
    public static LibgpiodVersion Require()
        => Detected ?? throw new EdgeAvatarException(ExitCodes.Unavailable, MissingMessage);

    /// <summary>What to tell the user when no libgpiod loads.</summary>
    public const string MissingMessage =
        $"No GPIO library could be loaded ({V1LibraryName} or {V2LibraryName}). Install the Debian package libgpiod2 " +
        "(Debian 12) or libgpiod3 (Debian 13), or set gpio.chip = none in /etc/edgeavatar/edgeavatar.conf.";

    /// <summary>True when <paramref name="libraryName"/> loads (from the application directory or the system).</summary>
    public static bool CanLoad(string libraryName)
    {
        if (NativeLibrary.TryLoad(libraryName, typeof(GpioLibrary).Assembly, DllImportSearchPath.SafeDirectories, out _))
            return true;
        return NativeLibrary.TryLoad(libraryName, out _);
    }
}
