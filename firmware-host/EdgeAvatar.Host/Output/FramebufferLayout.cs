using EdgeAvatar.Common;
using static EdgeAvatar.Host.Interop.Drm;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// The geometry and pixel format of a packed-pixel true-colour framebuffer, validated from the fbdev screeninfo (or
/// given directly for DRM dumb buffers). Invariants: BytesPerPixel ∈ {2, 3, 4}; each channel's bits lie within the
/// pixel and are at most 8 wide; the visible area (Width × Height at XOffset/YOffset) fits in Length bytes with
/// rows LineLength apart.
/// </summary>
internal sealed record FramebufferLayout(
    int Width, int Height, int XOffset, int YOffset, int BitsPerPixel, int LineLength, long Length,
    (int Offset, int Length) Red, (int Offset, int Length) Green, (int Offset, int Length) Blue, (int Offset, int Length) Alpha)
{
    public int BytesPerPixel => BitsPerPixel / 8;

    /// <summary>Byte offset of the visible area's top-left pixel.</summary>
    public long Origin => (long)YOffset * LineLength + (long)XOffset * BytesPerPixel;

    /// <summary>XRGB8888 (little-endian B, G, R, X bytes): DRM's DRM_FORMAT_XRGB8888, what dumb buffers use.</summary>
    public static FramebufferLayout Xrgb8888(int width, int height, int pitch)
        => Validate(new FramebufferLayout(width, height, 0, 0, 32, pitch, (long)pitch * height, (16, 8), (8, 8), (0, 8), (24, 0)), "DRM buffer");

    public static FramebufferLayout FromScreenInfo(in FbVarScreenInfo v, in FbFixScreenInfo f, string device)
    {
        if (f.Type != Fbdev.FB_TYPE_PACKED_PIXELS || f.Visual != Fbdev.FB_VISUAL_TRUECOLOR)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"{device}: framebuffer type {f.Type} / visual {f.Visual} is not packed true colour; only true-colour framebuffers are supported.");
        if (v.Red.MsbRight != 0 || v.Green.MsbRight != 0 || v.Blue.MsbRight != 0)
            throw new EdgeAvatarException(ExitCodes.Unavailable, $"{device}: bit-reversed (msb_right) colour channels are not supported.");
        return Validate(new FramebufferLayout((int)v.XRes, (int)v.YRes, (int)v.XOffset, (int)v.YOffset, (int)v.BitsPerPixel,
            (int)f.LineLength, f.SmemLen, Field(v.Red), Field(v.Green), Field(v.Blue), Field(v.Transp)), device);
    }

    private static (int, int) Field(FbBitfield b) => ((int)b.Offset, (int)b.Length);

    private static FramebufferLayout Validate(FramebufferLayout l, string device)
    {
        if (l.BitsPerPixel is not (16 or 24 or 32))
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"{device}: {l.BitsPerPixel} bits per pixel is not supported (16 RGB565-style, 24 or 32 XRGB-style are).");
        foreach (var (o, n) in new[] { l.Red, l.Green, l.Blue, l.Alpha })
            if (n < 0 || n > 8 || o < 0 || o + n > l.BitsPerPixel)
                throw new EdgeAvatarException(ExitCodes.Unavailable, $"{device}: colour bitfield offset {o} length {n} does not fit a {l.BitsPerPixel}-bit pixel.");
        if (l.Width <= 0 || l.Height <= 0 || l.LineLength < (long)(l.XOffset + l.Width) * l.BytesPerPixel
            || l.Origin + (long)(l.Height - 1) * l.LineLength + (long)l.Width * l.BytesPerPixel > l.Length)
            throw new EdgeAvatarException(ExitCodes.Unavailable,
                $"{device}: inconsistent geometry {l.Width}x{l.Height}+{l.XOffset}+{l.YOffset}, line {l.LineLength} bytes, memory {l.Length} bytes.");
        return l;
    }
}
