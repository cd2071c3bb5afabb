namespace EdgeAvatar.Train.Tests.Eval;

/// <summary>
/// An independent, deliberately naive SSIM for checking the product's separable one: for every valid window position
/// it builds the full 11×11 Gaussian weight grid from exp(−(dx²+dy²)/(2σ²)), normalises it, and computes means and
/// (co)variances as weighted sums of centred products (two passes), straight from Wang et al. 2004, eq. 13 with
/// C1 = (0.01·255)², C2 = (0.03·255)². Luma is computed here too, as (299 R + 587 G + 114 B) / 1000.
/// </summary>
internal static class ReferenceSsim
{
    public static double Compute(byte[] a, byte[] b, int width, int rx, int ry, int rw, int rh)
    {
        const int N = 11;
        const double Sigma = 1.5;
        var weights = new double[N, N];
        double total = 0;
        for (int dy = 0; dy < N; dy++)
            for (int dx = 0; dx < N; dx++)
            {
                double ox = dx - 5, oy = dy - 5;
                weights[dy, dx] = Math.Exp(-(ox * ox + oy * oy) / (2 * Sigma * Sigma));
                total += weights[dy, dx];
            }
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2);
        double Y(byte[] img, int x, int y)
        {
            int o = (y * width + x) * 3;
            return (299.0 * img[o] + 587.0 * img[o + 1] + 114.0 * img[o + 2]) / 1000.0;
        }
        double sum = 0;
        int count = 0;
        for (int y0 = ry; y0 + N <= ry + rh; y0++)
            for (int x0 = rx; x0 + N <= rx + rw; x0++)
            {
                double mx = 0, my = 0;
                for (int dy = 0; dy < N; dy++)
                    for (int dx = 0; dx < N; dx++)
                    {
                        double g = weights[dy, dx] / total;
                        mx += g * Y(a, x0 + dx, y0 + dy);
                        my += g * Y(b, x0 + dx, y0 + dy);
                    }
                double vx = 0, vy = 0, cxy = 0;
                for (int dy = 0; dy < N; dy++)
                    for (int dx = 0; dx < N; dx++)
                    {
                        double g = weights[dy, dx] / total;
                        double ex = Y(a, x0 + dx, y0 + dy) - mx, ey = Y(b, x0 + dx, y0 + dy) - my;
                        vx += g * ex * ex;
                        vy += g * ey * ey;
                        cxy += g * ex * ey;
                    }
                sum += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        return sum / count;
    }
}
