using EdgeAvatar.Train.Eval;
using EdgeAvatar.Train.Losses;
using EdgeAvatar.Train.Tests.AudioNetworks;

namespace EdgeAvatar.Train.Tests.Losses;

public class PatchSsimTests
{
    private static float[] Patch(int side, int seed, float lo, float hi)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 3 * side * side).Select(_ => lo + (hi - lo) * (float)rng.NextDouble()).ToArray();
    }

    [Fact]
    public void A_grey_patch_scores_what_the_eval_metric_scores()
    {
        // Two grey 8-bit images (R = G = B, so luma = the value): the eval metric on bytes (peak 255) and the loss on
        // value / 255 (peak 1) are the same SSIM.
        const int side = 24;
        var rng = new Random(4);
        var a = new byte[side * side * 3];
        var b = new byte[side * side * 3];
        for (int p = 0; p < side * side; p++)
        {
            byte va = (byte)(60 + rng.Next(120)), vb = (byte)Math.Clamp(va + rng.Next(-40, 41), 0, 255);
            a[3 * p] = a[3 * p + 1] = a[3 * p + 2] = va;
            b[3 * p] = b[3 * p + 1] = b[3 * p + 2] = vb;
        }
        double metric = ImageMetrics.Ssim(a, b, side, side);
        double loss = new PatchSsim(side).Forward(a.Select(v => v / 255f).ToArray(), b.Select(v => v / 255f).ToArray());
        Assert.InRange(metric, 0.2, 0.95); // a patch neither identical nor unrelated
        Assert.Equal(metric, loss, 5);
    }

    [Fact]
    public void Identical_patches_score_one()
    {
        var x = Patch(16, 1, 0f, 1f);
        Assert.Equal(1.0, new PatchSsim(16).Forward(x, x), 12);
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        const int side = 14;
        var x = Patch(side, 2, 0.1f, 0.9f);
        var y = Patch(side, 3, 0.1f, 0.9f);
        var ssim = new PatchSsim(side);
        ssim.Forward(x, y);
        var grad = new float[x.Length];
        ssim.Backward(x, y, 1f, grad);
        var idx = GradientCheck.Subset(x.Length, 80, 5);
        var fd = GradientCheck.Central(x, idx, 1e-3f, () => ssim.Forward(x, y));
        Assert.Contains(grad, g => g != 0);
        Assert.InRange(GradientCheck.WorstRelativeError(grad, idx, fd), 0, 2e-3);
    }

    [Fact]
    public void Refuses_a_patch_smaller_than_the_window()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatchSsim(ImageMetrics.SsimWindow - 1));
    }
}
