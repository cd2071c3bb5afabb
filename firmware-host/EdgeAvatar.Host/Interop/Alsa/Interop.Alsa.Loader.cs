using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    internal static partial class Alsa
    {
        /// <summary>
        /// Lazy, checked loading of alsa-lib. Nothing in the host binds to libasound at type-load time; the first ALSA
        /// capture or playback calls <see cref="EnsureLoaded"/>, which probes the library with <see cref="NativeLibrary.TryLoad(string, out nint)"/>
        /// and turns its absence into <see cref="ExitCodes.Unavailable"/> naming the Debian package, instead of a
        /// DllNotFoundException on the capture thread. Results are cached per name for the life of the process
        /// (the library is never unloaded: the [LibraryImport] stubs keep pointers into it).
        /// </summary>
        internal static class Loader
        {
            private static readonly Lock s_lock = new();
            private static readonly HashSet<string> s_loaded = new(StringComparer.Ordinal);

            /// <summary>Throws unless <paramref name="libraryName"/> (default libasound.so.2) loads and exports snd_pcm_open.</summary>
            /// <exception cref="EdgeAvatarException"><see cref="ExitCodes.Unavailable"/>: library or export missing.</exception>
            internal static void EnsureLoaded(string? libraryName = null)
            {
                string name = libraryName ?? LibraryName;
                lock (s_lock)
                {
                    if (s_loaded.Contains(name)) return;
                    if (!NativeLibrary.TryLoad(name, typeof(Loader).Assembly, DllImportSearchPath.SafeDirectories, out nint handle)
                        && !NativeLibrary.TryLoad(name, out handle))
                    {
                        throw new EdgeAvatarException(ExitCodes.Unavailable,
                            $"The ALSA library '{name}' could not be loaded, so ALSA audio (capture from alsa:…, playback with --play) is unavailable. " +
                            "Install the Debian package libasound2 (sudo apt-get install libasound2), or use a file:, unix: or tcp: audio source without --play.");
                    }
                    if (!NativeLibrary.TryGetExport(handle, "snd_pcm_open", out _))
                    {
                        throw new EdgeAvatarException(ExitCodes.Unavailable,
                            $"'{name}' was loaded but does not export snd_pcm_open; it is not alsa-lib. Reinstall the Debian package libasound2.");
                    }
                    s_loaded.Add(name);
                }
            }
        }
    }
}
