using System.Buffers;
using System.Runtime.CompilerServices;
namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// 4-connected component operations on 0 / non-zero masks by scan-line flood fill: whole horizontal runs are
/// marked at once and only one seed per run of the neighbouring rows is pushed, with an explicit stack (no
/// recursion, so a frame-sized blob cannot overflow the call stack). Outputs are 0 / 255.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>
    /// The components of <paramref name="mask"/> that contain at least one pixel set in <paramref name="seeds"/>.
    /// When no seed pixel lies in the mask, falls back to the largest component, so the result is empty only for an
    /// empty mask.
    /// </summary>
    public static ByteMap KeepSeeded(ByteMap mask, ByteMap seeds)
    {
        int w = mask.Width, h = mask.Height;
        var dst = new ByteMap(w, h);
        var stack = new Stack<(int X, int Y)>();
        bool any = false;
        byte[] m = mask.Data, s = seeds.Data, d = dst.Data;
        for (int i = 0; i < m.Length; i++)
        {
            if (s[i] != 0 && m[i] != 0 && d[i] == 0)
            {
                Flood(m, d, w, h, i % w, i / w, 255, stack);
                any = true;
            }
        }
        return any ? dst : KeepLargest(mask);
    }

    /// <summary>The largest 4-connected component (ties: the first in raster order).</summary>
    public static ByteMap KeepLargest(ByteMap mask)
    {
        int w = mask.Width, h = mask.Height;
        // Flood every component into a scratch 'visited' map to measure it; remember where the largest started
        // and re-flood just that one into the output.
        var visited = new byte[w * h];
        var stack = new Stack<(int X, int Y)>();
        int bestStart = -1, bestSize = 0;
        for (int i = 0; i < visited.Length; i++)
        {
            if (mask.Data[i] != 0 && visited[i] == 0)
            {
                int size = Flood(mask.Data, visited, w, h, i % w, i / w, 1, stack);
                if (size > bestSize)
                {
                    bestSize = size;
                    bestStart = i;
                }
            }
        }
        var dst = new ByteMap(w, h);
        if (bestStart >= 0)
        {
            Flood(mask.Data, dst.Data, w, h, bestStart % w, bestStart / w, 255, stack);
        }
        return dst;
    }

    /// <summary>Sets every hole (background not 4-connected to the image border) to 255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    public static ByteMap FillHoles(ByteMap mask)
    {
        int w = mask.Width, h = mask.Height, n = w * h;
        // Pooled scratch (frame-sized arrays are large-object-heap allocations); cleared because rented arrays are dirty.
        byte[] bg = ArrayPool<byte>.Shared.Rent(n), outside = ArrayPool<byte>.Shared.Rent(n);
        var dst = new ByteMap(w, h);
        try
        {
            for (int i = 0; i < n; i++)
            {
                bg[i] = mask.Data[i] == 0 ? (byte)1 : (byte)0;
            }
            Array.Clear(outside, 0, n);
            var stack = new Stack<(int X, int Y)>();
            for (int x = 0; x < w; x++)
            {
                Seed(x, 0, stack);
                Seed(x, h - 1, stack);
            }
            for (int y = 0; y < h; y++)
            {
                Seed(0, y, stack);
                Seed(w - 1, y, stack);
            }
            for (int i = 0; i < n; i++)
            {
                dst.Data[i] = outside[i] != 0 ? (byte)0 : (byte)255;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bg);
            ArrayPool<byte>.Shared.Return(outside);
        }
        return dst;

        void Seed(int x, int y, Stack<(int X, int Y)> stack)
        {
            int i = y * w + x;
            if (bg[i] != 0 && outside[i] == 0)
            {
                Flood(bg, outside, w, h, x, y, 1, stack);
            }
        }
    }

    /// <summary>
    /// Marks with <paramref name="value"/> in <paramref name="dst"/> the 4-connected component of non-zero
    /// <paramref name="src"/> pixels containing (x, y); returns its size. Pixels already non-zero in dst act as walls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private static int Flood(byte[] src, byte[] dst, int w, int h, int x, int y, byte value, Stack<(int X, int Y)> stack)
    {
        int size = 0;
        stack.Clear();
        stack.Push((x, y));
        while (stack.Count > 0)
        {
            var (sx, sy) = stack.Pop();
            int row = sy * w;
            if (src[row + sx] == 0 || dst[row + sx] != 0)
            {
                continue;
            }
            int l = sx, r = sx;
            while (l > 0 && src[row + l - 1] != 0 && dst[row + l - 1] == 0)
            {
                l--;
            }
            while (r < w - 1 && src[row + r + 1] != 0 && dst[row + r + 1] == 0)
            {
                r++;
            }
            dst.AsSpan(row + l, r - l + 1).Fill(value);
            size += r - l + 1;
            if (sy > 0)
            {
                PushRuns(src, dst, row - w, l, r, sy - 1, stack);
            }
            if (sy < h - 1)
            {
                PushRuns(src, dst, row + w, l, r, sy + 1, stack);
            }
        }
        return size;
    }

    /// <summary>Pushes one seed for each run of fillable pixels of row <paramref name="y"/> within [l, r].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private static void PushRuns(byte[] src, byte[] dst, int row, int l, int r, int y, Stack<(int X, int Y)> stack)
    {
        bool inRun = false;
        for (int x = l; x <= r; x++)
        {
            bool fillable = src[row + x] != 0 && dst[row + x] == 0;
            if (fillable && !inRun)
            {
                stack.Push((x, y));
            }
            inRun = fillable;
        }
    }
}
