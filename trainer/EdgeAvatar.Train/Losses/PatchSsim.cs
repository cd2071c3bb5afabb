using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Losses;

/// <summary>
/// Differentiable SSIM of a rendered patch against its recording, for the lips stage. The window and constants are
/// the eval metric's (<see cref="ImageMetrics"/>: 11×11 Gaussian σ = 1.5, K1 = 0.01, K2 = 0.03, "valid" windows
/// only), on colour values in [0, 1] (peak 1), each of the three channels separately, averaged over channels and
/// window positions. The eval metric runs on 8-bit luma; for a grey patch the two agree (tested), so what this loss
/// raises is the figure eval reports.
/// <para>
/// Gradient: with μ, E[x²], E[xy] the window's weighted moments of rendered x and recorded y at position o,
/// S = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)), σx² = E[x²] − μx², σxy = E[xy] − μxμy, so
/// ∂S/∂x_p = w(p − o)·(∂S/∂μx + 2x_p·∂S/∂E[x²] + y_p·∂S/∂E[xy]). Summed over the positions whose window holds p.
/// </para>
/// Patches are side × side × 3 floats, row-major, channel last (the ray order of a patch). Not thread-safe (scratch).
/// </summary>
public sealed class PatchSsim
{
    private const int Window = ImageMetrics.SsimWindow;
    private static readonly double[] s_taps = ImageMetrics.GaussianTaps(Window, ImageMetrics.SsimSigma);
    private static readonly double C1 = ImageMetrics.SsimK1 * ImageMetrics.SsimK1, C2 = ImageMetrics.SsimK2 * ImageMetrics.SsimK2;

    private readonly int _side, _positions;
    // Per channel and valid window position: dS/dμx, dS/dE[x²], dS/dE[xy].
    private readonly double[] _dMu, _dXx, _dXy;

    public PatchSsim(int side)
    {
        if (side < Window) throw new ArgumentOutOfRangeException(nameof(side), $"a patch of {side} pixels is smaller than the {Window}-pixel SSIM window.");
        _side = side;
        _positions = side - Window + 1;
        int n = 3 * _positions * _positions;
        _dMu = new double[n]; _dXx = new double[n]; _dXy = new double[n];
    }

    public int Side => _side;

    /// <summary>Mean SSIM of <paramref name="rendered"/> against <paramref name="recorded"/>; fills the scratch for <see cref="Backward"/>.</summary>
    public double Forward(ReadOnlySpan<float> rendered, ReadOnlySpan<float> recorded)
    {
        int floats = 3 * _side * _side;
        if (rendered.Length != floats || recorded.Length != floats)
            throw new ArgumentException($"patches must hold {floats} floats; got {rendered.Length} and {recorded.Length}.");
        double sum = 0;
        int q = _positions;
        for (int c = 0; c < 3; c++)
            for (int oy = 0; oy < q; oy++)
                for (int ox = 0; ox < q; ox++)
                {
                    double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                    for (int ky = 0; ky < Window; ky++)
                    {
                        int row = (oy + ky) * _side + ox;
                        for (int kx = 0; kx < Window; kx++)
                        {
                            double w = s_taps[ky] * s_taps[kx];
                            double x = rendered[3 * (row + kx) + c], y = recorded[3 * (row + kx) + c];
                            mx += w * x; my += w * y; xx += w * x * x; yy += w * y * y; xy += w * x * y;
                        }
                    }
                    double a1 = 2 * mx * my + C1, a2 = 2 * (xy - mx * my) + C2;
                    double b1 = mx * mx + my * my + C1, b2 = (xx - mx * mx) + (yy - my * my) + C2;
                    double s = a1 * a2 / (b1 * b2);
                    sum += s;
                    int i = (c * q + oy) * q + ox;
                    _dMu[i] = s * (2 * my / a1 - 2 * my / a2 - 2 * mx / b1 + 2 * mx / b2);
                    _dXx[i] = -s / b2;
                    _dXy[i] = 2 * s / a2;
                }
        return sum / (3.0 * q * q);
    }

    /// <summary>Adds scale · ∂(mean SSIM)/∂rendered into <paramref name="gradRendered"/> (the last Forward's patches).</summary>
    public void Backward(ReadOnlySpan<float> rendered, ReadOnlySpan<float> recorded, float scale, Span<float> gradRendered)
    {
        int q = _positions;
        double norm = scale / (3.0 * q * q);
        for (int c = 0; c < 3; c++)
            for (int oy = 0; oy < q; oy++)
                for (int ox = 0; ox < q; ox++)
                {
                    int i = (c * q + oy) * q + ox;
                    double dMu = _dMu[i] * norm, dXx = 2 * _dXx[i] * norm, dXy = _dXy[i] * norm;
                    for (int ky = 0; ky < Window; ky++)
                    {
                        int row = (oy + ky) * _side + ox;
                        for (int kx = 0; kx < Window; kx++)
                        {
                            int p = 3 * (row + kx) + c;
                            double w = s_taps[ky] * s_taps[kx];
                            gradRendered[p] += (float)(w * (dMu + dXx * rendered[p] + dXy * recorded[p]));
                        }
                    }
                }
    }
}
