using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// An 8-bit RGB image, rows top to bottom, pixels interleaved R,G,B (the layout ffmpeg's rgb24 writes).
/// Invariant: <c>Pixels.Length == Width * Height * 3</c>, Width and Height are positive.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
        : this(width, height, new byte[CheckedLength(width, height)])
    {
    }

    /// <summary>Wraps <paramref name="pixels"/> without copying; the caller must not resize it.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != CheckedLength(width, height))
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"RGB image {width}x{height} needs {(long)width * height * 3} bytes, got {pixels.Length}.");
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public int PixelCount => Width * Height;

    /// <summary>A deep copy.</summary>
    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    /// <summary>Bilinear resample to <paramref name="width"/> x <paramref name="height"/> (pixel-centre aligned).</summary>
    public RgbImage Resize(int width, int height)
    {
        var dst = new RgbImage(width, height);
        if (width == Width && height == Height)
        {
            Pixels.CopyTo(dst.Pixels, 0);
            return dst;
        }
        float sx = (float)Width / width, sy = (float)Height / height;
        byte[] src = Pixels, outp = dst.Pixels;
        int sw = Width, sh = Height;
        Parallel.For(0, height, y =>
        {
            float fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, sh - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            float wy = fy - y0;
            for (int x = 0; x < width; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, sw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                float wx = fx - x0;
                for (int c = 0; c < 3; c++)
                {
                    float a = src[(y0 * sw + x0) * 3 + c], b = src[(y0 * sw + x1) * 3 + c];
                    float d = src[(y1 * sw + x0) * 3 + c], e = src[(y1 * sw + x1) * 3 + c];
                    float top = a + (b - a) * wx, bot = d + (e - d) * wx;
                    outp[(y * width + x) * 3 + c] = (byte)(top + (bot - top) * wy + 0.5f);
                }
            }
        });
        return dst;
    }

    /// <summary>A solid image of one colour.</summary>
    public static RgbImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var img = new RgbImage(width, height);
        var p = img.Pixels;
        for (int i = 0; i < p.Length; i += 3)
        {
            p[i] = r;
            p[i + 1] = g;
            p[i + 2] = b;
        }
        return img;
    }

    internal static int CheckedLength(int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height * 3 > int.MaxValue)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"Bad image size {width}x{height}.");
        }
        return width * height * 3;
    }
}
