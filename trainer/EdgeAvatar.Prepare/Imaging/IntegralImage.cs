namespace EdgeAvatar.Prepare.Imaging;

/// <summary>
/// Summed-area tables of an 8-bit image: <c>Sum[y*(W+1)+x]</c> is the sum of pixels in rows &lt; y and columns &lt; x,
/// <c>SquareSum</c> the same for squared values. Both have (W+1)x(H+1) entries with a zero first row and column, so any
/// rectangle sum is four lookups. Sums fit: int.MaxValue / 255 ⇒ int is exact up to 8.4 M pixels (enforced); the square
/// sum uses long because 255² per pixel overflows int already at 33 k pixels.
/// </summary>
public sealed class IntegralImage
{
    public IntegralImage(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if ((long)image.Width * image.Height > 8_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(image), "Integral image limited to 8 M pixels (int sums).");
        }
        Width = image.Width;
        Height = image.Height;
        Stride = Width + 1;
        Sum = new int[Stride * (Height + 1)];
        SquareSum = new long[Stride * (Height + 1)];
        var px = image.Pixels;
        for (int y = 0; y < Height; y++)
        {
            int rowSum = 0;
            long rowSq = 0;
            int src = y * Width;
            int above = y * Stride;
            int here = above + Stride;
            for (int x = 0; x < Width; x++)
            {
                int v = px[src + x];
                rowSum += v;
                rowSq += v * v;
                Sum[here + x + 1] = Sum[above + x + 1] + rowSum;
                SquareSum[here + x + 1] = SquareSum[above + x + 1] + rowSq;
            }
        }
    }

    /// <summary>Source image width (the tables are one wider).</summary>
    public int Width { get; }

    /// <summary>Source image height (the tables are one taller).</summary>
    public int Height { get; }

    /// <summary>Row stride of the tables, Width + 1.</summary>
    public int Stride { get; }

    public int[] Sum { get; }

    public long[] SquareSum { get; }

    /// <summary>Sum of pixels in the rectangle [x, x+w) x [y, y+h); the caller keeps it inside the image.</summary>
    public int RectSum(int x, int y, int w, int h)
    {
        int a = y * Stride + x;
        int b = (y + h) * Stride + x;
        return Sum[a] - Sum[a + w] - Sum[b] + Sum[b + w];
    }

    /// <summary>Sum of squared pixels in the rectangle [x, x+w) x [y, y+h).</summary>
    public long RectSquareSum(int x, int y, int w, int h)
    {
        int a = y * Stride + x;
        int b = (y + h) * Stride + x;
        return SquareSum[a] - SquareSum[a + w] - SquareSum[b] + SquareSum[b + w];
    }
}
