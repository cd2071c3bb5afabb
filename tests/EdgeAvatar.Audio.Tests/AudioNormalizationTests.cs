using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Tests;

public class AudioNormalizationTests
{
    private static LogMelFeatures SomeFeatures()
        => new LogMelExtractor().Extract(TestAudio.Noise(16000).Zip(TestAudio.Sine(440, 1), (a, b) => a * 0.2f + b).ToArray());

    [Fact]
    public void Normalised_features_have_zero_mean_and_unit_std_per_band()
    {
        var f = SomeFeatures();
        var norm = AudioNormalization.Compute(f);
        var values = (float[])f.Values.Clone();
        norm.Apply(values);
        var again = AudioNormalization.Compute(values, f.Bands);
        Assert.All(again.Mean, m => Assert.InRange(m, -1e-4f, 1e-4f));
        Assert.All(again.Std, s => Assert.InRange(s, 0.999f, 1.001f));
    }

    [Fact]
    public void Apply_then_invert_restores_the_features()
    {
        var f = SomeFeatures();
        var norm = AudioNormalization.Compute(f);
        var values = (float[])f.Values.Clone();
        norm.Apply(values);
        norm.Invert(values);
        for (int i = 0; i < values.Length; i++) Assert.Equal(f.Values[i], values[i], 1e-4f);
    }

    [Fact]
    public void Json_round_trip_restores_every_bit_so_device_output_equals_trainer_output()
    {
        var f = SomeFeatures();
        var trainer = AudioNormalization.Compute(f);
        var device = AudioNormalization.FromJson(trainer.ToJson());
        Assert.Equal(trainer.Mean, device.Mean);
        Assert.Equal(trainer.Std, device.Std);
        var a = (float[])f.Values.Clone();
        var b = (float[])f.Values.Clone();
        trainer.Apply(a);
        device.Apply(b);
        Assert.True(a.AsSpan().SequenceEqual(b));
    }

    [Fact]
    public void Constant_band_gets_the_std_floor_instead_of_dividing_by_zero()
    {
        var silence = new LogMelExtractor().Extract(new float[3200]);
        var norm = AudioNormalization.Compute(silence);
        Assert.All(norm.Std, s => Assert.Equal(1e-3f, s));
        var values = (float[])silence.Values.Clone();
        norm.Apply(values);
        Assert.All(values, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("{\"type\":\"other\",\"mean\":[0],\"std\":[1]}")]
    [InlineData("{\"type\":\"per-band-mean-std-v1\",\"mean\":[0,1],\"std\":[1]}")]
    [InlineData("{\"type\":\"per-band-mean-std-v1\",\"mean\":[0],\"std\":[0]}")]
    [InlineData("not json")]
    public void Bad_saved_normalisation_is_a_config_error(string json)
        => Assert.Equal(ExitCodes.Config, Assert.Throws<EdgeAvatarException>(() => AudioNormalization.FromJson(json)).ExitCode);
}
