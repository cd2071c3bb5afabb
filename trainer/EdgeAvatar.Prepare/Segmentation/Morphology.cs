using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Binary morphology with square windows and edge feathering on <see cref="ByteMap"/> masks.
/// Masks are 0 / non-zero on input and 0 / 255 on output. Dilation and erosion are separable OR / AND of shifted
/// rows (SIMD via <see cref="Vector{T}"/>), O(pixels * radius / vector width). Windows are clipped at the border,
/// which behaves like edge replication: a torso cut by the frame edge is not eaten away by an opening.
/// </summary>
public static class Morphology
{
    /// <summary>Pixels with any set pixel within Chebyshev distance <paramref name="radius"/>.</summary>
    public static ByteMap Dilate(ByteMap mask, int radius) => Separable(mask, radius, or: true);

    /// <summary>Pixels whose whole (clipped) window is set.</summary>
    public static ByteMap Erode(ByteMap mask, int radius) => Separable(mask, radius, or: false);

    /// <summary>Erode then dilate: removes specks smaller than the window.</summary>
    public static ByteMap Open(ByteMap mask, int radius) => Dilate(Erode(mask, radius), radius);

    /// <summary>Dilate then erode: closes gaps and notches smaller than the window.</summary>
    public static ByteMap Close(ByteMap mask, int radius) => Erode(Dilate(mask, radius), radius);

    /// <summary>0 / 255 copy of a 0 / non-zero mask.</summary>
    public static ByteMap Binarize(ByteMap mask)
    {
        var dst = new ByteMap(mask.Width, mask.Height);
        BinarizeInto(mask.Data, dst.Data);
        return dst;
    }

    /// <summary>
    /// Feathered alpha from a binary mask: the mean of the 0/255 mask over the clipped (2r+1)^2 window, by running
    /// sums (horizontal per row, then running column sums), O(pixels) whatever the radius.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    public static ByteMap Feather(ByteMap mask, int radius)
    {
        var alpha = Binarize(mask);
        if (radius <= 0)
        {
            return alpha;
        }
        int w = mask.Width, h = mask.Height, r = radius;
        byte[] src = alpha.Data;
        int[] horiz = ArrayPool<int>.Shared.Rent(w * h);
        int[] col = ArrayPool<int>.Shared.Rent(w);
        try
        {
            for (int y = 0; y < h; y++)
            {
                int o = y * w, sum = 0;
                for (int x = 0; x <= Math.Min(r, w - 1); x++)
                {
                    sum += src[o + x];
                }
                for (int x = 0; x < w; x++)
                {
                    horiz[o + x] = sum;
                    if (x + r + 1 < w)
                    {
                        sum += src[o + x + r + 1];
                    }
                    if (x - r >= 0)
                    {
                        sum -= src[o + x - r];
                    }
                }
            }
            Array.Clear(col, 0, w);
            for (int y = 0; y <= Math.Min(r, h - 1); y++)
            {
                for (int x = 0; x < w; x++)
                {
                    col[x] += horiz[y * w + x];
                }
            }
            byte[] dst = alpha.Data; // horiz holds all the vertical pass needs, so the output may overwrite src
            for (int y = 0; y < h; y++)
            {
                int ah = Math.Min(y + r, h - 1) - Math.Max(y - r, 0) + 1;
                for (int x = 0; x < w; x++)
                {
                    int area = (Math.Min(x + r, w - 1) - Math.Max(x - r, 0) + 1) * ah;
                    dst[y * w + x] = (byte)((col[x] + area / 2) / area);
                }
                if (y + r + 1 < h)
                {
                    for (int x = 0; x < w; x++)
                    {
                        col[x] += horiz[(y + r + 1) * w + x];
                    }
                }
                if (y - r >= 0)
                {
                    for (int x = 0; x < w; x++)
                    {
                        col[x] -= horiz[(y - r) * w + x];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(horiz);
            ArrayPool<int>.Shared.Return(col);
        }
        return alpha;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private static ByteMap Separable(ByteMap mask, int radius, bool or)
    {
        int w = mask.Width, h = mask.Height, n = w * h;
        var dst = new byte[n];
        BinarizeInto(mask.Data, dst);
        if (radius <= 0)
        {
            return new ByteMap(w, h, dst);
        }
        // Pooled scratch: frame-sized arrays live on the large-object heap, and fresh ones per call cost gen-2 GCs.
        byte[] tmp = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            // Horizontal: tmp[x] = op over dst[x-r .. x+r] (clipped), as r shifted-span passes each way.
            dst.AsSpan().CopyTo(tmp);
            for (int y = 0; y < h; y++)
            {
                var s = dst.AsSpan(y * w, w);
                var d = tmp.AsSpan(y * w, w);
                for (int k = 1; k <= Math.Min(radius, w - 1); k++)
                {
                    Combine(d[..(w - k)], s[k..], or);
                    Combine(d[k..], s[..(w - k)], or);
                }
            }
            // Vertical: dst row y = op over tmp rows y-r .. y+r (clipped).
            for (int y = 0; y < h; y++)
            {
                var d = dst.AsSpan(y * w, w);
                tmp.AsSpan(y * w, w).CopyTo(d);
                for (int yy = Math.Max(0, y - radius); yy <= Math.Min(h - 1, y + radius); yy++)
                {
                    if (yy != y)
                    {
                        Combine(d, tmp.AsSpan(yy * w, w), or);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
        return new ByteMap(w, h, dst);
    }

    /// <summary>dst = dst | src (or) or dst &amp; src (and), element-wise, SIMD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private static void Combine(Span<byte> dst, ReadOnlySpan<byte> src, bool or)
    {
        int i = 0, n = dst.Length, vw = Vector<byte>.Count;
        if (or)
        {
            for (; i <= n - vw; i += vw)
            {
                (new Vector<byte>(dst[i..]) | new Vector<byte>(src[i..])).CopyTo(dst[i..]);
            }
            for (; i < n; i++)
            {
                dst[i] |= src[i];
            }
        }
        else
        {
            for (; i <= n - vw; i += vw)
            {
                (new Vector<byte>(dst[i..]) & new Vector<byte>(src[i..])).CopyTo(dst[i..]);
            }
            for (; i < n; i++)
            {
                dst[i] &= src[i];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private static void BinarizeInto(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int i = 0, n = src.Length, vw = Vector<byte>.Count;
        for (; i <= n - vw; i += vw)
        {
            // Equals gives all-ones (255) lanes for zero bytes; invert to get 255 for set bytes.
            (~Vector.Equals(new Vector<byte>(src[i..]), Vector<byte>.Zero)).CopyTo(dst[i..]);
        }
        for (; i < n; i++)
        {
            dst[i] = src[i] != 0 ? (byte)255 : (byte)0;
        }
    }
}
