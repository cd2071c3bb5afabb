using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// <see cref="FramebufferBlitter.Draw"/> on random frames scaled by factors that are not integers (so neighbouring
/// screen rows and columns sometimes show the same source pixel and sometimes not), against the nearest-neighbour
/// rule and the channel packing written out pixel by pixel here.
/// </summary>
public sealed class FramebufferBlitterTests
{
    [Theory]
    [InlineData(32, 37, 23, 100, 61)]   // XRGB8888, height-limited: 23 rows over 61 lines
    [InlineData(32, 29, 31, 64, 90)]    // width-limited: 29 columns over 64, letterboxed top and bottom
    [InlineData(24, 37, 23, 100, 61)]   // 3-byte pixels
    [InlineData(16, 37, 23, 100, 61)]   // RGB565
    public void Every_screen_pixel_is_its_nearest_source_pixel_packed(int bits, int frameW, int frameH, int screenW, int screenH)
    {
        int bpp = bits / 8, line = screenW * bpp + 12;
        var (red, green, blue) = bits == 16 ? ((11, 5), (5, 6), (0, 5)) : ((16, 8), (8, 8), (0, 8));
        var layout = new FramebufferLayout(screenW, screenH, 0, 0, bits, line, (long)line * screenH, red, green, blue, (bits == 32 ? 24 : 0, 0));
        var blitter = new FramebufferBlitter(layout, frameW, frameH);
        var frame = new byte[frameW * frameH * 3];
        new Random(3).NextBytes(frame);
        var memory = new byte[layout.Length];
        blitter.Clear(memory);
        blitter.Draw(frame, memory);

        // The image keeps the frame's aspect at the largest scale that fits, centred.
        double scale = Math.Min((double)screenW / frameW, (double)screenH / frameH);
        int w = (int)Math.Floor(frameW * scale + 1e-9), h = (int)Math.Floor(frameH * scale + 1e-9);
        int x0 = (screenW - w) / 2, y0 = (screenH - h) / 2;
        Assert.Equal((x0, y0, w, h), blitter.ImageArea);
        uint Pack(byte v, (int Offset, int Length) f) => (uint)(v >> (8 - f.Length)) << f.Offset;
        int wrong = 0, distinctRows = 0;
        for (int y = 0; y < h; y++)
        {
            int sy = Math.Min(frameH - 1, (int)((y + 0.5) * frameH / h));
            for (int x = 0; x < w; x++)
            {
                int sx = Math.Min(frameW - 1, (int)((x + 0.5) * frameW / w));
                int s = 3 * (sy * frameW + sx);
                uint expected = Pack(frame[s], red) | Pack(frame[s + 1], green) | Pack(frame[s + 2], blue);
                int at = (y0 + y) * line + (x0 + x) * bpp;
                uint actual = 0;
                for (int b = 0; b < bpp; b++) actual |= (uint)memory[at + b] << (8 * b);
                if (actual != expected) wrong++;
            }
            if (y == 0 || sy != Math.Min(frameH - 1, (int)((y - 0.5) * frameH / h))) distinctRows++;
        }
        Assert.Equal(0, wrong);
        Assert.True(distinctRows < h, "some screen rows repeat a source row");
        // The bars stay black.
        Assert.All(memory.AsSpan(0, x0 * bpp).ToArray(), v => Assert.Equal(0, v));
        Assert.All(memory.AsSpan((screenH - 1) * line + (x0 + w) * bpp, (screenW - x0 - w) * bpp).ToArray(), v => Assert.Equal(0, v));
    }
}
