using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

public sealed class MeanImageAccumulatorTests
{
    [Fact]
    public void Mean_is_the_per_sample_average_rounded_half_up()
    {
        var acc = new MeanImageAccumulator(2, 1);
        acc.Add([10, 0, 255, 1, 2, 3]);
        acc.Add([21, 0, 255, 2, 2, 4]);
        // 15.5 → 16, 0, 255, 1.5 → 2, 2, 3.5 → 4
        Assert.Equal(new byte[] { 16, 0, 255, 2, 2, 4 }, acc.Mean());
        Assert.Equal(2, acc.Count);
    }

    [Fact]
    public void Mean_of_three_frames_rounds_thirds_to_the_nearest_value()
    {
        var acc = new MeanImageAccumulator(1, 1);
        acc.Add([0, 0, 1]);
        acc.Add([0, 1, 1]);
        acc.Add([1, 1, 1]);
        Assert.Equal(new byte[] { 0, 1, 1 }, acc.Mean());
    }

    [Fact]
    public void Accumulator_refuses_wrong_sizes_and_an_empty_mean()
    {
        var acc = new MeanImageAccumulator(2, 2);
        Assert.Throws<InvalidOperationException>(() => acc.Mean());
        Assert.Throws<ArgumentException>(() => acc.Add(new byte[11]));
    }
}
