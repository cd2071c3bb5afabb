using System.Runtime.CompilerServices;
using EdgeAvatar.Common;

namespace EdgeAvatar.Prepare.Segmentation;

/// <summary>
/// Person matte from a background plate: colour distance to the plate (YCbCr, luma down-weighted so soft shadows
/// and exposure drift count less than a change of hue), thresholded with a noise-adaptive level measured on pixels
/// that are surely background, then cleaned: specks opened away, only the component holding the face kept, gaps
/// closed, holes filled (a tie or shirt that happens to match the plate stays person), and the edge feathered.
/// For a chroma plate the distance is replaced by <see cref="ChromaKeyer"/>.
/// </summary>
public sealed class PersonMatter
{
    /// <summary>Lowest difference threshold (distance units ~ 8-bit levels): compression noise never goes below it.</summary>
    public float MinThreshold { get; init; } = 14f;

    /// <summary>Threshold = median + NoiseK * sigma of the background difference (sigma from the MAD).</summary>
    public float NoiseK { get; init; } = 5f;

    /// <summary>Weight of the luma difference relative to chroma (squared-distance weight).</summary>
    public float LumaWeight { get; init; } = 0.35f;

    public int OpenRadius { get; init; } = 2;
    public int CloseRadius { get; init; } = 4;
    public int FeatherRadius { get; init; } = 2;

    public ChromaKeyer Keyer { get; init; } = new();

