using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Eval;

/// <summary>
/// Full-reference image metrics on 8-bit RGB images: buffers are rgb24, row-major, W×H×3 bytes, no row padding
/// (ffmpeg's and the dataset's layout). A region is a <see cref="PixelRect"/> that must lie inside the image.
/// <para>
/// PSNR: over all three channels of every pixel in the region, peak 255: 10·log10(255² / MSE). Identical images
/// (MSE = 0) would be +∞; every PSNR is instead capped at <see cref="MaxPsnrDb"/> (100 dB) so that means over frames
/// and JSON stay finite. A one-LSB error in a single sample of a 512² frame already scores ≈107 dB, so the cap only
/// ever replaces "practically identical".
/// </para>
/// <para>
/// SSIM: Wang, Bovik, Sheikh &amp; Simoncelli 2004 exactly as their reference ssim_index.m: 11×11 Gaussian window
/// σ = 1.5 (normalised to sum 1), K1 = 0.01, K2 = 0.03, L = 255, statistics over "valid" window positions only
/// (windows entirely inside the region, so an R×C region gives (R−10)×(C−10) local values), σxy = E[xy] − μxμy, and
/// the mean of the SSIM map. It runs on luma Y = 0.299 R + 0.587 G + 0.114 B (BT.601, unrounded double), the
/// single-channel form the paper evaluates. No automatic downsampling (the later ssim.m variant's) is applied, so
/// values are comparable between frame sizes only at equal size. Regions need at least 11×11 pixels.
/// </para>
/// Thread-safe (no shared state); the SSIM scratch is allocated per call (~7 doubles per region pixel) and SSIM
/// rows are spread over the thread pool.
/// </summary>
public static class ImageMetrics
{
    /// <summary>The value reported for identical images (and the upper bound of every PSNR).</summary>
    public const double MaxPsnrDb = 100;

    /// <summary>Side of the SSIM window in pixels (odd).</summary>
    public const int SsimWindow = 11;

    public const double SsimSigma = 1.5;
    public const double SsimK1 = 0.01;
    public const double SsimK2 = 0.03;
    private const double Peak = 255;

    /// <summary>Normalised 1-D Gaussian taps; the 2-D window is their outer product, which is also normalised.</summary>
    private static readonly double[] s_taps = GaussianTaps(SsimWindow, SsimSigma);

