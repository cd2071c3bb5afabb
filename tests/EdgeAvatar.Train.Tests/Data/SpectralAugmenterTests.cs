using EdgeAvatar.Audio;
using EdgeAvatar.Train.Data;

namespace EdgeAvatar.Train.Tests.Data;

/// <summary>
/// The spectral disguise on hand-worked frames. The default feature config's first bands lie below 1 kHz, where the
/// Slaney mel is linear in Hz, so band b's centre is proportional to b + 1 there and a stretch by W sends band b to
/// the value at fractional band (b + 1)/W − 1: exact band numbers to check against.
/// </summary>
public sealed class SpectralAugmenterTests
{
    private const int Bands = 80;
    private const double LnPerDb = 0.23025850929940458;
    private static readonly AudioFeatureConfig Features = AudioFeatureConfig.Default;

    /// <summary>Mean −5 and std 2 in every band: a raw log-mel x is stored as (x + 5) / 2.</summary>
    private static AudioNormalization Normalization() => new()
    {
        Mean = Enumerable.Repeat(-5f, Bands).ToArray(),
        Std = Enumerable.Repeat(2f, Bands).ToArray(),
    };

    private static SpectralAugmenter Augmenter() => new(Features, Normalization());

    /// <summary>One normalised frame whose band b holds b (so a stretched band's value reads as the band it came from).</summary>
    private static float[] Ramp() => Enumerable.Range(0, Bands).Select(b => (float)b).ToArray();

    [Fact]
    public void The_identity_draw_leaves_the_window_bit_for_bit()
    {
        var frames = Ramp().Concat(Ramp().Select(v => -v)).ToArray();
        var before = frames.ToArray();
        Augmenter().Apply(frames, SpectralAugmentDraw.Identity);
        Assert.Equal(before, frames);
    }

    [Fact]
    public void A_stretch_moves_what_was_at_f_to_warp_times_f()
    {
        // Normalised value v ↔ raw 2v − 5, linear, so interpolating raw values interpolates the ramp too.
        var frame = Ramp();
        Augmenter().Apply(frame, new SpectralAugmentDraw(1.25, 0, 0, double.PositiveInfinity));
        Assert.Equal(7f, frame[9], 4);   // (9 + 1) / 1.25 − 1 = 7
        Assert.Equal(3f, frame[4], 4);   // 5 / 1.25 − 1 = 3
        Assert.Equal(11f, frame[14], 4); // 15 / 1.25 − 1 = 11
        Assert.Equal(0f, frame[0], 4);   // 1 / 1.25 − 1 < 0: clamped to band 0
    }

    [Fact]
    public void A_shrink_reads_from_higher_bands()
    {
        var frame = Ramp();
        Augmenter().Apply(frame, new SpectralAugmentDraw(0.8, 0, 0, double.PositiveInfinity));
        Assert.Equal(4f, frame[3], 4);   // 4 / 0.8 − 1 = 4
        Assert.Equal(11.5f, frame[9], 4); // 10 / 0.8 − 1 = 11.5, halfway between 11 and 12
        Assert.Equal(79f, frame[79], 4); // beyond the last band: clamped to it
    }

    [Fact]
    public void Gain_adds_the_same_level_to_every_band()
    {
        var frame = new float[Bands];
        Augmenter().Apply(frame, new SpectralAugmentDraw(1, 10, 0, double.PositiveInfinity));
        // +10 dB of power = +ln 10 = 2.302585 in raw log-mel, ÷ std 2 = 1.1512925 normalised.
        Assert.All(frame, v => Assert.Equal(1.1512925f, v, 5));
    }

    [Fact]
    public void Tilt_lowers_the_lowest_band_and_raises_the_highest_by_half_each()
    {
        var frame = new float[Bands];
        Augmenter().Apply(frame, new SpectralAugmentDraw(1, 0, 8, double.PositiveInfinity));
        Assert.Equal((float)(-4 * LnPerDb / 2), frame[0], 5);
        Assert.Equal((float)(4 * LnPerDb / 2), frame[Bands - 1], 5);
        // Linear in band index: band 79·3/4 is a quarter of the way from the top, +2 dB.
        Assert.True(frame[40] > 0 && frame[39] < 0);
    }

    [Fact]
    public void Noise_fills_silence_up_to_the_floor_and_leaves_loud_bands_alone()
    {
        // Silence: ln(1e-10) = −23.03 raw, normalised (−23.03 + 5) / 2. The floor at 20 dB under the mean −5 is
        // −5 − 20·ln10/10 = −9.6052; silence adds e^−23 to it, nothing a float sees.
        float silence = (float)((Math.Log(1e-10) + 5) / 2);
        float loud = 4f; // raw 3, 12.6 above the floor: e^−12.6 ≈ 3e−6 added
        var frame = new float[Bands];
        frame.AsSpan(0, 40).Fill(silence);
        frame.AsSpan(40).Fill(loud);
        Augmenter().Apply(frame, new SpectralAugmentDraw(1, 0, 0, 20));
        Assert.All(frame[..40], v => Assert.Equal(-2.3025851f, v, 4));
        Assert.All(frame[40..], v => Assert.Equal(loud, v, 4));
    }

    [Fact]
    public void Every_frame_of_a_window_gets_the_same_disguise()
    {
        var window = Ramp().Concat(Ramp()).ToArray();
        Augmenter().Apply(window, new SpectralAugmentDraw(1.1, 3, -2, 15));
        Assert.Equal(window[..Bands], window[Bands..]);
    }

    [Fact]
    public void A_window_that_is_not_whole_frames_is_refused()
        => Assert.Throws<ArgumentException>(() => Augmenter().Apply(new float[Bands + 1], SpectralAugmentDraw.Identity));

    [Fact]
    public void Draws_stay_inside_the_configured_ranges_and_skip_at_the_configured_rate()
    {
        var config = new AudioAugmentConfig { Type = AudioAugmentConfig.Spectral, Probability = 0.75f };
        var rng = new Random(3);
        int identity = 0;
        const int n = 4000;
        for (int i = 0; i < n; i++)
        {
            var d = SpectralAugmentDraw.Draw(config, rng);
            if (d.IsIdentity) { identity++; continue; }
            Assert.InRange(d.Warp, 0.85, 1.15);
            Assert.InRange(d.GainDb, -6, 6);
            Assert.InRange(d.TiltDb, -6, 6);
            Assert.InRange(d.NoiseSnrDb, 5, 30);
        }
        Assert.InRange(identity / (double)n, 0.22, 0.28);
    }

    [Fact]
    public void A_skipped_draw_uses_as_many_random_numbers_as_a_taken_one()
    {
        var never = new AudioAugmentConfig { Type = AudioAugmentConfig.Spectral, Probability = 0 };
        var always = never with { Probability = 1 };
        Random a = new(9), b = new(9);
        Assert.True(SpectralAugmentDraw.Draw(never, a).IsIdentity);
        Assert.False(SpectralAugmentDraw.Draw(always, b).IsIdentity);
        Assert.Equal(a.NextDouble(), b.NextDouble());
    }

    [Fact]
    public void A_normalisation_for_other_bands_is_refused()
        => Assert.Throws<ArgumentException>(() => new SpectralAugmenter(Features,
            new AudioNormalization { Mean = new float[40], Std = Enumerable.Repeat(1f, 40).ToArray() }));
}
