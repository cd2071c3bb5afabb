using EdgeAvatar.Common;

namespace EdgeAvatar.Media.Tests;

// Expected values are facts from samples/SOURCES.md, not ffprobe's own output read back.
public class MediaProbeTests
{
    [Fact]
    public void Cnn_clip_is_512_square_25_fps_h264_with_mp3_stereo_audio_of_71_2_seconds()
    {
        var info = MediaProbe.Probe(TestMedia.Cnn, MediaNeeds.VideoAndAudio);
        var v = info.RequireVideo();
        Assert.Equal((512, 512), (v.Width, v.Height));
        Assert.Equal(new Rational(25, 1), v.FrameRate);
        Assert.Equal("h264", v.Codec);
        Assert.InRange(info.DurationSeconds!.Value, 71.1, 71.3);
        Assert.InRange(v.FrameCount!.Value, 1777, 1782); // 71.2 s × 25
        var a = info.RequireAudio();
        Assert.Equal(("mp3", 44100, 2), (a.Codec, a.SampleRate, a.Channels));
    }

    [Fact]
    public void German_clip_is_512_square_25_fps_with_aac_audio_of_20_seconds()
    {
        var info = MediaProbe.Probe(TestMedia.German);
        Assert.Equal((512, 512), (info.Video!.Width, info.Video.Height));
        Assert.Equal(25.0, info.Video.FrameRate.ToDouble());
        Assert.InRange(info.DurationSeconds!.Value, 19.9, 20.1);
        Assert.Equal("aac", info.Audio!.Codec);
    }

    [Fact]
    public void Flac_is_audio_only_16_khz_mono()
    {
        var info = MediaProbe.Probe(TestMedia.Librispeech, MediaNeeds.Audio);
        Assert.Null(info.Video);
        Assert.Equal(("flac", 16000, 1), (info.Audio!.Codec, info.Audio.SampleRate, info.Audio.Channels));
    }

    [Fact]
    public void Audio_only_file_asked_for_video_is_a_data_error_saying_so()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => MediaProbe.Probe(TestMedia.Jfk, MediaNeeds.Video));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("no video stream", ex.Message);
    }

    [Fact]
    public void Missing_file_is_no_input()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => MediaProbe.Probe("/nonexistent/clip.mp4"));
        Assert.Equal(ExitCodes.NoInput, ex.ExitCode);
    }

    [Fact]
    public void Text_file_named_mp4_is_a_data_error_with_ffprobes_reason()
    {
        using var dir = new TempDir();
        string path = dir.File("notes.mp4");
        File.WriteAllText(path, "this is not a video\n");
        var ex = Assert.Throws<EdgeAvatarException>(() => MediaProbe.Probe(path));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("Invalid data", ex.Message);
    }

    [Fact]
    public void Mp4_cut_before_its_index_is_a_data_error()
    {
        // The sample keeps its moov atom at the end: half a file has no index at all.
        using var dir = new TempDir();
        string path = dir.File("cut.mp4");
        byte[] bytes = File.ReadAllBytes(TestMedia.German);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<EdgeAvatarException>(() => MediaProbe.Probe(path));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("moov", ex.Message);
    }

    [Fact]
    public void Missing_ffprobe_is_unavailable_and_names_the_debian_package()
    {
        var tools = new MediaTools("/nonexistent/ffmpeg", "/nonexistent/ffprobe");
        var ex = Assert.Throws<EdgeAvatarException>(() => MediaProbe.Probe(TestMedia.German, tools: tools));
        Assert.Equal(ExitCodes.Unavailable, ex.ExitCode);
        Assert.Contains("apt-get install ffmpeg", ex.Message);
    }

    [Theory]
    [InlineData("25/1", 25, 1, true)]
    [InlineData("30000/1001", 30000, 1001, true)]
    [InlineData("0/0", 0, 0, false)]
    [InlineData("12", 12, 1, true)]
    public void Rational_parses_ffprobe_rates(string text, long n, long d, bool valid)
    {
        Assert.True(Rational.TryParse(text, out var r));
        Assert.Equal(new Rational(n, d), r);
        Assert.Equal(valid, r.IsValid);
    }
}