    /// <summary>The whole image as a region.</summary>
    public static PixelRect Whole(int width, int height) => new(0, 0, width, height);

    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
        => Psnr(a, b, width, height, Whole(width, height));

    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height, PixelRect region)
        => PsnrFromMse(MeanSquaredError(a, b, width, height, region));

    /// <summary>PSNR (dB, peak 255) of a mean squared error in 8-bit units², capped at <see cref="MaxPsnrDb"/>.</summary>
    public static double PsnrFromMse(double mse)
    {
        if (double.IsNaN(mse) || mse < 0) throw new ArgumentOutOfRangeException(nameof(mse), $"MSE must be ≥ 0, got {mse}.");
        if (mse == 0) return MaxPsnrDb;
        return Math.Min(MaxPsnrDb, 10 * Math.Log10(Peak * Peak / mse));
    }

    /// <summary>Mean over the region's samples (3 per pixel) of (a − b)², in 8-bit units².</summary>
    public static double MeanSquaredError(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height, PixelRect region)
    {
        CheckImages(a, b, width, height, region, minSide: 1);
        long sum = 0;
        int rowBytes = region.Width * 3;
        for (int y = region.Y; y < region.Bottom; y++)
        {
            int o = (y * width + region.X) * 3;
            ReadOnlySpan<byte> ra = a.Slice(o, rowBytes), rb = b.Slice(o, rowBytes);
            // long: a row of 255² × 3 per pixel overflows int beyond ~11k pixels.
            long row = 0;
            for (int i = 0; i < rowBytes; i++)
            {
                int d = ra[i] - rb[i];
                row += d * d;
            }
            sum += row;
        }
        return (double)sum / ((long)rowBytes * region.Height);
    }

    public static double Ssim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
        => Ssim(a, b, width, height, Whole(width, height));

    /// <summary>Mean SSIM over the valid 11×11 windows of the region, on BT.601 luma; 1 for identical regions.</summary>
    public static double Ssim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height, PixelRect region)
    {
        CheckImages(a, b, width, height, region, minSide: SsimWindow);
        int w = region.Width, h = region.Height;
        double[] x = Luma(a, width, region), y = Luma(b, width, region);
        int ow = w - SsimWindow + 1, oh = h - SsimWindow + 1;
        // Five local statistics, filtered horizontally into h × ow, then vertically row by row. Rows are independent,
        // so both passes run in parallel; per-row SSIM sums are added in row order, keeping the result deterministic.
        var hx = new double[h * ow];
        var hy = new double[h * ow];
        var hxx = new double[h * ow];
        var hyy = new double[h * ow];
        var hxy = new double[h * ow];
        Parallel.For(0, h, r => HorizontalPass(x, y, w, ow, r, hx, hy, hxx, hyy, hxy));
        var rowSums = new double[oh];
        Parallel.For(0, oh, r => rowSums[r] = VerticalRow(r, ow, hx, hy, hxx, hyy, hxy));
        double total = 0;
        foreach (double v in rowSums) total += v;
        return total / ((double)ow * oh);
    }

    /// <summary>Row <paramref name="r"/> of the 1-D Gaussian filtered x, y, x², y², xy along x ("valid" columns only).</summary>
    private static void HorizontalPass(double[] x, double[] y, int w, int ow, int r,
        double[] hx, double[] hy, double[] hxx, double[] hyy, double[] hxy)
    {
        int src = r * w, dst = r * ow;
        for (int c = 0; c < ow; c++)
        {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int k = 0; k < SsimWindow; k++)
            {
                double g = s_taps[k], px = x[src + c + k], py = y[src + c + k];
                sx += g * px;
                sy += g * py;
                sxx += g * px * px;
                syy += g * py * py;
                sxy += g * px * py;
            }
            hx[dst + c] = sx; hy[dst + c] = sy; hxx[dst + c] = sxx; hyy[dst + c] = syy; hxy[dst + c] = sxy;
        }
    }

    /// <summary>
    /// Filters output row <paramref name="r"/> vertically (rows r..r+10 of the horizontal pass, accumulated row-wise
    /// for sequential memory access) and returns the sum of its SSIM map values.
    /// </summary>
    private static double VerticalRow(int r, int ow, double[] hx, double[] hy, double[] hxx, double[] hyy, double[] hxy)
    {
        var mx = new double[ow];
        var my = new double[ow];
        var exx = new double[ow];
        var eyy = new double[ow];
        var exy = new double[ow];
        for (int k = 0; k < SsimWindow; k++)
        {
            double g = s_taps[k];
            int o = (r + k) * ow;
            for (int c = 0; c < ow; c++)
            {
                mx[c] += g * hx[o + c];
                my[c] += g * hy[o + c];
                exx[c] += g * hxx[o + c];
                eyy[c] += g * hyy[o + c];
                exy[c] += g * hxy[o + c];
            }
        }
        double c1 = SsimK1 * Peak * (SsimK1 * Peak), c2 = SsimK2 * Peak * (SsimK2 * Peak);
        double sum = 0;
        for (int c = 0; c < ow; c++)
        {
            double ux = mx[c], uy = my[c];
            double vx = exx[c] - ux * ux, vy = eyy[c] - uy * uy, cov = exy[c] - ux * uy;
            sum += (2 * ux * uy + c1) * (2 * cov + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
        }
        return sum;
    }

    /// <summary>BT.601 luma of the region as unrounded doubles in 0..255, region-row-major.</summary>
    internal static double[] Luma(ReadOnlySpan<byte> rgb, int width, PixelRect region)
    {
        var y = new double[region.Width * region.Height];
        for (int r = 0; r < region.Height; r++)
        {
            int o = ((region.Y + r) * width + region.X) * 3, d = r * region.Width;
            for (int c = 0; c < region.Width; c++, o += 3)
            {
                y[d + c] = 0.299 * rgb[o] + 0.587 * rgb[o + 1] + 0.114 * rgb[o + 2];
            }
        }
        return y;
    }

    internal static double[] GaussianTaps(int size, double sigma)
    {
        var taps = new double[size];
        int half = size / 2;
        double sum = 0;
        for (int i = 0; i < size; i++)
        {
            double d = i - half;
            taps[i] = Math.Exp(-d * d / (2 * sigma * sigma));
            sum += taps[i];
        }
        for (int i = 0; i < size; i++) taps[i] /= sum;
        return taps;
    }

    private static void CheckImages(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height, PixelRect region, int minSide)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} must be positive.");
        long bytes = (long)width * height * 3;
        if (a.Length != bytes || b.Length != bytes)
            throw new ArgumentException($"Both images must be {width}x{height} rgb24 ({bytes} bytes); got {a.Length} and {b.Length}.");
        if (region.X < 0 || region.Y < 0 || region.Width <= 0 || region.Height <= 0 || region.Right > width || region.Bottom > height)
            throw new ArgumentOutOfRangeException(nameof(region), $"Region {region} is not inside the {width}x{height} image.");
        if (region.Width < minSide || region.Height < minSide)
            throw new ArgumentOutOfRangeException(nameof(region), $"Region {region.Width}x{region.Height} is smaller than the {minSide}x{minSide} SSIM window.");
    }
}
