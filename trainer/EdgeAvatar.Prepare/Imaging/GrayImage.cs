using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Imaging;

/// <summary>
/// An 8-bit single-channel image, rows top to bottom. Invariant: <c>Pixels.Length == Width * Height</c>, sizes positive.
/// Two RGB conversions exist on purpose: the Haar cascades were trained on OpenCV's BT.601 luma, while dlib's shape
/// predictor reads the plain integer mean (r+g+b)/3; using the other one would shift both models' decisions.
/// </summary>
public sealed class GrayImage
{
    /// <summary>Fractional bits of the bilinear weights in <see cref="Resize"/> (OpenCV's INTER_RESIZE_COEF_BITS).</summary>
    private const int Bits = 11;
    private const int One = 1 << Bits;

    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0 || pixels.Length != (long)width * height)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"Gray image {width}x{height} needs {(long)width * height} bytes, got {pixels.Length}.");
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>OpenCV's RGB2GRAY: Y = (4899 R + 9617 G + 1868 B + 8192) >> 14 (BT.601 in 14-bit fixed point).</summary>
    public static GrayImage FromRgbLuma(RgbFrame frame)
    {
        var src = frame.Pixels.Span;
        var dst = new byte[frame.Width * frame.Height];
        for (int i = 0, j = 0; i < dst.Length; i++, j += 3)
        {
            dst[i] = (byte)((src[j] * 4899 + src[j + 1] * 9617 + src[j + 2] * 1868 + 8192) >> 14);
        }
        return new GrayImage(frame.Width, frame.Height, dst);
    }

    /// <summary>dlib's intensity of an rgb_pixel: integer (r+g+b)/3, truncated.</summary>
    public static GrayImage FromRgbMean(RgbFrame frame)
    {
        var src = frame.Pixels.Span;
        var dst = new byte[frame.Width * frame.Height];
        for (int i = 0, j = 0; i < dst.Length; i++, j += 3)
        {
            dst[i] = (byte)((src[j] + src[j + 1] + src[j + 2]) / 3);
        }
        return new GrayImage(frame.Width, frame.Height, dst);
    }

    /// <summary>A copy of the rectangle [x, x+w) x [y, y+h), which must lie inside the image.</summary>
    public GrayImage Crop(int x, int y, int w, int h)
    {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > Width || y + h > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {x},{y} {w}x{h} leaves the {Width}x{Height} image.");
        }
        var dst = new byte[w * h];
        for (int r = 0; r < h; r++)
        {
            Pixels.AsSpan((y + r) * Width + x, w).CopyTo(dst.AsSpan(r * w));
        }
        return new GrayImage(w, h, dst);
    }

    /// <summary>
    /// Bilinear resample with pixel-centre alignment and edge clamping, in 11-bit fixed point with rounding, the way
    /// OpenCV's INTER_LINEAR resizes 8-bit images (so the detector sees nearly the pyramid OpenCV would build).
    /// </summary>
    public GrayImage Resize(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "Target size must be positive.");
        }
        if (width == Width && height == Height)
        {
            return new GrayImage(width, height, (byte[])Pixels.Clone());
        }
        var xs = new int[width];
        var xw = new int[width];
        double sx = (double)Width / width, sy = (double)Height / height;
        for (int x = 0; x < width; x++)
        {
            (xs[x], xw[x]) = SourceTap(x, sx, Width);
        }
        var dst = new byte[width * height];
        var src = Pixels;
        var row0 = new int[width];
        var row1 = new int[width];
        for (int y = 0; y < height; y++)
        {
            var (iy, wy) = SourceTap(y, sy, Height);
            int iy1 = Math.Min(iy + 1, Height - 1);
            HorizontalPass(src.AsSpan(iy * Width, Width), xs, xw, row0);
            HorizontalPass(src.AsSpan(iy1 * Width, Width), xs, xw, row1);
            int o = y * width;
            for (int x = 0; x < width; x++)
            {
                // Both passes carry 11 fractional bits: 22 in total, rounded once at the end.
                long v = (long)row0[x] * (One - wy) + (long)row1[x] * wy;
                dst[o + x] = (byte)Math.Clamp((v + (1L << (2 * Bits - 1))) >> (2 * Bits), 0, 255);
            }
        }
        return new GrayImage(width, height, dst);
    }

    /// <summary>
    /// The first source pixel and the 11-bit weight of the next one for output pixel <paramref name="i"/> along an axis
    /// scaled by <paramref name="scale"/> (source/output), pixel centres aligned, clamped to the edge with weight 0.
    /// </summary>
    private static (int Index, int Weight) SourceTap(int i, double scale, int sourceLength)
    {
        double fi = (i + 0.5) * scale - 0.5;
        int index = (int)Math.Floor(fi);
        double f = fi - index;
        if (index < 0) { index = 0; f = 0; }
        if (index >= sourceLength - 1) { index = sourceLength - 1; f = 0; }
        return (index, (int)Math.Round(f * One));
    }

    private static void HorizontalPass(ReadOnlySpan<byte> row, int[] xs, int[] xw, int[] outRow)
    {
        int last = row.Length - 1;
        for (int x = 0; x < outRow.Length; x++)
        {
            int i = xs[x];
            int w = xw[x];
            outRow[x] = row[i] * (One - w) + row[Math.Min(i + 1, last)] * w;
        }
    }
}
