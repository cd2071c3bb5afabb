using EdgeAvatar.Train.Losses;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Losses;

public class LipsPatchLossTests
{
    private const int Side = 12;

    private static (float[] Rendered, float[] Recorded) Patches(int seed)
    {
        // Every sample differs from its recording by 0.05..0.2 (either sign), so L1 has no kink within the FD step.
        var rng = new Random(seed);
        var y = Enumerable.Range(0, 3 * Side * Side).Select(_ => 0.3f + 0.4f * (float)rng.NextDouble()).ToArray();
        var x = y.Select(v => v + (rng.Next(2) == 0 ? -1 : 1) * (0.05f + 0.15f * (float)rng.NextDouble())).ToArray();
        return (x, y);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.2f)]
    [InlineData(1f)]
    public void Gradient_matches_finite_differences(float ssimShare)
    {
        var (x, y) = Patches(7);
        var loss = new LipsPatchLoss(Side, ssimShare);
        var grad = new float[x.Length];
        loss.Step(x, y, 0.5f, grad);
        var scratch = new float[x.Length];
        var idx = GradientCheck.Subset(x.Length, 80, 8);
        var fd = GradientCheck.Central(x, idx, 1e-3f, () => loss.Step(x, y, 0.5f, scratch));
        Assert.InRange(GradientCheck.WorstRelativeError(grad, idx, fd), 0, 2e-3);
    }

    [Fact]
    public void Loss_is_weighted_L1_plus_the_SSIM_deficit()
    {
        var (x, y) = Patches(9);
        var loss = new LipsPatchLoss(Side, 0.2f);
        double value = loss.Step(x, y, 2f, new float[x.Length]);
        double l1 = x.Zip(y, (a, b) => (double)Math.Abs(a - b)).Average();
        double ssim = new PatchSsim(Side).Forward(x, y);
        Assert.Equal(ssim, loss.LastSsim, 12);
        Assert.Equal(2 * (0.8 * l1 + 0.2 * (1 - ssim)), value, 6);
    }

    [Fact]
    public void An_exact_patch_has_zero_loss_and_gradient()
    {
        var (_, y) = Patches(10);
        var grad = new float[y.Length];
        Assert.Equal(0, new LipsPatchLoss(Side, 0.2f).Step(y, y, 1f, grad), 12);
        Assert.All(grad, g => Assert.Equal(0f, g, 6));
    }
}
