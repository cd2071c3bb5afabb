using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

public sealed class AudioSourceSpecTests
{
    [Theory]
    [InlineData("file:/srv/a.wav", AudioSourceKind.File, "/srv/a.wav")]
    [InlineData("/srv/speech.flac", AudioSourceKind.File, "/srv/speech.flac")]
    [InlineData("relative/clip.mp3", AudioSourceKind.File, "relative/clip.mp3")]
    [InlineData("alsa:default", AudioSourceKind.Alsa, "default")]
    [InlineData("alsa:plughw:CARD=x,DEV=0", AudioSourceKind.Alsa, "plughw:CARD=x,DEV=0")]
    [InlineData("unix:/run/edgeavatar/audio.sock", AudioSourceKind.Unix, "/run/edgeavatar/audio.sock")]
    [InlineData("tcp:127.0.0.1:7070", AudioSourceKind.Tcp, "127.0.0.1:7070")]
    [InlineData("none", AudioSourceKind.None, "")]
    [InlineData("file:none", AudioSourceKind.File, "none")]
    public void Parse_recognises_each_form(string text, AudioSourceKind kind, string target)
    {
        AudioSourceSpec spec = AudioSourceSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(target, spec.Target);
    }

    [Theory]
    [InlineData("tcp:127.0.0.1:7070", "127.0.0.1", 7070)]
    [InlineData("tcp:127.0.0.5:1", "127.0.0.5", 1)]
    [InlineData("tcp:[::1]:9000", "::1", 9000)]
    [InlineData("tcp:localhost:0", "127.0.0.1", 0)]
    public void Parse_accepts_loopback_tcp_endpoints(string text, string address, int port)
    {
        AudioSourceSpec spec = AudioSourceSpec.Parse(text);
        Assert.Equal(System.Net.IPAddress.Parse(address), spec.EndPoint!.Address);
        Assert.Equal(port, spec.EndPoint.Port);
    }

    [Theory]
    [InlineData("tcp:0.0.0.0:7070")]
    [InlineData("tcp:192.168.1.10:7070")]
    [InlineData("tcp:[::]:7070")]
    public void Parse_refuses_non_loopback_tcp_with_a_usage_error(string text)
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioSourceSpec.Parse(text));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("loopback", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("file:")]
    [InlineData("alsa:")]
    [InlineData("alsa:bad name")]
    [InlineData("unix:")]
    [InlineData("tcp:127.0.0.1")]
    [InlineData("tcp:127.0.0.1:70000")]
    [InlineData("tcp:127.0.0.1:-1")]
    [InlineData("tcp:example.org:80")]
    [InlineData("http://example.org/a.wav")]
    [InlineData("pulse:default")]
    public void Parse_rejects_malformed_specs_with_usage_errors(string text)
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioSourceSpec.Parse(text));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Fact]
    public void Parse_rejects_unix_paths_longer_than_sun_path()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioSourceSpec.Parse("unix:/tmp/" + new string('a', 120)));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [Theory]
    [InlineData("file:/a.wav")]
    [InlineData("alsa:default")]
    [InlineData("unix:/run/x.sock")]
    [InlineData("tcp:127.0.0.1:5")]
    public void ToString_round_trips(string text) => Assert.Equal(text, AudioSourceSpec.Parse(text).ToString());
}
