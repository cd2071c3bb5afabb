using EdgeAvatar.Common;
using EdgeAvatar.Host.Output;
using static EdgeAvatar.Host.Interop.Drm;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// This machine has no display: these tests cover loading libdrm and the errors a kiosk without a usable card gets.
/// Mode setting, page flips and CRTC restore are untested here (need a KMS device and DRM master).
/// </summary>
public class DrmFrameSinkTests
{
    [SkippableFact]
    public void Libdrm_loads_and_exports_every_entry_point_used()
    {
        Skip.IfNot(File.Exists("/usr/lib/x86_64-linux-gnu/libdrm.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libdrm.so.2"),
            "libdrm2 not installed");
        Loader drm = Loader.Get();
        Assert.Equal("libdrm.so.2", drm.LibraryName);
    }

    [Fact]
    public void A_missing_library_is_an_unavailable_error_naming_the_package()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => Loader.Get("libdrm-not-here.so.9"));
        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("libdrm2", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_missing_card_is_an_unavailable_error_naming_it()
    {
        Skip.IfNot(File.Exists("/usr/lib/x86_64-linux-gnu/libdrm.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libdrm.so.2"),
            "libdrm2 not installed");
        var e = Assert.Throws<EdgeAvatarException>(() => FrameSinkFactory.Create("drm:/dev/dri/card97"));
        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("/dev/dri/card97", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xrgb8888_layout_of_dumb_buffers_puts_red_in_bits_16_to_23()
    {
        FramebufferLayout l = FramebufferLayout.Xrgb8888(4, 2, 32);
        var blit = new FramebufferBlitter(l, 4, 2);
        Assert.Equal(0x00123456u, blit.PackColour(0x12, 0x34, 0x56));
    }
}
