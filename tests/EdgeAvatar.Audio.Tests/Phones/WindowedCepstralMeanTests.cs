using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Audio.Tests.Phones;

/// <summary>The live cepstral mean against values worked by hand.</summary>
public sealed class WindowedCepstralMeanTests
{
    [Fact]
    public void The_prior_stands_in_for_frames_not_yet_seen_and_old_frames_leave_the_window()
    {
        // Prior (1, 10), a window of 2 frames, the prior worth 3 frames while fewer than 3 are in the window.
        var mean = new WindowedCepstralMean([1f, 10f], windowFrames: 2, priorFrames: 3);
        float[] a = [4f, 10f], b = [7f, 13f], c = [1f, 7f];
        mean.Normalise(a); // window {a}, prior weight 2: mean (4+2)/3 = 2, (10+20)/3 = 10
        mean.Normalise(b); // window {a, b}, weight 1: mean (11+1)/3 = 4, (23+10)/3 = 11
        mean.Normalise(c); // window {b, c}, weight 1: mean (8+1)/3 = 3, (20+10)/3 = 10
        // Output = frame - mean + prior.
        Assert.Equal([3f, 10f], a);
        Assert.Equal([4f, 12f], b);
        Assert.Equal([-1f, 7f], c);
    }

    [Fact]
    public void A_constant_channel_offset_is_gone_once_the_window_has_filled()
    {
        var mean = new WindowedCepstralMean([40f, -5f, 0f], windowFrames: 20, priorFrames: 10);
        float[] offset = [12f, 7f, -3f];
        float[] last = [];
        for (int i = 0; i < 60; i++)
        {
            // A varying signal (zero mean over each 4 frames) through a channel that adds a constant to every cepstrum.
            float s = (i % 4) switch { 0 => 1f, 1 => -1f, 2 => 2f, _ => -2f };
            last = [40f + s + offset[0], -5f + s + offset[1], s + offset[2]];
            mean.Normalise(last);
        }
        // Frame 59 has s = -2; the window's mean is prior + offset exactly (20 frames, 5 whole periods), so the output
        // is prior + s: the channel's offset is removed and the signal kept.
        Assert.Equal(38f, last[0], 4);
        Assert.Equal(-7f, last[1], 4);
        Assert.Equal(-2f, last[2], 4);
    }

    [Fact]
    public void A_frame_of_the_wrong_width_is_refused()
    {
        var mean = new WindowedCepstralMean([1f, 2f]);
        Assert.Throws<ArgumentException>(() => mean.Normalise(new float[3]));
    }
}
