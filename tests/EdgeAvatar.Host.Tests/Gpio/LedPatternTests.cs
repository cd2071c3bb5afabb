using EdgeAvatar.Host.Gpio;

namespace EdgeAvatar.Host.Tests.Gpio;

public sealed class LedPatternTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Level changes within the first second, sampled every 0.5 ms.</summary>
    private static int ChangesInOneSecond(LedState state)
    {
        int changes = 0;
        bool previous = LedPattern.IsOn(state, TimeSpan.Zero);
        for (double ms = 0.5; ms < 1000; ms += 0.5)
        {
            bool on = LedPattern.IsOn(state, Ms(ms));
            if (on != previous)
                changes++;
            previous = on;
        }
        return changes;
    }

    [Fact]
    public void Ready_is_steady_on_and_off_is_steady_off()
    {
        foreach (double ms in new[] { 0, 1, 249, 250, 777, 60_000 })
        {
            Assert.True(LedPattern.IsOn(LedState.Ready, Ms(ms)));
            Assert.False(LedPattern.IsOn(LedState.Off, Ms(ms)));
        }
        Assert.Null(LedPattern.NextChange(LedState.Ready, Ms(10)));
        Assert.Null(LedPattern.NextChange(LedState.Off, Ms(10)));
    }

    [Fact]
    public void Speaking_blinks_at_2_hz_starting_on()
    {
        Assert.True(LedPattern.IsOn(LedState.Speaking, Ms(0)));
        Assert.True(LedPattern.IsOn(LedState.Speaking, Ms(249)));
        Assert.False(LedPattern.IsOn(LedState.Speaking, Ms(250)));
        Assert.False(LedPattern.IsOn(LedState.Speaking, Ms(499)));
        Assert.True(LedPattern.IsOn(LedState.Speaking, Ms(500)));
        // 2 Hz = two on/off cycles per second = 3 changes strictly inside the first second.
        Assert.Equal(3, ChangesInOneSecond(LedState.Speaking));
    }

    [Fact]
    public void Fault_blinks_four_times_faster_than_speaking()
    {
        Assert.True(LedPattern.IsOn(LedState.Fault, Ms(0)));
        Assert.False(LedPattern.IsOn(LedState.Fault, Ms(62.5)));
        Assert.True(LedPattern.IsOn(LedState.Fault, Ms(125)));
        // 8 Hz: 16 half periods per second, 15 changes strictly inside it.
        Assert.Equal(15, ChangesInOneSecond(LedState.Fault));
    }

    [Fact]
    public void Next_change_is_the_next_half_period_boundary()
    {
        Assert.Equal(Ms(250), LedPattern.NextChange(LedState.Speaking, Ms(100)));
        Assert.Equal(Ms(500), LedPattern.NextChange(LedState.Speaking, Ms(250)));
        Assert.Equal(Ms(125), LedPattern.NextChange(LedState.Fault, Ms(70)));
    }
}
