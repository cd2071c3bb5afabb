using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Tests;

public class AudioFeatureConfigTests
{
    [Fact]
    public void Json_round_trip_gives_an_equal_config_with_a_type_field()
    {
        var config = AudioFeatureConfig.Default with { MelBands = 64, MelScale = MelScale.Htk, FMin = 40 };
        string json = config.ToJson();
        Assert.Contains("\"type\": \"logmel-v1\"", json);
        Assert.Contains("\"melScale\": \"Htk\"", json);
        Assert.Equal(config, AudioFeatureConfig.FromJson(json));
    }

    [Fact]
    public void Defaults_are_50_hz_frames_of_25_ms()
    {
        var c = AudioFeatureConfig.Default;
        Assert.Equal(50.0, c.FrameRate);
        Assert.Equal(400, c.WindowLength);
        Assert.Equal(-40, c.WindowOffset);
    }

    [Theory]
    [InlineData("{\"type\":\"deepspeech\"}")]
    [InlineData("{\"fftSize\":500}")]
    [InlineData("{\"windowLength\":300}")]
    [InlineData("{\"fMax\":9000}")]
    [InlineData("{\"melScale\":\"bark\"}")]
    [InlineData("[1,2]")]
    public void Unusable_config_is_a_config_error(string json)
        => Assert.Equal(ExitCodes.Config, Assert.Throws<EdgeAvatarException>(() => AudioFeatureConfig.FromJson(json)).ExitCode);
}
