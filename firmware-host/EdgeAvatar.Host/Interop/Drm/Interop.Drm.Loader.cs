using System.Runtime.InteropServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    internal static partial class Drm
    {
        /// <summary>
        /// libdrm.so.2, loaded on first use (never at type-load time) so that hosts without it — or file/preview
        /// outputs that never touch a display — work, and a drm: output on such a host fails with
        /// <see cref="ExitCodes.Unavailable"/> naming the Debian package instead of a DllNotFoundException.
        /// Entry points are function pointers from NativeLibrary.TryGetExport; the library is cached for the process
        /// and never unloaded. All calls return libdrm's conventions: pointers (NULL on failure, errno set) or
        /// 0 / negative errno.
        /// </summary>
        internal sealed unsafe class Loader
        {
            internal const string DefaultLibraryName = "libdrm.so.2";
            private static readonly Lock s_lock = new();
            private static readonly Dictionary<string, Loader> s_loaded = new(StringComparer.Ordinal);

            private Loader(string name, nint handle)
            {
                LibraryName = name;
                GetResources = (delegate* unmanaged<int, DrmModeRes*>)Export(handle, name, "drmModeGetResources");
                FreeResources = (delegate* unmanaged<DrmModeRes*, void>)Export(handle, name, "drmModeFreeResources");
                GetConnector = (delegate* unmanaged<int, uint, DrmModeConnector*>)Export(handle, name, "drmModeGetConnector");
                FreeConnector = (delegate* unmanaged<DrmModeConnector*, void>)Export(handle, name, "drmModeFreeConnector");
                GetEncoder = (delegate* unmanaged<int, uint, DrmModeEncoder*>)Export(handle, name, "drmModeGetEncoder");
                FreeEncoder = (delegate* unmanaged<DrmModeEncoder*, void>)Export(handle, name, "drmModeFreeEncoder");
                GetCrtc = (delegate* unmanaged<int, uint, DrmModeCrtc*>)Export(handle, name, "drmModeGetCrtc");
                FreeCrtc = (delegate* unmanaged<DrmModeCrtc*, void>)Export(handle, name, "drmModeFreeCrtc");
                AddFB = (delegate* unmanaged<int, uint, uint, byte, byte, uint, uint, uint*, int>)Export(handle, name, "drmModeAddFB");
                RmFB = (delegate* unmanaged<int, uint, int>)Export(handle, name, "drmModeRmFB");
                SetCrtc = (delegate* unmanaged<int, uint, uint, uint, uint, uint*, int, DrmModeModeInfo*, int>)Export(handle, name, "drmModeSetCrtc");
                PageFlip = (delegate* unmanaged<int, uint, uint, uint, void*, int>)Export(handle, name, "drmModePageFlip");
                Ioctl = (delegate* unmanaged<int, nuint, void*, int>)Export(handle, name, "drmIoctl");
            }

            internal string LibraryName { get; }
            internal delegate* unmanaged<int, DrmModeRes*> GetResources { get; }
            internal delegate* unmanaged<DrmModeRes*, void> FreeResources { get; }
            internal delegate* unmanaged<int, uint, DrmModeConnector*> GetConnector { get; }
            internal delegate* unmanaged<DrmModeConnector*, void> FreeConnector { get; }
            internal delegate* unmanaged<int, uint, DrmModeEncoder*> GetEncoder { get; }
            internal delegate* unmanaged<DrmModeEncoder*, void> FreeEncoder { get; }
            internal delegate* unmanaged<int, uint, DrmModeCrtc*> GetCrtc { get; }
            internal delegate* unmanaged<DrmModeCrtc*, void> FreeCrtc { get; }
            /// <summary>drmModeAddFB(fd, width, height, depth, bpp, pitch, bo_handle, out buf_id).</summary>
            internal delegate* unmanaged<int, uint, uint, byte, byte, uint, uint, uint*, int> AddFB { get; }
            internal delegate* unmanaged<int, uint, int> RmFB { get; }
            /// <summary>drmModeSetCrtc(fd, crtc, fb, x, y, connectors, count, mode); fb 0 with mode NULL disables.</summary>
            internal delegate* unmanaged<int, uint, uint, uint, uint, uint*, int, DrmModeModeInfo*, int> SetCrtc { get; }
            /// <summary>drmModePageFlip(fd, crtc, fb, flags, user_data).</summary>
            internal delegate* unmanaged<int, uint, uint, uint, void*, int> PageFlip { get; }
            /// <summary>drmIoctl: ioctl that retries on EINTR/EAGAIN; -1 + errno on failure.</summary>
            internal delegate* unmanaged<int, nuint, void*, int> Ioctl { get; }

            /// <summary>Loads (once) libdrm.</summary>
            /// <exception cref="EdgeAvatarException">Unavailable: the library or one of the entry points is missing.</exception>
            internal static Loader Get(string? libraryName = null)
            {
                string name = libraryName ?? DefaultLibraryName;
                lock (s_lock)
                {
                    if (s_loaded.TryGetValue(name, out Loader? cached)) return cached;
                    if (!NativeLibrary.TryLoad(name, typeof(Loader).Assembly, DllImportSearchPath.SafeDirectories, out nint handle)
                        && !NativeLibrary.TryLoad(name, out handle))
                    {
                        throw new EdgeAvatarException(ExitCodes.Unavailable,
                            $"The DRM library '{name}' could not be loaded, so the drm: output is unavailable. Install the Debian " +
                            "package libdrm2 (sudo apt-get install libdrm2), or use fbdev:/dev/fb0 or a file output.");
                    }
                    var loader = new Loader(name, handle);
                    s_loaded[name] = loader;
                    return loader;
                }
            }

            private static nint Export(nint handle, string library, string symbol)
                => NativeLibrary.TryGetExport(handle, symbol, out nint address) ? address
                    : throw new EdgeAvatarException(ExitCodes.Unavailable,
                        $"'{library}' does not export {symbol}; it is too old or not libdrm. Reinstall the Debian package libdrm2.");
        }
    }
}
