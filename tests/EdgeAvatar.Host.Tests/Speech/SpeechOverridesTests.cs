using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Cli;

namespace EdgeAvatar.Host.Tests.Speech;

/// <summary>run's --voice/--rate/--pitch over the config's tts.* values: set what is given, keep the rest, refuse out-of-range with 64.</summary>
public sealed class SpeechOverridesTests
{
    private static readonly SpeechSettings s_config = new() { Voice = "en-gb", Rate = 200, Pitch = 40, MaxChars = 80 };

    [Fact]
    public void Options_not_given_keep_the_config_values()
        => Assert.Equal(new SpeechSettings { Voice = "en-gb", Rate = 200, Pitch = 40, MaxChars = 80 }, SpeechOverrides.Apply(s_config, null, null, null));

    [Fact]
    public void Given_options_replace_the_config_values_and_only_those()
    {
        Assert.Equal(new SpeechSettings { Voice = "de+f3", Rate = 80, Pitch = 100, MaxChars = 80 }, SpeechOverrides.Apply(s_config, "de+f3", 80, 100));
        Assert.Equal(new SpeechSettings { Voice = "en-gb", Rate = 450, Pitch = 0, MaxChars = 80 }, SpeechOverrides.Apply(s_config, null, 450, 0));
    }

    [Theory]
    [InlineData("en us", null, null, "--voice 'en us'")]
    [InlineData(null, 79, null, "--rate must be 80..450")]
    [InlineData(null, 451, null, "--rate must be 80..450")]
    [InlineData(null, null, -1, "--pitch must be 0..100")]
    [InlineData(null, null, 101, "--pitch must be 0..100")]
    public void An_out_of_range_option_is_a_usage_error_naming_it(string? voice, int? rate, int? pitch, string message)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => SpeechOverrides.Apply(s_config, voice, rate, pitch));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