    /// <summary>Mattes <paramref name="frame"/> against <paramref name="plate"/>; <paramref name="landmarks"/> may be null (then the largest component is kept).</summary>
    public PersonMatte Matte(RgbImage frame, BackgroundPlate plate, FaceLandmarks? landmarks)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(plate);
        if (frame.Width != plate.Width || frame.Height != plate.Height)
        {
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"Frame {frame.Width}x{frame.Height} does not match plate {plate.Width}x{plate.Height}.");
        }
        int w = frame.Width, h = frame.Height;
        ByteMap? face = landmarks is null ? null : FaceRegions.FaceMask(landmarks, w, h);
        ByteMap raw;
        float threshold, sigma;
        if (plate.ChromaKey is { } key)
        {
            var alpha = Keyer.Key(frame, key);
            raw = new ByteMap(w, h);
            for (int i = 0; i < raw.Data.Length; i++)
            {
                raw.Data[i] = alpha.Data[i] >= 128 ? (byte)255 : (byte)0;
            }
            threshold = float.NaN;
            sigma = float.NaN;
        }
        else
        {
            ByteMap? prior = landmarks is null ? null : FaceRegions.PersonPrior(landmarks, w, h);
            (threshold, sigma) = NoiseThreshold(frame, plate, prior);
            raw = Threshold(frame, plate.Image, threshold);
        }
        var mask = Clean(raw, face);
        return new PersonMatte(Morphology.Feather(mask, FeatherRadius), mask, threshold, sigma);
    }

    /// <summary>
    /// Cleans a raw 0/255 foreground mask: open (specks), union with the face mask (the face is person by
    /// definition, even where it matches the plate), keep the face's component, close, fill holes.
    /// </summary>
    public ByteMap Clean(ByteMap raw, ByteMap? face)
    {
        var m = Morphology.Open(raw, OpenRadius);
        if (face is not null)
        {
            for (int i = 0; i < m.Data.Length; i++)
            {
                m.Data[i] |= face.Data[i];
            }
            m = ConnectedComponents.KeepSeeded(m, face);
        }
        else
        {
            m = ConnectedComponents.KeepLargest(m);
        }
        m = Morphology.Close(m, CloseRadius);
        return ConnectedComponents.FillHoles(m);
    }

    // Squared distance sqrt(wY dY^2 + dCb^2 + dCr^2) of the RGB difference in BT.601 YCbCr (the transform is linear,
    // so the difference of the colours converts directly). Integer form: coefficients in Q10, luma weight in Q8;
    // values fit a long comfortably (|dY| <= 255*1024).
    private const int KyR = 306, KyG = 601, KyB = 117;
    private const int KbR = -173, KbG = -339, KbB = 512;
    private const int KrR = 512, KrG = -429, KrB = -83;

    private long LumaQ8 => (long)MathF.Round(LumaWeight * 256f);

    /// <summary>Distance between one frame and plate pixel (same units as 8-bit levels).</summary>
    private float PixelDistance(byte[] a, byte[] b, int i)
    {
        int dr = a[3 * i] - b[3 * i], dg = a[3 * i + 1] - b[3 * i + 1], db = a[3 * i + 2] - b[3 * i + 2];
        long dy = KyR * dr + KyG * dg + KyB * db, dcb = KbR * dr + KbG * dg + KbB * db, dcr = KrR * dr + KrG * dg + KrB * db;
        long q = ((LumaQ8 * dy * dy) >> 8) + dcb * dcb + dcr * dcr;
        return MathF.Sqrt(q) / 1024f;
    }

    /// <summary>Foreground where the colour distance to the plate reaches <paramref name="threshold"/>; 0 / 255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private ByteMap Threshold(RgbImage frame, RgbImage plate, float threshold)
    {
        var raw = new ByteMap(frame.Width, frame.Height);
        long t = (long)(threshold * 1024f), t2 = t * t, luma = LumaQ8;
        byte[] a = frame.Pixels, b = plate.Pixels, d = raw.Data;
        int w = frame.Width, h = frame.Height;
        const int Band = 64; // rows per parallel work item: few items, so scheduling costs little on a busy box
        Parallel.For(0, (h + Band - 1) / Band, band =>
            ThresholdRange(a, b, d, band * Band * w, Math.Min(h, (band + 1) * Band) * w, luma, t2));
        return raw;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ThresholdRange(byte[] a, byte[] b, byte[] d, int start, int end, long luma, long t2)
    {
        for (int i = start; i < end; i++)
        {
            int j = 3 * i;
            int dr = a[j] - b[j], dg = a[j + 1] - b[j + 1], db = a[j + 2] - b[j + 2];
            long dy = KyR * dr + KyG * dg + KyB * db;
            long dcb = KbR * dr + KbG * dg + KbB * db;
            long dcr = KrR * dr + KrG * dg + KrB * db;
            d[i] = ((luma * dy * dy) >> 8) + dcb * dcb + dcr * dcr >= t2 ? (byte)255 : (byte)0;
        }
    }

    /// <summary>
    /// Robust noise level of the background difference: median and 1.4826*MAD of the distance over observed plate
    /// pixels outside the person prior (every 2nd row and column). Threshold = max(MinThreshold, median + NoiseK *
    /// sigma). With fewer than 200 such pixels the floor is used and sigma reported as NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-frame kernel: skip tier-0 (SIMD there is slow)
    private (float Threshold, float Sigma) NoiseThreshold(RgbImage frame, BackgroundPlate plate, ByteMap? prior)
    {
        Span<int> hist = stackalloc int[256];
        int n = 0, w = frame.Width;
        byte[] observed = plate.Observed.Data;
        for (int y = 0; y < frame.Height; y += 2)
        {
            for (int x = 0; x < w; x += 2)
            {
                int i = y * w + x;
                if (observed[i] != 0 && (prior is null || prior.Data[i] == 0))
                {
                    hist[(int)Math.Min(255f, PixelDistance(frame.Pixels, plate.Image.Pixels, i) + 0.5f)]++;
                    n++;
                }
            }
        }
        if (n < 200)
        {
            return (MinThreshold, float.NaN);
        }
        int median = Quantile(hist, n, 0.5);
        Span<int> dev = stackalloc int[256];
        for (int v = 0; v < 256; v++)
        {
            dev[Math.Abs(v - median)] += hist[v];
        }
        float mad = Quantile(dev, n, 0.5);
        float sigma = 1.4826f * Math.Max(mad, 0.5f);
        return (Math.Max(MinThreshold, median + NoiseK * sigma), sigma);
    }

    private static int Quantile(ReadOnlySpan<int> hist, int n, double q)
    {
        long target = (long)Math.Ceiling(q * n), acc = 0;
        for (int v = 0; v < hist.Length; v++)
        {
            acc += hist[v];
            if (acc >= target)
            {
                return v;
            }
        }
        return hist.Length - 1;
    }
}
