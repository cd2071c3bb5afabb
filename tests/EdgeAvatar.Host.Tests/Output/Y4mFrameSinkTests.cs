using System.Text;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

public class Y4mFrameSinkTests
{
    private static TimeSpan Frame(int k) => TimeSpan.FromSeconds(k / 25.0);

    private static (string Header, List<byte[]> Frames) Split(byte[] y4m, int frameBytes)
    {
        int nl = Array.IndexOf(y4m, (byte)'\n');
        string header = Encoding.ASCII.GetString(y4m, 0, nl);
        var frames = new List<byte[]>();
        for (int o = nl + 1; o < y4m.Length; o += 6 + frameBytes)
        {
            Assert.Equal("FRAME\n", Encoding.ASCII.GetString(y4m, o, 6));
            frames.Add(y4m[(o + 6)..(o + 6 + frameBytes)]);
        }
        return (header, frames);
    }

    [Fact]
    public async Task Stdout_stream_has_a_full_range_444_header_and_bt601_full_range_planes()
    {
        var stdout = new MemoryStream();
        await using (var sink = FrameSinkFactory.Create("y4m:-", new FrameSinkOptions { StandardOutput = stdout }))
        {
            await sink.WriteFrameAsync(OutputTestSupport.Solid(4, 2, 255, 0, 0), 4, 2, Frame(0), default);
            await sink.WriteFrameAsync(OutputTestSupport.Solid(4, 2, 0, 255, 0), 4, 2, Frame(1), default);
            await sink.CompleteAsync(default);
        }
        var (header, frames) = Split(stdout.ToArray(), 4 * 2 * 3);
        Assert.Equal("YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C444 XCOLORRANGE=FULL", header);
        Assert.Equal(2, frames.Count);
        // BT.601 full range by hand: red → Y 0.299·255 = 76.2, Cb 128 − 0.1687·255 = 85.0, Cr 128 + 127.5 → 255.
        Assert.Equal(Enumerable.Repeat((byte)76, 8).Concat(Enumerable.Repeat((byte)85, 8)).Concat(Enumerable.Repeat((byte)255, 8)), frames[0]);
        // green → Y 0.587·255 = 149.7, Cb 128 − 0.3313·255 = 43.5, Cr 128 − 0.4187·255 = 21.2.
        Assert.Equal(Enumerable.Repeat((byte)150, 8).Concat(Enumerable.Repeat((byte)44, 8)).Concat(Enumerable.Repeat((byte)21, 8)), frames[1]);
    }

    [Fact]
    public async Task Gaps_repeat_the_previous_frame_and_stale_frames_are_dropped()
    {
        var stdout = new MemoryStream();
        await using var sink = FrameSinkFactory.Create("y4m:-", new FrameSinkOptions { StandardOutput = stdout });
        await sink.WriteFrameAsync(OutputTestSupport.Solid(2, 2, 0, 0, 0), 2, 2, Frame(0), default);
        await sink.WriteFrameAsync(OutputTestSupport.Solid(2, 2, 255, 255, 255), 2, 2, Frame(3), default); // slots 1, 2 missing
        await sink.WriteFrameAsync(OutputTestSupport.Solid(2, 2, 9, 9, 9), 2, 2, Frame(2), default);       // already past: dropped
        await sink.CompleteAsync(default);
        var (_, frames) = Split(stdout.ToArray(), 12);
        Assert.Equal([0, 0, 0, 255], frames.Select(f => f[0]));
        Assert.Equal(new FrameSinkStats(4, 1, 2, 0), sink.Stats);
    }

    [SkippableTheory]
    [InlineData(Y4mChroma.C444, 2)]
    [InlineData(Y4mChroma.C420Jpeg, 12)]
    public async Task Ffmpeg_decodes_the_file_back_to_the_input_colours(Y4mChroma chroma, int tolerance)
    {
        Skip.IfNot(OutputTestSupport.HasFfmpeg, "ffmpeg missing");
        using var dir = new ScratchDir();
        string path = dir.File("out.y4m");
        byte[] frame = OutputTestSupport.Gradient(64, 32, 3);
        await using (var sink = FrameSinkFactory.Create($"y4m:{path}", new FrameSinkOptions { Y4mChroma = chroma }))
        {
            await sink.WriteFrameAsync(frame, 64, 32, TimeSpan.Zero, default);
            Assert.False(File.Exists(path)); // written to a temporary sibling until completed
            await sink.CompleteAsync(default);
        }
        byte[] decoded = OutputTestSupport.DecodeRgb24(path);
        Assert.Equal(frame.Length, decoded.Length);
        int worst = frame.Zip(decoded, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= tolerance, $"max channel error {worst} > {tolerance} (range or matrix mismatch?)");
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Disposing_without_complete_leaves_no_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("out.y4m");
        await using (var sink = FrameSinkFactory.Create($"y4m:{path}"))
            await sink.WriteFrameAsync(OutputTestSupport.Solid(2, 2, 1, 2, 3), 2, 2, TimeSpan.Zero, default);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
