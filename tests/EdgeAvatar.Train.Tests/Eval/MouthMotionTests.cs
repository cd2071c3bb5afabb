using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class MouthMotionTests
{
    private static readonly double[] s_real = [0.01, 0.05, 0.02, 0.04, 0.00, 0.03, 0.06, 0.02, 0.01, 0.05];

    [Fact]
    public void A_render_that_moves_half_as_far_in_step_correlates_one_with_ratio_one_half()
    {
        double[] rendered = [.. s_real.Select(x => 0.5 * x + 0.02)];
        Assert.Equal(1.0, MouthMotion.Correlation(rendered, s_real), 9);
        Assert.Equal(0.5, MouthMotion.AmplitudeRatio(rendered, s_real)!.Value, 9);
    }

    [Fact]
    public void A_mirrored_render_correlates_minus_one()
    {
        double[] rendered = [.. s_real.Select(x => 0.1 - 2 * x)];
        Assert.Equal(-1.0, MouthMotion.Correlation(rendered, s_real), 9);
        Assert.Equal(2.0, MouthMotion.AmplitudeRatio(rendered, s_real)!.Value, 9);
    }

    [Fact]
    public void The_spread_is_p90_minus_p10_with_linear_interpolation()
    {
        // 1..10: p90 at position 8.1 → 9.1, p10 at position 0.9 → 1.9 (numpy's default interpolation).
        double[] x = [7, 3, 10, 1, 5, 2, 8, 4, 9, 6];
        Assert.Equal(9.1, MouthMotion.Percentile(x, 0.9), 12);
        Assert.Equal(1.9, MouthMotion.Percentile(x, 0.1), 12);
        Assert.Equal(7.2, MouthMotion.Spread(x), 12);
        Assert.Equal(5.5, MouthMotion.Percentile(x, 0.5), 12);
    }

    [Fact]
    public void A_still_mouth_has_no_correlation_and_a_still_real_mouth_no_ratio()
    {
        double[] still = [.. s_real.Select(_ => 0.03)];
        Assert.Equal(0.0, MouthMotion.Correlation(still, s_real));
        Assert.Equal(0.0, MouthMotion.AmplitudeRatio(still, s_real)!.Value, 12);
        Assert.Null(MouthMotion.AmplitudeRatio(s_real, still));
    }
}
