using System.Buffers.Binary;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Output;
using static EdgeAvatar.Host.Interop.Drm;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// Runs the real fbdev path (open, mmap MAP_SHARED, letterbox, pack, munmap) against a regular file standing in for
/// /dev/fbN, with a fabricated fb_var/fb_fix_screeninfo, then reads the file back to check where pixels landed.
/// </summary>
public class FbdevFrameSinkTests
{
    // Screen 80×48 visible; a 32×24 frame scales ×2 to 64×48, centred: x 8..71, bars at x 0..7 and 72..79.
    private const int ScreenW = 80, ScreenH = 48, FrameW = 32, FrameH = 24;

    private static (FbVarScreenInfo, FbFixScreenInfo) Screen(int bpp, (uint, uint) red, (uint, uint) green, (uint, uint) blue, uint lineLength, uint yOffset = 0)
    {
        var v = new FbVarScreenInfo
        {
            XRes = ScreenW, YRes = ScreenH, XResVirtual = ScreenW, YResVirtual = ScreenH * 2, YOffset = yOffset, BitsPerPixel = (uint)bpp,
            Red = new FbBitfield { Offset = red.Item1, Length = red.Item2 },
            Green = new FbBitfield { Offset = green.Item1, Length = green.Item2 },
            Blue = new FbBitfield { Offset = blue.Item1, Length = blue.Item2 },
        };
        var f = new FbFixScreenInfo { SmemLen = lineLength * ScreenH * 2, LineLength = lineLength, Visual = Fbdev.FB_VISUAL_TRUECOLOR, Type = Fbdev.FB_TYPE_PACKED_PIXELS };
        return (v, f);
    }

    /// <summary>Frame: left half orange (255,128,0), right half sky (0,128,255).</summary>
    private static byte[] TwoTone()
    {
        var f = new byte[FrameW * FrameH * 3];
        for (int i = 0; i < FrameW * FrameH; i++)
        {
            bool left = i % FrameW < FrameW / 2;
            (f[3 * i], f[3 * i + 1], f[3 * i + 2]) = left ? ((byte)255, (byte)128, (byte)0) : ((byte)0, (byte)128, (byte)255);
        }
        return f;
    }

    private static async Task<byte[]> Render((FbVarScreenInfo, FbFixScreenInfo) screen)
    {
        using var dir = new ScratchDir();
        string fb = dir.File("fb0");
        File.WriteAllBytes(fb, Enumerable.Repeat((byte)0xAB, (int)screen.Item2.SmemLen).ToArray()); // garbage the sink must clear
        await using (var sink = new FbdevFrameSink(new LinuxFramebufferDevice(fb, (_, _) => screen)))
        {
            await sink.WriteFrameAsync(TwoTone(), FrameW, FrameH, TimeSpan.Zero, default);
            Assert.Equal(1, sink.Stats.Written);
        }
        return File.ReadAllBytes(fb);
    }

    [Fact]
    public async Task Xrgb8888_pixels_land_letterboxed_at_the_right_offsets_with_padded_lines()
    {
        const int line = ScreenW * 4 + 64; // padded rows
        byte[] mem = await Render(Screen(32, (16, 8), (8, 8), (0, 8), line));
        uint At(int x, int y) => BinaryPrimitives.ReadUInt32LittleEndian(mem.AsSpan(y * line + x * 4));
        Assert.Equal(0x00FF8000u, At(8, 0));     // orange starts at the left edge of the image area
        Assert.Equal(0x00FF8000u, At(39, 47));   // last orange column (image x 31 = frame x 15)
        Assert.Equal(0x000080FFu, At(40, 20));   // sky from frame x 16
        Assert.Equal(0x000080FFu, At(71, 47));
        Assert.Equal(0u, At(7, 10));             // left bar cleared to black
        Assert.Equal(0u, At(72, 10));            // right bar
        Assert.Equal(0xABu, mem[ScreenW * 4 + 1]); // row padding beyond the visible width untouched
        Assert.Equal(0xAB, mem[line * ScreenH]);    // second (virtual) page untouched
    }

    [Fact]
    public async Task Rgb565_packs_the_top_bits_of_each_channel()
    {
        const int line = ScreenW * 2;
        byte[] mem = await Render(Screen(16, (11, 5), (5, 6), (0, 5), line));
        ushort At(int x, int y) => BinaryPrimitives.ReadUInt16LittleEndian(mem.AsSpan(y * line + x * 2));
        Assert.Equal((ushort)((31 << 11) | (32 << 5) | 0), At(10, 5));  // orange: R 255>>3, G 128>>2, B 0
        Assert.Equal((ushort)((0 << 11) | (32 << 5) | 31), At(60, 5));  // sky
        Assert.Equal((ushort)0, At(0, 0));
    }

    [Fact]
    public async Task Bgr_bitfield_offsets_and_the_y_pan_offset_are_honoured()
    {
        const int line = ScreenW * 4;
        byte[] mem = await Render(Screen(32, (0, 8), (8, 8), (16, 8), line, yOffset: ScreenH)); // showing the second page
        uint At(int x, int y) => BinaryPrimitives.ReadUInt32LittleEndian(mem.AsSpan((y + ScreenH) * line + x * 4));
        Assert.Equal(0x000080FFu, At(8, 0));   // orange with red in the low byte
        Assert.Equal(0xABABABABu, BinaryPrimitives.ReadUInt32LittleEndian(mem.AsSpan(8 * 4))); // first page untouched
    }

    [Fact]
    public void Unsupported_depth_is_a_clear_unavailable_error()
    {
        using var dir = new ScratchDir();
        string fb = dir.File("fb0");
        var screen = Screen(8, (0, 3), (3, 3), (6, 2), ScreenW);
        File.WriteAllBytes(fb, new byte[screen.Item2.SmemLen]);
        var e = Assert.Throws<EdgeAvatarException>(() => new LinuxFramebufferDevice(fb, (_, _) => screen));
        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("8 bits per pixel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_framebuffer_device_is_a_clear_unavailable_error()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => FrameSinkFactory.Create("fbdev:/dev/fb-does-not-exist"));
        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains("/dev/fb-does-not-exist", e.Message, StringComparison.Ordinal);
    }
}
