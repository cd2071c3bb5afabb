using EdgeAvatar.Prepare.Segmentation;
using EdgeAvatar.Train.Eval;
using EdgeAvatar.Common;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class ImageMetricsTests
{
    private static byte[] Random(int width, int height, int seed, int min = 0, int max = 256)
    {
        var rng = new Random(seed);
        var img = new byte[width * height * 3];
        for (int i = 0; i < img.Length; i++) img[i] = (byte)rng.Next(min, max);
        return img;
    }

    /// <summary>A smooth picture (gradients plus a disc) so SSIM sees structure, not only noise.</summary>
    private static byte[] Smooth(int width, int height)
    {
        var img = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * 3;
                bool disc = (x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2) < width * height / 10;
                img[o] = (byte)(40 + 150 * x / width);
                img[o + 1] = (byte)(disc ? 200 : 60 + 100 * y / height);
                img[o + 2] = (byte)(disc ? 90 : 120);
            }
        return img;
    }

    private static byte[] AddNoise(byte[] img, double sigma, int seed)
    {
        var rng = new Random(seed);
        var noisy = new byte[img.Length];
        for (int i = 0; i < img.Length; i++)
        {
            // Box–Muller Gaussian noise, clamped to 8 bits.
            double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            noisy[i] = (byte)Math.Clamp(Math.Round(img[i] + sigma * g), 0, 255);
        }
        return noisy;
    }

    [Fact]
    public void Psnr_of_identical_images_is_the_documented_100_dB_cap()
    {
        byte[] a = Random(16, 9, 1);
        Assert.Equal(100.0, ImageMetrics.Psnr(a, (byte[])a.Clone(), 16, 9));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    public void Psnr_of_a_constant_offset_d_is_20_log10_of_255_over_d(int d)
    {
        byte[] a = Random(20, 12, d, max: 256 - d);
        byte[] b = a.Select(v => (byte)(v + d)).ToArray();
        Assert.Equal(20 * Math.Log10(255.0 / d), ImageMetrics.Psnr(a, b, 20, 12), 9);
    }

    [Fact]
    public void Psnr_of_one_saturated_sample_in_a_two_pixel_image_is_10_log10_of_6()
    {
        // 6 samples, one differs by 255: MSE = 255²/6, so PSNR = 10·log10(6) ≈ 7.7815 dB.
        var a = new byte[6];
        var b = new byte[6];
        b[4] = 255;
        Assert.Equal(7.781512503836436, ImageMetrics.Psnr(a, b, 2, 1), 12);
    }

    [Fact]
    public void Psnr_in_a_region_ignores_pixels_outside_it()
    {
        byte[] a = Random(30, 20, 2);
        byte[] b = (byte[])a.Clone();
        var region = new PixelRect(5, 4, 10, 8);
        b[(2 * 30 + 2) * 3] ^= 0xFF;                  // pixel (2, 2): outside
        b[((4 + 7) * 30 + 5 + 9) * 3 + 1] ^= 0x10;    // pixel (14, 11): the region's last pixel
        double mse = 16.0 * 16 / (10 * 8 * 3);
        Assert.Equal(10 * Math.Log10(255.0 * 255 / mse), ImageMetrics.Psnr(a, b, 30, 20, region), 9);
        Assert.True(ImageMetrics.Psnr(a, b, 30, 20) < ImageMetrics.Psnr(a, b, 30, 20, region));
    }

    [Fact]
    public void Ssim_of_an_image_with_itself_is_one()
    {
        byte[] a = Random(40, 30, 3);
        Assert.Equal(1.0, ImageMetrics.Ssim(a, (byte[])a.Clone(), 40, 30), 12);
    }

    [Fact]
    public void Ssim_is_symmetric()
    {
        byte[] a = Smooth(48, 40);
        byte[] b = AddNoise(a, 20, 4);
        Assert.Equal(ImageMetrics.Ssim(a, b, 48, 40), ImageMetrics.Ssim(b, a, 48, 40), 12);
    }

    [Fact]
    public void Ssim_decreases_as_noise_grows()
    {
        byte[] a = Smooth(64, 48);
        double s5 = ImageMetrics.Ssim(a, AddNoise(a, 5, 5), 64, 48);
        double s15 = ImageMetrics.Ssim(a, AddNoise(a, 15, 5), 64, 48);
        double s40 = ImageMetrics.Ssim(a, AddNoise(a, 40, 5), 64, 48);
        Assert.True(1 > s5 && s5 > s15 && s15 > s40 && s40 > 0, $"{s5} {s15} {s40}");
    }

    [Theory]
    [InlineData(0, 255)]
    [InlineData(100, 110)]
    [InlineData(30, 200)]
    public void Ssim_of_two_flat_gray_images_is_the_luminance_term_alone(int va, int vb)
    {
        // No variance: the contrast-structure factor is C2/C2 = 1, leaving (2ab + C1) / (a² + b² + C1).
        byte[] a = Enumerable.Repeat((byte)va, 13 * 12 * 3).ToArray();
        byte[] b = Enumerable.Repeat((byte)vb, 13 * 12 * 3).ToArray();
        double c1 = 2.55 * 2.55;
        Assert.Equal((2.0 * va * vb + c1) / ((double)va * va + (double)vb * vb + c1), ImageMetrics.Ssim(a, b, 13, 12), 9);
    }

    [Fact]
    public void Ssim_matches_a_direct_windowed_reference_over_the_image_and_a_region()
    {
        byte[] a = Smooth(27, 23);
        byte[] b = AddNoise(a, 25, 6);
        Assert.Equal(ReferenceSsim.Compute(a, b, 27, 0, 0, 27, 23), ImageMetrics.Ssim(a, b, 27, 23), 10);
        var region = new PixelRect(3, 5, 17, 14);
        Assert.Equal(ReferenceSsim.Compute(a, b, 27, 3, 5, 17, 14), ImageMetrics.Ssim(a, b, 27, 23, region), 10);
    }

    [Fact]
    public void Ssim_over_a_region_ignores_changes_outside_it()
    {
        byte[] a = Smooth(40, 40);
        byte[] b = AddNoise(a, 10, 7);
        var region = new PixelRect(10, 10, 20, 20);
        double before = ImageMetrics.Ssim(a, b, 40, 40, region), wholeBefore = ImageMetrics.Ssim(a, b, 40, 40);
        for (int i = 0; i < 5 * 40 * 3; i++) b[i] = 0; // wipe rows 0–4, outside the region
        Assert.Equal(before, ImageMetrics.Ssim(a, b, 40, 40, region), 12);
        double wholeAfter = ImageMetrics.Ssim(a, b, 40, 40);
        Assert.True(wholeAfter < wholeBefore - 0.01, $"{wholeBefore} → {wholeAfter}"); // the whole image does see it
    }

    [Fact]
    public void Metrics_reject_wrong_sizes_and_regions_with_a_clear_message()
    {
        byte[] a = Random(20, 20, 8);
        var ex = Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(a, new byte[10], 20, 20));
        Assert.Contains("1200 bytes", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageMetrics.Psnr(a, a, 20, 20, new PixelRect(15, 0, 10, 5)));
        var small = Assert.Throws<ArgumentOutOfRangeException>(() => ImageMetrics.Ssim(a, a, 20, 20, new PixelRect(0, 0, 10, 20)));
        Assert.Contains("11x11", small.Message);
    }
}
