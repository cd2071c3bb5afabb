using System.ComponentModel;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// Lazy, checked loading of libgpiod v1 (libgpiod.so.2). The [LibraryImport] bindings would only fail at their first
/// call with a DllNotFoundException; probing once up front turns "library missing" and "wrong major version" into an
/// <see cref="EdgeAvatarException"/> with <see cref="ExitCodes.Unavailable"/> naming the Debian package. The result
/// is cached for the life of the process (the library is never unloaded: line pointers into it may be live).
/// </summary>
public static class GpiodLibrary
{
    /// <summary>The soname the bindings use.</summary>
    public const string LibraryName = Interop.Gpiod.LibraryName;

    private static readonly Lock s_lock = new();
    private static string? s_failure;
    private static bool s_probed;

    /// <summary>True when libgpiod v1 can be loaded (probes once).</summary>
    public static bool IsAvailable => Probe(LibraryName) is null;

    /// <summary>Loads libgpiod v1 once, or throws a clear, user-facing error.</summary>
    /// <exception cref="EdgeAvatarException">The library is missing or is not the v1 API.</exception>
    public static void EnsureLoaded()
    {
        string? failure = Probe(LibraryName);
        if (failure is not null)
            throw new EdgeAvatarException(ExitCodes.Unavailable, failure);
    }

    /// <summary>
    /// Checks that <paramref name="libraryName"/> loads and exports the v1 entry points, returning null or the error
    /// message. Only <see cref="LibraryName"/> is cached: other names exist for diagnostics and tests, since the
    /// bindings themselves always use the v1 soname.
    /// </summary>
    public static string? Probe(string libraryName)
    {
        bool isDefault = libraryName == LibraryName;
        lock (s_lock)
        {
            if (isDefault && s_probed)
                return s_failure;
            string? failure = ProbeUncached(libraryName);
            if (isDefault)
            {
                s_failure = failure;
                s_probed = true;
            }
            return failure;
        }
    }

    /// <summary>strerror text for an errno from a libgpiod call (e.g. "No such file or directory").</summary>
    internal static string Describe(int errno) => $"{new Win32Exception(errno).Message} (errno {errno})";

    private static string? ProbeUncached(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(GpiodLibrary).Assembly, DllImportSearchPath.SafeDirectories, out nint handle)
            && !NativeLibrary.TryLoad(libraryName, out handle))
        {
            return $"The GPIO library '{libraryName}' (libgpiod v1) could not be loaded. Install the Debian package " +
                   "libgpiod2 (sudo apt-get install libgpiod2), or set gpio.chip = none in /etc/edgeavatar/edgeavatar.conf.";
        }
        // gpiod_line_event_wait exists only in the v1 API; a v2 library renamed to the v1 soname would crash later.
        foreach (string export in new[] { "gpiod_chip_open_by_name", "gpiod_line_event_wait", "gpiod_line_request_both_edges_events_flags" })
        {
            if (!NativeLibrary.TryGetExport(handle, export, out _))
            {
                return $"'{libraryName}' was loaded but does not export {export}; EdgeAvatar needs the libgpiod v1.5+ API " +
                       "(Debian package libgpiod2; libgpiod v2 is incompatible).";
            }
        }
        return null;
    }
}
