using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>Per-frame levels of the written audio, for the live phone-driven mouth's loudness cue.</summary>
public sealed class MediaLoudnessTests
{
    [Fact]
    public void A_frame_is_reported_once_its_640_samples_are_written_at_its_mean_square_level()
    {
        var l = new MediaLoudness();
        var half = new short[640];
        Array.Fill(half, (short)16384); // 0.5 full scale: mean square 0.25 = −6.02 dB
        l.Add(half.AsSpan(0, 600));
        Assert.False(l.TryLevel(0, out _));
        Assert.False(l.TryReference(out _));
        l.Add(half.AsSpan(600));
        Assert.True(l.TryLevel(0, out double db));
        Assert.Equal(10 * Math.Log10(0.25), db, 6);
        Assert.Equal(1, l.Frames);
    }

    [Fact]
    public void The_reference_is_the_95th_percentile_frame_of_the_last_ten_seconds_and_older_frames_are_forgotten()
    {
        var l = new MediaLoudness();
        // 300 frames; frame i has amplitude (i + 1) · 100, so its level rises with i.
        for (int i = 0; i < 300; i++)
        {
            var f = new short[640];
            Array.Fill(f, (short)((i + 1) * 100));
            l.Add(f);
        }
        Assert.False(l.TryLevel(49, out _)); // 300 − 250 = 50 is the oldest kept
        Assert.True(l.TryLevel(50, out _));
        Assert.False(l.TryLevel(300, out _));
        // Kept: frames 50..299; sorted index floor(0.95 · 249) = 236 → frame 286, amplitude 28 700.
        Assert.True(l.TryReference(out double reference));
        Assert.Equal(20 * Math.Log10(28700 / 32768.0), reference, 5);
    }
}
