using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.Kernels.Tests.Rendering;

public class RenderLossesTests
{
    private static readonly float[] P = [0.1f, 0.5f, 0.9f, 0.33f, 0.7f];
    private static readonly float[] Y = [0.2f, 0.45f, 0.95f, 0.1f, 0.7f + 0.25f];

    // Central difference of a float loss: h = 1e-3 keeps float rounding (~1e-7/1e-3) and truncation (~h²) small.
    private static double Fd(Func<float[], float> loss, float[] x, int i, float h = 1e-3f)
    {
        float[] a = (float[])x.Clone(), b = (float[])x.Clone();
        a[i] += h; b[i] -= h;
        return (loss(a) - (double)loss(b)) / (a[i] - (double)b[i]);
    }

    [Fact]
    public void Mse_value_and_gradient_match_the_definition_and_finite_differences()
    {
        Assert.Equal(P.Zip(Y, (p, y) => (p - y) * (p - y)).Average(), RenderLosses.MseForward(P, Y), 6);
        var g = new float[P.Length];
        RenderLosses.MseBackward(P, Y, 2f, g);
        for (int i = 0; i < P.Length; i++)
            Assert.Equal(2 * Fd(x => RenderLosses.MseForward(x, Y), P, i), g[i], 3);
    }

    [Fact]
    public void L1_value_and_gradient_match_finite_differences_away_from_kinks()
    {
        Assert.Equal(P.Zip(Y, (p, y) => Math.Abs(p - y)).Average(), RenderLosses.L1Forward(P, Y), 6);
        var g = new float[P.Length];
        RenderLosses.L1Backward(P, Y, 1f, g);
        for (int i = 0; i < P.Length; i++)
            Assert.Equal(Fd(x => RenderLosses.L1Forward(x, Y), P, i), g[i], 3);
        float[] same = [0.5f];
        var g0 = new float[1];
        RenderLosses.L1Backward(same, same, 1f, g0);
        Assert.Equal(0f, g0[0]); // subgradient 0 at the kink
    }

    [Fact]
    public void Entropy_is_one_bit_at_one_half_and_near_zero_at_the_ends()
    {
        Assert.Equal(1f, RenderLosses.EntropyForward([0.5f]), 6);
        Assert.InRange(RenderLosses.EntropyForward([0f, 1f]), 0f, 2e-4f); // clamped, finite
        Assert.True(float.IsFinite(RenderLosses.EntropyForward([0f])));
    }

    [Fact]
    public void Entropy_gradient_matches_finite_differences_and_vanishes_outside_the_clamp()
    {
        float[] w = [0.05f, 0.3f, 0.5f, 0.77f, 0.98f];
        var g = new float[w.Length];
        RenderLosses.EntropyBackward(w, 1e-4f, g);
        for (int i = 0; i < w.Length; i++)
            Assert.Equal(1e-4 * Fd(x => RenderLosses.EntropyForward(x), w, i, 1e-3f), g[i], Math.Abs(g[i]) * 1e-3 + 1e-9); // float FD: ~3e-5 relative noise
        var g2 = new float[3];
        RenderLosses.EntropyBackward([0f, 1f, 2e-6f], 1f, g2);
        Assert.Equal([0f, 0f, 0f], g2);
        Assert.Equal(0f, g[2], 6); // the symmetric point has zero slope
    }
}
