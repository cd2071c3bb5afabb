using EdgeAvatar.Common;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

public class FrameSinkSpecTests
{
    [Theory]
    [InlineData("mp4:/tmp/a.mp4", FrameSinkKind.Mp4, "/tmp/a.mp4")]
    [InlineData("out/clip.MP4", FrameSinkKind.Mp4, "out/clip.MP4")]
    [InlineData("y4m:-", FrameSinkKind.Y4m, "-")]
    [InlineData("y4m:/tmp/x.y4m", FrameSinkKind.Y4m, "/tmp/x.y4m")]
    [InlineData("png:frames", FrameSinkKind.Png, "frames")]
    [InlineData("fbdev:/dev/fb1", FrameSinkKind.Fbdev, "/dev/fb1")]
    [InlineData("fbdev:", FrameSinkKind.Fbdev, "/dev/fb0")]
    [InlineData("drm:", FrameSinkKind.Drm, "/dev/dri/card0")]
    [InlineData("drm:card1", FrameSinkKind.Drm, "/dev/dri/card1")]
    public void Valid_specs_parse_to_their_kind_and_path(string text, FrameSinkKind kind, string path)
    {
        FrameSinkSpec spec = FrameSinkSpec.Parse(text);
        Assert.Equal((kind, path), (spec.Kind, spec.Path));
    }

    [Fact]
    public void Drm_spec_carries_connector_and_mode()
    {
        FrameSinkSpec spec = FrameSinkSpec.Parse("drm:/dev/dri/card2:HDMI-A-2:1280x720");
        Assert.Equal(("/dev/dri/card2", "HDMI-A-2", (1280, 720)), (spec.Path, spec.Connector, spec.Mode!.Value));
        FrameSinkSpec auto = FrameSinkSpec.Parse("drm:card0");
        Assert.Null(auto.Connector);
        Assert.Null(auto.Mode);
    }

    [Fact]
    public void Mjpeg_spec_on_loopback_keeps_its_port()
    {
        FrameSinkSpec spec = FrameSinkSpec.Parse("mjpeg:127.0.0.1:8089");
        Assert.Equal((FrameSinkKind.Mjpeg, 8089), (spec.Kind, spec.Port));
    }

    [Theory]
    [InlineData("mjpeg:0.0.0.0:8080")]
    [InlineData("mjpeg:192.168.1.5:8080")]
    [InlineData("mjpeg:localhost:8080")]
    [InlineData("mjpeg:[::]:8080")]
    [InlineData("mjpeg:8080")]
    public void Mjpeg_on_anything_but_127_0_0_1_is_refused(string text)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => FrameSinkSpec.Parse(text));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("screen")]
    [InlineData("avi:/tmp/a.avi")]
    [InlineData("mp4:")]
    [InlineData("png:")]
    [InlineData("mjpeg:127.0.0.1:99999")]
    [InlineData("mjpeg:127.0.0.1:http")]
    [InlineData("drm:card0:HDMI-A-1:big")]
    [InlineData("drm:card0:HDMI-A-1:0x720")]
    [InlineData("drm:a:b:1x1:extra")]
    public void Bad_specs_are_usage_errors_that_list_the_valid_forms(string text)
    {
        var e = Assert.Throws<EdgeAvatarException>(() => FrameSinkSpec.Parse(text));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("mjpeg:127.0.0.1:PORT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_mux_is_refused_for_outputs_that_cannot_carry_it()
    {
        var e = Assert.Throws<EdgeAvatarException>(() => FrameSinkFactory.Create("y4m:-", new FrameSinkOptions { AudioPath = "a.wav" }));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }
}
