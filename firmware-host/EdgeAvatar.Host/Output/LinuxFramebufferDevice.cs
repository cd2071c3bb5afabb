using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Drm;
using Libc = EdgeAvatar.Host.Interop.Libc;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// /dev/fbN opened read-write, its screeninfo read with FBIOGET_VSCREENINFO / FBIOGET_FSCREENINFO, and smem_len bytes
/// mmap'd shared. The screeninfo source is injectable: tests pass a fabricated one and a regular file, which
/// exercises the real open/mmap/munmap path with a real fb memory layout.
/// </summary>
internal sealed unsafe class LinuxFramebufferDevice : IFramebufferDevice
{
    /// <summary>Reads (var, fix) screeninfo from an open descriptor.</summary>
    internal delegate (FbVarScreenInfo Var, FbFixScreenInfo Fix) ScreenInfoReader(int fd, string path);

    private int _fd;
    private nint _map;
    private readonly nuint _mapLength;

    public LinuxFramebufferDevice(string path, ScreenInfoReader? screenInfo = null)
    {
        Path = path;
        if (!File.Exists(path))
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"Framebuffer '{path}' does not exist: this kernel has no fbdev console (try drm:) or the device is named differently.");
        _fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (_fd < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw new EdgeAvatarException(errno == 13 ? ExitCodes.Unavailable : ExitCodes.IoError,
                $"Cannot open framebuffer '{path}': {Libc.Describe(errno)}" + (errno == 13 ? " — add the service user to the 'video' group." : "."));
        }
        try
        {
            var (v, f) = (screenInfo ?? ReadScreenInfo)(_fd, path);
            Layout = FramebufferLayout.FromScreenInfo(v, f, path);
            _mapLength = f.SmemLen;
            _map = Libc.Mmap(0, _mapLength, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, _fd, 0);
            if (_map == Libc.MapFailed)
            {
                _map = 0;
                throw new EdgeAvatarException(ExitCodes.IoError,
                    $"Cannot mmap {_mapLength} bytes of framebuffer '{path}': {Libc.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}.");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Path { get; }
    public FramebufferLayout Layout { get; } = null!;

    public Span<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_map == 0, this);
            return new Span<byte>((void*)_map, checked((int)_mapLength));
        }
    }

    private static (FbVarScreenInfo, FbFixScreenInfo) ReadScreenInfo(int fd, string path)
    {
        FbVarScreenInfo v;
        FbFixScreenInfo f;
        if (Libc.Ioctl(fd, Fbdev.FBIOGET_VSCREENINFO, &v) < 0 || Libc.Ioctl(fd, Fbdev.FBIOGET_FSCREENINFO, &f) < 0)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"'{path}' is not a framebuffer device (screeninfo ioctl failed: {Libc.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}).");
        return (v, f);
    }

    public void Dispose()
    {
        if (_map != 0)
        {
            Libc.Munmap(_map, _mapLength);
            _map = 0;
        }
        if (_fd > 0)
        {
            Libc.Close(_fd);
            _fd = -1;
        }
    }
}
