using System.Security.Cryptography;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Tests;

public class LogMelExtractorTests
{
    private static readonly AudioFeatureConfig Config = AudioFeatureConfig.Default;

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /// <summary>Band whose triangle peaks nearest to <paramref name="hz"/> (centre = edge b+1 on the mel scale).</summary>
    private static int ExpectedBand(double hz)
    {
        double lo = MelFrequency.HzToMel(Config.FMin, Config.MelScale), hi = MelFrequency.HzToMel(Config.FMax, Config.MelScale);
        double step = (hi - lo) / (Config.MelBands + 1);
        return (int)Math.Round((MelFrequency.HzToMel(hz, Config.MelScale) - lo) / step) - 1;
    }

    [Theory]
    [InlineData(250.0)]
    [InlineData(1000.0)]
    [InlineData(3000.0)]
    [InlineData(6500.0)]
    public void Sine_peaks_in_the_mel_band_centred_on_its_frequency(double hz)
    {
        var features = new LogMelExtractor().Extract(TestAudio.Sine(hz, 0.5));
        int expected = ExpectedBand(hz);
        for (int f = 2; f < features.FrameCount - 2; f++)
            Assert.InRange(ArgMax(features.Frame(f)), expected - 1, expected + 1);
        // The peak stands far above bands an octave away.
        int far = expected > 40 ? expected - 30 : expected + 30;
        Assert.True(features.Frame(10)[ArgMax(features.Frame(10))] - features.Frame(10)[far] > 10);
    }

    [Fact]
    public void Digital_silence_gives_exactly_the_floor_value_in_every_band()
    {
        var features = new LogMelExtractor().Extract(new float[16000]);
        Assert.Equal(50, features.FrameCount);
        Assert.All(features.Values, v => Assert.Equal(Config.SilenceValue, v));
        Assert.Equal((float)Math.Log(1e-10), Config.SilenceValue, 1e-4f);
        Assert.All(features.EnergyDb, e => Assert.True(e < -110));
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 0L)]
    [InlineData(319L, 0L)]
    [InlineData(320L, 1L)]
    [InlineData(641L, 2L)]
    [InlineData(16000L, 50L)]
    [InlineData(1139360L, 3560L)] // 71.21 s (the CNN clip): floor(71.21 × 50)
    public void Frame_count_is_floor_of_samples_over_hop(long samples, long frames)
    {
        Assert.Equal(frames, Config.FrameCount(samples));
        if (samples <= 16000) Assert.Equal(frames, new LogMelExtractor().Extract(new float[samples]).FrameCount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1003)]
    [InlineData(0.5031)]
    [InlineData(0.739)]
    [InlineData(0.7599)]
    [InlineData(0.9801)]
    public void Impulse_at_time_t_lands_in_frame_floor_t_times_50(double t)
    {
        var pcm = new float[16000];
        int at = (int)Math.Round(t * 16000);
        pcm[at] = 1f;
        var features = new LogMelExtractor().Extract(pcm);
        var loudness = Enumerable.Range(0, features.FrameCount).Select(f => features.Frame(f).ToArray().Sum()).ToArray();
        Assert.Equal(at / 320, Array.IndexOf(loudness, loudness.Max()));
    }

    [Fact]
    public void Every_slaney_band_covers_at_least_one_fft_bin()
    {
        var bank = new MelFilterBank(Config);
        for (int b = 0; b < bank.Bands; b++) Assert.True(bank.BandRange(b).BinCount >= 1);
    }

    [Fact]
    public void Config_whose_low_mel_bands_fall_between_fft_bins_is_rejected()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => new LogMelExtractor(Config with { MelScale = MelScale.Htk, MelBands = 128 }));
        Assert.Equal(ExitCodes.Config, ex.ExitCode);
        // HTK with 80 bands and Slaney with 128 bands keep every band non-empty.
        Assert.Equal(80, new LogMelExtractor(Config with { MelScale = MelScale.Htk }).Extract(new float[640]).Bands);
        Assert.Equal(128, new LogMelExtractor(Config with { MelBands = 128 }).Extract(new float[640]).Bands);
    }

    [Fact]
    public void S16_input_equals_float_input_divided_by_32768()
    {
        var s16 = TestAudio.Noise(5000).Select(v => (short)(v * 32767)).ToArray();
        var floats = s16.Select(v => v / 32768f).ToArray();
        Assert.Equal(new LogMelExtractor().Extract(floats).Values, new LogMelExtractor().Extract(s16).Values);
    }

    /// <summary>
    /// Pins the exact bits of the features of a fixed signal. If this fails the feature definition changed: models
    /// trained before would get different inputs on the device, so bump <see cref="AudioFeatureConfig.LogMelType"/>.
    /// </summary>
    [Fact]
    public void Features_of_a_fixed_signal_have_pinned_bits()
    {
        // Integer-derived input only (LCG noise + sawtooth): Math.Sin could differ between machines, this cannot.
        var pcm = TestAudio.Noise(8000).Select((a, i) => a + (i % 37) / 37f * 0.2f).ToArray();
        var features = new LogMelExtractor().Extract(pcm);
        var bytes = new byte[features.Values.Length * 4 + features.EnergyDb.Length * 4];
        Buffer.BlockCopy(features.Values, 0, bytes, 0, features.Values.Length * 4);
        Buffer.BlockCopy(features.EnergyDb, 0, bytes, features.Values.Length * 4, features.EnergyDb.Length * 4);
        string hash = Convert.ToHexString(SHA256.HashData(bytes));
        Assert.True(GoldenHash == hash, $"feature bits changed: {hash}");
    }

    private const string GoldenHash = "E38AB781A22FE972E07BAF5A77A441EF96BD2CF677727E503BD5136A281C618B";
}
