using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.Kernels.Tests.Rendering;

public class VolumeCompositorTests
{
    // Three rays: 4 samples, 0 samples, 5 samples; moderate densities so no early termination by default.
    private static readonly int[] Offsets = [0, 4, 4, 9];
    private static readonly float[] Sigma = [0.5f, 8f, 20f, 3f, 1f, 40f, 2.5f, 15f, 6f];
    private static readonly float[] Dt = [0.03f, 0.03f, 0.03f, 0.05f, 0.02f, 0.02f, 0.04f, 0.02f, 0.02f];
    private static readonly float[] T = [2.70f, 2.73f, 2.76f, 2.79f, 3.0f, 3.1f, 3.12f, 3.16f, 3.18f];
    private static readonly float[] Rgb =
        [0.1f, 0.2f, 0.3f, 0.9f, 0.5f, 0.4f, 0.3f, 0.8f, 0.6f, 0.2f, 0.2f, 0.7f, 0.6f, 0.1f, 0.5f,
         0.4f, 0.4f, 0.9f, 0.7f, 0.3f, 0.2f, 0.5f, 0.6f, 0.1f, 0.8f, 0.9f, 0.3f];

    private static (float[] C, float[] W, float[] D) Forward(float[] sigma, float[] rgb, float threshold = 1e-4f)
    {
        int n = Offsets.Length - 1;
        var c = new float[3 * n]; var w = new float[n]; var d = new float[n];
        VolumeCompositor.Forward(Offsets, T, Dt, sigma, rgb, c, w, d, threshold);
        return (c, w, d);
    }

    // Independent double-precision oracle of the documented forward (the FD reference).
    private static double[] OracleOutputs(double[] sigma, double[] rgb, double threshold = 1e-4)
    {
        int n = Offsets.Length - 1;
        var outs = new double[5 * n]; // per ray: r, g, b, W, D
        for (int r = 0; r < n; r++)
        {
            double tr = 1;
            for (int i = Offsets[r]; i < Offsets[r + 1]; i++)
            {
                double a = 1 - Math.Exp(-sigma[i] * Dt[i]), w = tr * a;
                for (int c = 0; c < 3; c++) outs[5 * r + c] += w * rgb[3 * i + c];
                outs[5 * r + 3] += w;
                outs[5 * r + 4] += w * T[i];
                tr *= 1 - a;
                if (tr < threshold) break;
            }
        }
        return outs;
    }

    [Fact]
    public void Single_opaque_sample_gives_its_colour_and_full_opacity()
    {
        var c = new float[3]; var w = new float[1]; var d = new float[1];
        VolumeCompositor.Forward([0, 1], [2.5f], [0.03f], [1e6f], [0.2f, 0.6f, 0.9f], c, w, d);
        Assert.Equal([0.2f, 0.6f, 0.9f], c);
        Assert.Equal(1f, w[0]);
        Assert.Equal(2.5f, d[0]);
    }

    [Fact]
    public void Opacity_equals_one_minus_the_product_of_transmittances()
    {
        var (_, w, _) = Forward(Sigma, Rgb);
        for (int r = 0; r < Offsets.Length - 1; r++)
        {
            double prod = 1;
            for (int i = Offsets[r]; i < Offsets[r + 1]; i++) prod *= Math.Exp(-Sigma[i] * Dt[i]);
            Assert.Equal(1 - prod, w[r], 5);
        }
        Assert.Equal(0f, w[1]); // the empty ray
    }

    [Fact]
    public void Forward_matches_the_double_precision_oracle()
    {
        var (c, w, d) = Forward(Sigma, Rgb);
        double[] o = OracleOutputs([.. Sigma.Select(x => (double)x)], [.. Rgb.Select(x => (double)x)]);
        for (int r = 0; r < 3; r++)
        {
            for (int k = 0; k < 3; k++) Assert.Equal(o[5 * r + k], c[3 * r + k], 5);
            Assert.Equal(o[5 * r + 3], w[r], 5);
            Assert.Equal(o[5 * r + 4], d[r], 4);
        }
    }

    [Fact]
    public void Early_termination_drops_samples_after_transmittance_falls_below_the_threshold()
    {
        // Ray 0: a huge σ at sample 1 drives T below 1e-4 there, so sample 2 must not contribute.
        float[] sigma = (float[])Sigma.Clone();
        sigma[1] = 1000f;
        float[] rgb = (float[])Rgb.Clone();
        var (c1, _, _) = Forward(sigma, rgb);
        rgb[6] = rgb[7] = rgb[8] = 123f; // colour of sample 2: must not matter
        var (c2, _, _) = Forward(sigma, rgb);
        Assert.Equal(c1, c2);
    }

