using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Scan-line polygon rasteriser: a pixel is inside when its centre (x+0.5, y+0.5) is inside the polygon by the
/// even-odd rule. Parts outside the map are clipped.
/// </summary>
public static class PolygonFill
{
    /// <summary>Sets the pixels of <paramref name="map"/> inside <paramref name="polygon"/> to <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    public static void Fill(ByteMap map, ReadOnlySpan<Vector2> polygon, byte value = 255)
    {
        int n = polygon.Length;
        if (n < 3)
        {
            return;
        }
        float minY = float.MaxValue, maxY = float.MinValue;
        foreach (var p in polygon)
        {
            minY = Math.Min(minY, p.Y);
            maxY = Math.Max(maxY, p.Y);
        }
        int y0 = Math.Max(0, (int)MathF.Floor(minY)), y1 = Math.Min(map.Height - 1, (int)MathF.Ceiling(maxY));
        Span<float> xs = n <= 256 ? stackalloc float[n] : new float[n];
        for (int y = y0; y <= y1; y++)
        {
            float cy = y + 0.5f;
            int count = 0;
            for (int i = 0, j = n - 1; i < n; j = i++)
            {
                Vector2 a = polygon[i], b = polygon[j];
                // Half-open rule on y avoids counting a shared vertex twice.
                if ((a.Y <= cy) != (b.Y <= cy))
                {
                    xs[count++] = a.X + (cy - a.Y) / (b.Y - a.Y) * (b.X - a.X);
                }
            }
            xs[..count].Sort();
            var row = map.Data.AsSpan(y * map.Width, map.Width);
            for (int k = 0; k + 1 < count; k += 2)
            {
                // Pixel x is inside when xs[k] <= x + 0.5 < xs[k+1].
                int xa = Math.Max(0, (int)MathF.Ceiling(xs[k] - 0.5f));
                int xb = Math.Min(map.Width - 1, (int)MathF.Ceiling(xs[k + 1] - 0.5f) - 1);
                if (xb >= xa)
                {
                    row[xa..(xb + 1)].Fill(value);
                }
            }
        }
    }
}
