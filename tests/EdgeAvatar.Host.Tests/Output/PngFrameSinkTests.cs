using EdgeAvatar.Common;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

public class PngFrameSinkTests
{
    [SkippableFact]
    public async Task Frames_become_numbered_pngs_that_decode_to_the_exact_pixels()
    {
        Skip.IfNot(OutputTestSupport.HasFfmpeg, "ffmpeg missing");
        using var dir = new ScratchDir();
        string target = dir.File("frames");
        byte[] a = OutputTestSupport.Gradient(16, 8, 1), b = OutputTestSupport.Gradient(16, 8, 2);
        await using (var sink = FrameSinkFactory.Create($"png:{target}"))
        {
            await sink.WriteFrameAsync(a, 16, 8, TimeSpan.Zero, default);
            await sink.WriteFrameAsync(b, 16, 8, TimeSpan.FromSeconds(0.08), default); // slot 2: slot 1 repeats a
            Assert.False(Directory.Exists(target));
            await sink.CompleteAsync(default);
        }
        Assert.Equal(["frame_000000.png", "frame_000001.png", "frame_000002.png"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order());
        Assert.Equal(a, OutputTestSupport.DecodeRgb24(Path.Combine(target, "frame_000000.png")));
        Assert.Equal(a, OutputTestSupport.DecodeRgb24(Path.Combine(target, "frame_000001.png")));
        Assert.Equal(b, OutputTestSupport.DecodeRgb24(Path.Combine(target, "frame_000002.png")));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path)); // no staging leftovers
    }

    [Fact]
    public async Task A_frame_size_change_mid_stream_is_a_data_error_and_nothing_is_published()
    {
        using var dir = new ScratchDir();
        string target = dir.File("frames");
        await using (var sink = FrameSinkFactory.Create($"png:{target}"))
        {
            await sink.WriteFrameAsync(new byte[12], 2, 2, TimeSpan.Zero, default);
            var e = await Assert.ThrowsAsync<EdgeAvatarException>(() => sink.WriteFrameAsync(new byte[27], 3, 3, TimeSpan.FromSeconds(0.04), default).AsTask());
            Assert.Equal(ExitCodes.DataError, e.ExitCode);
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