    [Theory]
    [InlineData(1e-4f)]
    [InlineData(0.3f)] // a high threshold that terminates rays early: the backward must match that forward
    public void Backward_matches_finite_differences_of_the_double_oracle(float threshold)
    {
        int n = Offsets.Length - 1, m = Sigma.Length;
        // Arbitrary upstream gradients for colour, opacity and depth.
        float[] gC = [0.3f, -1.2f, 0.7f, 2f, 1f, -1f, -0.4f, 0.9f, 1.5f];
        float[] gW = [0.8f, -0.6f, -1.7f];
        float[] gD = [0.25f, 0.5f, -0.35f];
        var gSigma = new float[m]; var gRgb = new float[3 * m];
        VolumeCompositorBackward.Backward(Offsets, T, Dt, Sigma, Rgb, gC, gW, gD, gSigma, gRgb, threshold);

        double Loss(double[] s, double[] c)
        {
            double[] o = OracleOutputs(s, c, threshold);
            double l = 0;
            for (int r = 0; r < n; r++)
            {
                for (int k = 0; k < 3; k++) l += gC[3 * r + k] * o[5 * r + k];
                l += gW[r] * o[5 * r + 3] + gD[r] * o[5 * r + 4];
            }
            return l;
        }

        double[] s0 = [.. Sigma.Select(x => (double)x)], c0 = [.. Rgb.Select(x => (double)x)];
        const double h = 1e-6; // central differences in double: truncation ~h², rounding ~1e-16/h
        for (int i = 0; i < m; i++)
        {
            double[] sp = (double[])s0.Clone(), sm = (double[])s0.Clone();
            sp[i] += h; sm[i] -= h;
            double fd = (Loss(sp, c0) - Loss(sm, c0)) / (2 * h);
            // Float backward vs double FD: float rounding of O(1) sums ⇒ ~1e-6 relative; allow 1e-4 + 1e-4·|fd|.
            Assert.True(Math.Abs(fd - gSigma[i]) <= 1e-4 + 1e-4 * Math.Abs(fd), $"σ[{i}]: fd {fd} vs {gSigma[i]}");
        }
        for (int i = 0; i < 3 * m; i++)
        {
            double[] cp = (double[])c0.Clone(), cm = (double[])c0.Clone();
            cp[i] += h; cm[i] -= h;
            double fd = (Loss(s0, cp) - Loss(s0, cm)) / (2 * h);
            Assert.True(Math.Abs(fd - gRgb[i]) <= 1e-5 + 1e-4 * Math.Abs(fd), $"rgb[{i}]: fd {fd} vs {gRgb[i]}");
        }
        if (threshold > 0.1f) Assert.Contains(gSigma, g => g == 0f); // termination really happened in this case
    }

    [Fact]
    public void Compose_over_background_and_its_backward_match_the_formula_and_finite_differences()
    {
        float[] color = [0.2f, 0.3f, 0.1f, 0f, 0f, 0f];
        float[] opacity = [0.6f, 0f];
        float[] below = [1f, 0.5f, 0.25f, 0.4f, 0.7f, 0.9f];
        var output = new float[6];
        VolumeCompositor.ComposeOver(color, opacity, below, output);
        Assert.Equal(0.2f + 0.4f * 1f, output[0], 6);
        Assert.Equal(below[3..], output[3..]); // empty ray shows the background

        float[] g = [1f, -2f, 0.5f, 0.3f, 0.3f, 0.3f];
        var gC = new float[6]; var gW = new float[2]; var gB = new float[6];
        VolumeCompositorBackward.ComposeOverBackward(g, opacity, below, gC, gW, gB);
        Assert.Equal(g, gC);
        Assert.Equal(-(1f * 1f - 2f * 0.5f + 0.5f * 0.25f), gW[0], 6);
        Assert.Equal(0.4f * -2f, gB[1], 6);
        // FD on opacity (the function is linear in W, so a plain difference is exact up to rounding).
        var o2 = new float[6];
        VolumeCompositor.ComposeOver(color, [0.61f, 0f], below, o2);
        double fd = 0;
        for (int k = 0; k < 3; k++) fd += g[k] * (o2[k] - output[k]) / 0.01;
        Assert.Equal(fd, gW[0], 4);
    }

    [Fact]
    public void Mismatched_offsets_are_rejected()
    {
        var c = new float[3]; var w = new float[1];
        Assert.Throws<ArgumentException>(() => VolumeCompositor.Forward([0, 2], [1f], [1f], [1f], [1f, 1f, 1f], c, w, []));
    }
}
