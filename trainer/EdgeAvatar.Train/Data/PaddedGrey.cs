namespace EdgeAvatar.Train.Data;

/// <summary>
/// A grey image (0..255 floats, BT.601 weights) with its border replicated <see cref="Pad"/> pixels on every side,
/// so a search may read any shift up to the pad without bounds checks. Index of (x, y): (y + Pad)·Stride + x + Pad.
/// </summary>
internal sealed class PaddedGrey
{
    private PaddedGrey(int width, int height, int pad)
    {
        Width = width;
        Height = height;
        Pad = pad;
        Stride = width + 2 * pad;
        Pixels = new float[Stride * (height + 2 * pad)];
    }

    public int Width { get; }
    public int Height { get; }
    public int Pad { get; }
    public int Stride { get; }
    public float[] Pixels { get; }

    public int Index(int x, int y) => (y + Pad) * Stride + x + Pad;

    public static PaddedGrey FromRgb(ReadOnlySpan<byte> rgb, int width, int height, int pad)
    {
        var g = new PaddedGrey(width, height, pad);
        for (int y = 0; y < height; y++)
        {
            int row = g.Index(0, y);
            for (int x = 0; x < width; x++)
            {
                int i = 3 * (y * width + x);
                g.Pixels[row + x] = 0.299f * rgb[i] + 0.587f * rgb[i + 1] + 0.114f * rgb[i + 2];
            }
        }
        g.ReplicateBorder();
        return g;
    }

    /// <summary>2 × 2 box average: (W/2) × (H/2) (a last odd row or column is dropped), padded by <paramref name="pad"/>.</summary>
    public PaddedGrey Half(int pad)
    {
        var h = new PaddedGrey(Width / 2, Height / 2, pad);
        for (int y = 0; y < h.Height; y++)
        {
            int row = h.Index(0, y), a = Index(0, 2 * y), b = Index(0, 2 * y + 1);
            for (int x = 0; x < h.Width; x++)
                h.Pixels[row + x] = 0.25f * (Pixels[a + 2 * x] + Pixels[a + 2 * x + 1] + Pixels[b + 2 * x] + Pixels[b + 2 * x + 1]);
        }
        h.ReplicateBorder();
        return h;
    }

    /// <summary>Bilinear sample at (x, y) in image coordinates; valid within the pad less one pixel.</summary>
    public float Sample(double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        int i = Index(x0, y0);
        float top = Pixels[i] + fx * (Pixels[i + 1] - Pixels[i]);
        float bottom = Pixels[i + Stride] + fx * (Pixels[i + Stride + 1] - Pixels[i + Stride]);
        return top + fy * (bottom - top);
    }

    private void ReplicateBorder()
    {
        for (int y = 0; y < Height; y++)
        {
            int row = Index(0, y);
            Array.Fill(Pixels, Pixels[row], row - Pad, Pad);
            Array.Fill(Pixels, Pixels[row + Width - 1], row + Width, Pad);
        }
        int first = Index(-Pad, 0), last = Index(-Pad, Height - 1);
        for (int k = 1; k <= Pad; k++)
        {
            Array.Copy(Pixels, first, Pixels, first - k * Stride, Stride);
            Array.Copy(Pixels, last, Pixels, last + k * Stride, Stride);
        }
    }
}
