using System.Runtime.InteropServices;

namespace EdgeAvatar.Host;

internal static partial class Interop
{
    internal static partial class Drm
    {
        /// <summary>
        /// Linux fbdev ABI (include/uapi/linux/fb.h), by hand. Sizes on 64-bit: fb_var_screeninfo 160 bytes,
        /// fb_fix_screeninfo 80 (its "unsigned long" fields are nuint). Checked against the C headers by a probe test.
        /// </summary>
        internal static class Fbdev
        {
            internal const uint FBIOGET_VSCREENINFO = 0x4600;
            internal const uint FBIOGET_FSCREENINFO = 0x4602;
            internal const uint FB_VISUAL_TRUECOLOR = 2;
            internal const uint FB_TYPE_PACKED_PIXELS = 0;
        }

        /// <summary>struct fb_bitfield: where one colour channel sits in a pixel.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct FbBitfield
        {
            public uint Offset;    // bit position of the channel's least significant bit
            public uint Length;    // bits in the channel
            public uint MsbRight;  // != 0: most significant bit is on the right (not supported; never seen on RGB)
        }

        /// <summary>struct fb_var_screeninfo (all __u32).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct FbVarScreenInfo
        {
            public uint XRes, YRes, XResVirtual, YResVirtual, XOffset, YOffset;
            public uint BitsPerPixel, Grayscale;
            public FbBitfield Red, Green, Blue, Transp;
            public uint NonStd, Activate, Height, Width, AccelFlags;
            public uint PixClock, LeftMargin, RightMargin, UpperMargin, LowerMargin, HSyncLen, VSyncLen;
            public uint Sync, VMode, Rotate, ColorSpace;
            public fixed uint Reserved[4];
        }

        /// <summary>struct fb_fix_screeninfo.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct FbFixScreenInfo
        {
            public fixed byte Id[16];
            public nuint SmemStart;
            public uint SmemLen;     // bytes of mappable framebuffer memory
            public uint Type, TypeAux, Visual;
            public ushort XPanStep, YPanStep, YWrapStep;
            public uint LineLength;  // bytes per row (≥ xres_virtual × bytes per pixel)
            public nuint MmioStart;
            public uint MmioLen, Accel;
            public ushort Capabilities;
            public fixed ushort Reserved[2];
        }
    }
}
