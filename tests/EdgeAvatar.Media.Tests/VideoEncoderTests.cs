using EdgeAvatar.Common;

namespace EdgeAvatar.Media.Tests;

public class VideoEncoderTests
{
    private const int W = 64, H = 48;

    /// <summary>A moving colour gradient: frame i shifts by i pixels, so frames differ.</summary>
    private static byte[] Frame(int i)
    {
        var rgb = new byte[W * H * 3];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                int o = (y * W + x) * 3;
                rgb[o] = (byte)((x + i) * 4);
                rgb[o + 1] = (byte)(y * 5);
                rgb[o + 2] = 128;
            }
        return rgb;
    }

    private static void AssertNoLeftovers(TempDir dir, params string[] allowed)
        => Assert.Equal(allowed.OrderBy(s => s), Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(s => s));

    [Fact]
    public void Encoded_clip_probes_back_as_h264_with_its_size_rate_and_frame_count()
    {
        using var dir = new TempDir();
        string path = dir.File("out.mp4");
        using (var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H }))
        {
            Assert.Equal("libx264", enc.Codec); // Debian's ffmpeg is built with libx264
            for (int i = 0; i < 30; i++) enc.WriteFrame(Frame(i));
            enc.Complete();
        }
        var info = MediaProbe.Probe(path, MediaNeeds.Video);
        Assert.Equal(("h264", W, H), (info.Video!.Codec, info.Video.Width, info.Video.Height));
        Assert.Equal(25.0, info.Video.FrameRate.ToDouble());
        Assert.Equal(30, info.Video.FrameCount);
        Assert.InRange(info.DurationSeconds!.Value, 1.15, 1.25);
        AssertNoLeftovers(dir, "out.mp4");

        // Decoded pixels are close to what went in (lossy, chroma subsampled).
        using var reader = VideoFrameReader.Open(path);
        byte[] back = reader.ReadFrames().Skip(10).First().Rgb24.ToArray();
        byte[] sent = Frame(10);
        Assert.True(back.Zip(sent, (a, b) => Math.Abs(a - b)).Average() < 8);
    }

    [Fact]
    public async Task Audio_is_muxed_and_the_output_ends_with_the_shorter_stream()
    {
        using var dir = new TempDir();
        string path = dir.File("talk.mp4");
        await using (var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H, AudioPath = TestMedia.Jfk }))
        {
            for (int i = 0; i < 25; i++) await enc.WriteFrameAsync(Frame(i)); // 1 s of video, 11 s of audio
            await enc.CompleteAsync();
        }
        var info = MediaProbe.Probe(path, MediaNeeds.VideoAndAudio);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.InRange(info.DurationSeconds!.Value, 0.95, 1.15);
    }

    [Fact]
    public async Task Cancelled_encode_leaves_no_output_and_keeps_an_existing_target()
    {
        using var dir = new TempDir();
        string path = dir.File("out.mp4");
        File.WriteAllText(path, "previous render");
        using var cts = new CancellationTokenSource();
        var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H });
        for (int i = 0; i < 5; i++) await enc.WriteFrameAsync(Frame(i));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enc.WriteFrameAsync(Frame(5), cts.Token).AsTask());
        await enc.DisposeAsync();
        Assert.False(File.Exists(enc.TemporaryPath));
        Assert.Equal("previous render", File.ReadAllText(path));
        AssertNoLeftovers(dir, "out.mp4");
    }

    [Fact]
    public void Dispose_without_complete_discards_the_output()
    {
        using var dir = new TempDir();
        string path = dir.File("out.mp4");
        using (var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H }))
            for (int i = 0; i < 5; i++) enc.WriteFrame(Frame(i));
        AssertNoLeftovers(dir);
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_starting_ffmpeg()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => VideoEncoder.Create(dir.File("a.mp4"), new VideoEncoderOptions { Width = 63, Height = 48 }));
        var ex = Assert.Throws<EdgeAvatarException>(() => VideoEncoder.Create(dir.File("a.mp4"),
            new VideoEncoderOptions { Width = W, Height = H, AudioPath = dir.File("missing.wav") }));
        Assert.Equal(ExitCodes.NoInput, ex.ExitCode);
        using var enc = VideoEncoder.Create(dir.File("b.mp4"), new VideoEncoderOptions { Width = W, Height = H });
        Assert.Throws<ArgumentException>(() => enc.WriteFrame(new byte[10]));
    }

    [Fact]
    public void Ffmpeg_dying_mid_encode_is_an_io_error_with_its_message_and_no_output()
    {
        using var dir = new TempDir();
        string path = dir.File("out.mp4");
        // Make the output directory vanish mid-way: ffmpeg's faststart pass cannot reopen its file and fails.
        var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H });
        enc.WriteFrame(Frame(0));
        Directory.Delete(dir.Path, recursive: true);
        var ex = Assert.Throws<EdgeAvatarException>(() =>
        {
            for (int i = 1; i < 200; i++) enc.WriteFrame(Frame(i));
            enc.Complete();
        });
        Assert.Equal(ExitCodes.IoError, ex.ExitCode);
        enc.Dispose();
        Assert.False(File.Exists(path));
    }
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void An_encoder_whose_ffmpeg_is_signalled_fails_as_interrupted_and_publishes_nothing(string signal)
    {
        // Ctrl+C in a terminal reaches ffmpeg too, often before our own handler: the failure must read as an
        // interruption (exit 130), not "cannot write the output" (74).
        using var dir = new TempDir();
        string path = dir.File("out.mp4");
        using var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H });
        enc.WriteFrame(Frame(0));
        // Signal only once ffmpeg has opened its output, which it does after installing its signal handlers. A child
        // of a process started in the background by a non-interactive shell inherits SIGINT ignored; a SIGINT that
        // lands before ffmpeg's handler is then lost and the encode succeeds (seen once on a loaded machine).
        for (int wait = 0; wait < 1000 && !Directory.EnumerateFileSystemEntries(dir.Path).Any(); wait++) Thread.Sleep(10);
        using (var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {enc.ChildProcessId}")) kill.WaitForExit();
        var ex = Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            for (int i = 1; i < 2000; i++) enc.WriteFrame(Frame(i)); // a dead child's pipe breaks, or fills and then breaks
            enc.Complete();
        });
        Assert.Contains("signal", ex.Message, StringComparison.Ordinal);
        AssertNoLeftovers(dir);
    }

    [Fact]
    public void An_encoder_whose_ffmpeg_is_killed_outright_is_an_output_error_not_an_interruption()
    {
        using var dir = new TempDir();
        string path = dir.File("out.mp4");
        using var enc = VideoEncoder.Create(path, new VideoEncoderOptions { Width = W, Height = H });
        enc.WriteFrame(Frame(0));
        using (var kill = System.Diagnostics.Process.Start("kill", $"-KILL {enc.ChildProcessId}")) kill.WaitForExit();
        var ex = Assert.Throws<EdgeAvatarException>(() =>
        {
            for (int i = 1; i < 2000; i++) enc.WriteFrame(Frame(i));
            enc.Complete();
        });
        Assert.Equal(ExitCodes.IoError, ex.ExitCode);
        AssertNoLeftovers(dir);
    }
}
