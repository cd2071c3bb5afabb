using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// Where the lips stage's patch lies: side × side pixels on a regular grid whose stride makes it span about the
/// lips box (a 100-pixel box at side 32 gives stride 3), so the SSIM window sees the whole mouth's shape — open or
/// closed — rather than a corner of it. Where the box is bigger than the span the patch is placed at random inside
/// it; where smaller, centred on it; always inside the image (the stride shrinks for small images).
/// </summary>
public static class LipsPatchSampler
{
    /// <summary>The patch's top-left pixel and stride, or null when the image is smaller than the patch.</summary>
    public static (int X, int Y, int Stride)? Place(PixelRect lips, int side, int width, int height, Random rng)
    {
        if (side < 2 || side > width || side > height || lips.IsEmpty) return null;
        int stride = Math.Max(1, (int)MathF.Round(Math.Max(lips.Width, lips.Height) / (float)side));
        stride = Math.Min(stride, Math.Min(width - 1, height - 1) / (side - 1));
        int span = (side - 1) * stride + 1;
        return (Offset(lips.X, lips.Width, span, width, rng), Offset(lips.Y, lips.Height, span, height, rng), stride);
    }

    /// <summary>Row-major pixel indices (y · width + x) of the patch, side² of them.</summary>
    public static void Fill((int X, int Y, int Stride) patch, int side, int width, Span<int> pixels)
    {
        for (int r = 0; r < side * side; r++)
            pixels[r] = (patch.Y + r / side * patch.Stride) * width + patch.X + r % side * patch.Stride;
    }

    private static int Offset(int start, int length, int span, int limit, Random rng)
    {
        int o = length > span ? start + rng.Next(length - span + 1) : start - (span - length) / 2;
        return Math.Clamp(o, 0, limit - span);
    }
}
