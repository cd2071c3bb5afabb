using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Train.Kernels.Rendering;

namespace EdgeAvatar.Train.Kernels.Tests.Rendering;

public class ActivationsTests
{
    private static readonly float[] Xs = [-20f, -3.5f, -1f, -0.2f, 0f, 0.3f, 1f, 2.5f, 6f, 14.9f];

    [Fact]
    public void Trunc_exp_forward_is_exp_and_backward_matches_finite_differences_below_the_clamp()
    {
        var y = new float[Xs.Length];
        Activations.TruncExpForward(Xs, y);
        var g = new float[Xs.Length];
        float[] up = [.. Enumerable.Range(0, Xs.Length).Select(i => 0.5f + 0.1f * i)];
        ActivationsBackward.TruncExpBackward(Xs, up, g);
        for (int i = 0; i < Xs.Length; i++)
        {
            Assert.Equal(Math.Exp(Xs[i]), y[i], Math.Exp(Xs[i]) * 1e-6);
            double h = 1e-5, fd = (Math.Exp(Xs[i] + h) - Math.Exp(Xs[i] - h)) / (2 * h) * up[i];
            Assert.Equal(fd, g[i], Math.Abs(fd) * 1e-5 + 1e-12);
        }
    }

    [Fact]
    public void Trunc_exp_gradient_is_clamped_above_15_but_the_forward_is_not()
    {
        float[] x = [16f, 40f];
        var y = new float[2]; var g = new float[2];
        Activations.TruncExpForward(x, y);
        ActivationsBackward.TruncExpBackward(x, [1f, 1f], g);
        Assert.Equal(MathF.Exp(16f), y[0], MathF.Exp(16f) * 1e-6f);
        Assert.Equal(MathF.Exp(15f), g[0], MathF.Exp(15f) * 1e-6f);
        Assert.Equal(MathF.Exp(15f), g[1], MathF.Exp(15f) * 1e-6f);
    }

    [Fact]
    public void Sigmoid_backward_from_output_matches_finite_differences()
    {
        var y = new float[Xs.Length]; var g = new float[Xs.Length];
        Activations.SigmoidForward(Xs, y);
        float[] up = [.. Enumerable.Range(0, Xs.Length).Select(i => 1f - 0.15f * i)];
        ActivationsBackward.SigmoidBackward(y, up, g);
        static double S(double x) => 1 / (1 + Math.Exp(-x));
        for (int i = 0; i < Xs.Length; i++)
        {
            Assert.Equal(S(Xs[i]), y[i], 1e-6);
            double h = 1e-5, fd = (S(Xs[i] + h) - S(Xs[i] - h)) / (2 * h) * up[i];
            Assert.Equal(fd, g[i], 1e-6 + Math.Abs(fd) * 1e-4);
        }
    }

    [Fact]
    public void Backward_may_write_in_place_over_the_upstream_gradient()
    {
        float[] x = [0.5f, 20f, -2f];
        float[] g = [2f, 1f, 3f];
        ActivationsBackward.TruncExpBackward(x, g, g);
        Assert.Equal(2f * MathF.Exp(0.5f), g[0], 5);
        Assert.Equal(MathF.Exp(15f), g[1], MathF.Exp(15f) * 1e-6f);
    }
}
