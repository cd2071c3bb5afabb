using EdgeAvatar.Common;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

public sealed class FileAudioSourceTests
{
    [SkippableFact]
    public async Task File_source_delivers_the_decoded_16k_mono_pcm_and_completes()
    {
        Skip.IfNot(InputTestData.HaveFfmpeg(), "ffmpeg is not installed");
        string path = InputTestData.Sample("drive/zh_news_8s.wav");
        short[] expected = EdgeAvatar.Media.AudioDecoder.DecodeS16(path);
        await using IAudioSource source = AudioSources.Open(path); // bare path form
        byte[] got = await InputTestData.ReadToEndAsync(source.Reader, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await source.Completion;
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(), got);
        Assert.Equal(got.Length, source.Stats.Bytes);
    }

    [Fact]
    public void Missing_file_is_a_no_input_error()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioSources.Open("file:/nonexistent/dir/clip.wav"));
        Assert.Equal(ExitCodes.NoInput, ex.ExitCode);
    }
}
