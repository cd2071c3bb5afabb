using System.Runtime.InteropServices;
using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Drm;
using Libc = EdgeAvatar.Host.Interop.Libc;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// One scan-out buffer: a KMS "dumb" buffer (CPU-writable, XRGB8888, 32 bpp), registered as a framebuffer
/// (drmModeAddFB, depth 24) and mmap'd. Dispose unmaps, removes the FB and destroys the buffer, in that order.
/// </summary>
internal sealed unsafe class DrmDumbBuffer : IDisposable
{
    private readonly Loader _drm;
    private readonly int _fd;
    private uint _handle;
    private nint _map;

    public DrmDumbBuffer(Loader drm, int fd, int width, int height)
    {
        _drm = drm;
        _fd = fd;
        var create = new DrmModeCreateDumb { Width = (uint)width, Height = (uint)height, Bpp = 32 };
        if (drm.Ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) != 0)
            throw Fail($"DRM_IOCTL_MODE_CREATE_DUMB {width}x{height}");
        _handle = create.Handle;
        Pitch = (int)create.Pitch;
        Size = checked((int)create.Size);
        try
        {
            uint fb;
            if (drm.AddFB(fd, (uint)width, (uint)height, 24, 32, create.Pitch, create.Handle, &fb) != 0)
                throw Fail("drmModeAddFB");
            FramebufferId = fb;
            var map = new DrmModeMapDumb { Handle = create.Handle };
            if (drm.Ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map) != 0) throw Fail("DRM_IOCTL_MODE_MAP_DUMB");
            _map = Libc.Mmap(0, (nuint)Size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, (long)map.Offset);
            if (_map == Libc.MapFailed)
            {
                _map = 0;
                throw Fail("mmap of the dumb buffer");
            }
            Layout = FramebufferLayout.Xrgb8888(width, height, Pitch);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public uint FramebufferId { get; private set; }
    public int Pitch { get; }
    public int Size { get; }
    public FramebufferLayout Layout { get; } = null!;
    public Span<byte> Memory => new((void*)_map, Size);

    private static EdgeAvatarException Fail(string what)
        => new(ExitCodes.IoError, $"DRM: {what} failed: {Libc.Describe(Marshal.GetLastPInvokeError())}.");

    public void Dispose()
    {
        if (_map != 0) { Libc.Munmap(_map, (nuint)Size); _map = 0; }
        if (FramebufferId != 0) { _drm.RmFB(_fd, FramebufferId); FramebufferId = 0; }
        if (_handle != 0)
        {
            var destroy = new DrmModeDestroyDumb { Handle = _handle };
            _drm.Ioctl(_fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
            _handle = 0;
        }
    }
}
