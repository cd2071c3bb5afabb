namespace EdgeAvatar.Audio.Tests;

public sealed class MelFrequencyTests
{
    private static readonly AudioFeatureConfig Config = AudioFeatureConfig.Default;

    [Fact]
    public void Slaney_is_linear_below_one_kilohertz_and_logarithmic_above()
    {
        // 200/3 Hz per mel below 1 kHz (15 mel); 27 mel per factor 6.4 above it.
        Assert.Equal(6.0, MelFrequency.HzToMel(400, MelScale.Slaney), 12);
        Assert.Equal(15.0, MelFrequency.HzToMel(1000, MelScale.Slaney), 12);
        Assert.Equal(42.0, MelFrequency.HzToMel(6400, MelScale.Slaney), 10);
        Assert.Equal(6400, MelFrequency.MelToHz(42.0, MelScale.Slaney), 8);
    }

    [Fact]
    public void Htk_follows_its_formula()
    {
        // 2595·log10(1 + 700/700) = 2595·log10(2) = 2595 × 0.30103 = 781.1728…
        Assert.Equal(781.17284, MelFrequency.HzToMel(700, MelScale.Htk), 4);
        Assert.Equal(700, MelFrequency.MelToHz(2595 * Math.Log10(2), MelScale.Htk), 8);
    }

    [Fact]
    public void Band_centres_are_the_inner_edges_equally_spaced_in_mel()
    {
        // Default: 80 Slaney bands over 0–8 kHz. 8 kHz = 15 + 27·ln(8)/ln(6.4) = 45.24571 mel; centres sit at
        // k/81 of that, k = b + 1. Band 0: 0.558589 mel = 37.2393 Hz; band 9: 5.58589 mel = 372.393 Hz.
        Assert.Equal(37.2393, MelFrequency.BandCentreHz(Config, 0), 3);
        Assert.Equal(372.393, MelFrequency.BandCentreHz(Config, 9), 2);
    }

    [Fact]
    public void Band_index_at_a_band_centre_is_that_band()
    {
        foreach (int b in new[] { 0, 9, 26, 27, 50, 79 })
            Assert.Equal(b, MelFrequency.BandIndexAt(Config, MelFrequency.BandCentreHz(Config, b)), 9);
        // Halfway in mel between bands 3 and 4 (both below 1 kHz, where mel is linear in Hz).
        double mid = (MelFrequency.BandCentreHz(Config, 3) + MelFrequency.BandCentreHz(Config, 4)) / 2;
        Assert.Equal(3.5, MelFrequency.BandIndexAt(Config, mid), 9);
    }

    [Fact]
    public void A_band_outside_the_config_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFrequency.BandCentreHz(Config, 80));
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFrequency.BandCentreHz(Config, -1));
    }
}
