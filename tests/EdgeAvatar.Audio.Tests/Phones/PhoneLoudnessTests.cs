using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Audio.Tests.Phones;

/// <summary>
/// The mouth front end's loudness cue (<see cref="PhoneFeatures.RelativeEnergy"/>): relative to the chunk's loud frames,
/// so microphone gain cancels, but never relative to a chunk with no speech in it.
/// </summary>
public sealed class PhoneLoudnessTests
{
    private const int Rate = 16000;
    private const double Fps = 25;

    [Fact]
    public void Digital_silence_reads_as_quiet_not_as_speech()
    {
        float[] e = PhoneFeatures.RelativeEnergy(new float[Rate * 2], Rate, Fps, 50);
        // Level −100 dB against the −50-dB floor: (−100 + 50) / 20 = −2.5 on every frame.
        Assert.All(e, v => Assert.Equal(-2.5f, v, 3));
    }

    [Fact]
    public void Room_noise_alone_reads_as_quiet()
    {
        // White noise at about −70 dB (mean square): (−70 + 50) / 20 ≈ −1, far below speech frames' ≈ 0.
        var rng = new Random(3);
        double amplitude = Math.Sqrt(3 * Math.Pow(10, -7.0)); // uniform ±a has mean square a²/3
        float[] pcm = Enumerable.Range(0, Rate * 2).Select(_ => (float)((rng.NextDouble() * 2 - 1) * amplitude)).ToArray();
        float[] e = PhoneFeatures.RelativeEnergy(pcm, Rate, Fps, 50);
        Assert.All(e, v => Assert.InRange(v, -1.1f, -0.9f));
    }

    [Fact]
    public void Speech_level_cancels_microphone_gain()
    {
        // Alternating loud and quiet 80-ms bursts at two microphone gains 20 dB apart, both well above the floor.
        float[] Signal(double gain) => Enumerable.Range(0, Rate * 2)
            .Select(i => (float)(gain * ((i / 1280) % 2 == 0 ? 0.5 : 0.05) * Math.Sin(2 * Math.PI * 220 * i / Rate))).ToArray();
        float[] loud = PhoneFeatures.RelativeEnergy(Signal(1.0), Rate, Fps, 50);
        float[] quiet = PhoneFeatures.RelativeEnergy(Signal(0.1), Rate, Fps, 50);
        for (int f = 0; f < 50; f++) Assert.Equal(loud[f], quiet[f], 3);
        Assert.Contains(loud, v => v > -0.01f);
        Assert.Contains(loud, v => v < -0.99f);
    }

    [Fact]
    public void The_reference_of_quiet_levels_is_the_floor_and_of_speech_levels_its_95th_percentile()
    {
        Assert.Equal(PhoneFeatures.MinReferenceDb, PhoneFeatures.ReferenceLevel([-100, -90, -80]));
        // 21 levels −32..−12 dB: sorted index floor(0.95 · 20) = 19 → −13 dB.
        Assert.Equal(-13, PhoneFeatures.ReferenceLevel(Enumerable.Range(0, 21).Select(i => -32.0 + i)));
    }
}
