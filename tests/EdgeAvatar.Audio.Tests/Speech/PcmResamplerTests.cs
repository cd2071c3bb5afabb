using EdgeAvatar.Audio.Speech;

namespace EdgeAvatar.Audio.Tests.Speech;

public sealed class PcmResamplerTests
{
    private static short[] Tone(double hz, int rate, int samples, double amplitude = 10000)
        => [.. Enumerable.Range(0, samples).Select(i => (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * hz * i / rate)))];

    private static double Rms(ReadOnlySpan<short> x)
    {
        double s = 0;
        foreach (short v in x) s += (double)v * v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    [Fact]
    public void The_length_keeps_the_duration() => Assert.Equal(16000, PcmResampler.Resample(new short[22050], 22050, 16000).Length);

    [Fact]
    public void A_tone_below_the_new_nyquist_keeps_its_frequency_phase_and_level()
    {
        short[] output = PcmResampler.Resample(Tone(1000, 22050, 22050), 22050, 16000);
        short[] expected = Tone(1000, 16000, 16000);
        // Away from the edges (where the kernel runs out of input) the output is the tone sampled at 16 kHz.
        double worst = 0;
        for (int k = 200; k < 15800; k++) worst = Math.Max(worst, Math.Abs(output[k] - expected[k]));
        Assert.True(worst < 100, $"largest deviation {worst} of 10000");
    }

    [Fact]
    public void A_tone_above_the_new_nyquist_is_removed_not_aliased()
    {
        // 9 kHz cannot be represented at 16 kHz; naive decimation would fold it to 7 kHz at full level.
        short[] output = PcmResampler.Resample(Tone(9000, 22050, 22050), 22050, 16000);
        double rms = Rms(output.AsSpan(200, 15600));
        Assert.True(rms < 0.02 * 10000 / Math.Sqrt(2), $"rms {rms:F1} left of a 7071-rms tone");
    }
}
