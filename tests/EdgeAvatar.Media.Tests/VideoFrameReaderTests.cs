using EdgeAvatar.Common;

namespace EdgeAvatar.Media.Tests;

public class VideoFrameReaderTests
{
    [Fact]
    public void German_clip_at_25_fps_yields_500_full_size_frames_in_order()
    {
        using var reader = VideoFrameReader.Open(TestMedia.German, new VideoReadOptions { Fps = Rational.FromInt(25) });
        int count = 0;
        long checksum = 0;
        foreach (var frame in reader.ReadFrames())
        {
            Assert.Equal(count, frame.Index);
            Assert.Equal(count / 25.0, frame.TimeSeconds, 1e-9);
            Assert.Equal(512 * 512 * 3, frame.Rgb24.Length);
            if (count == 100) foreach (byte b in frame.Rgb24.Span) checksum += b;
            count++;
        }
        Assert.InRange(count, 499, 501); // 20.0 s × 25
        Assert.True(checksum > 512 * 512 * 3 * 20L, "frame 100 should be a real picture, not black");
    }

    [Fact]
    public void Resampling_to_10_fps_gives_duration_times_10_frames()
    {
        using var reader = VideoFrameReader.Open(TestMedia.German,
            new VideoReadOptions { Fps = Rational.FromInt(10), OutputWidth = 128, OutputHeight = 96 });
        Assert.Equal((128, 96), (reader.Width, reader.Height));
        int count = reader.ReadFrames().Count(f => f.Rgb24.Length == 128 * 96 * 3);
        Assert.InRange(count, 199, 201); // 20.0 s × 10
    }

    [Fact]
    public async Task Clip_resampled_to_10_fps_streams_asynchronously()
    {
        await using var reader = VideoFrameReader.Open(TestMedia.German,
            new VideoReadOptions { Fps = Rational.FromInt(10), OutputWidth = 64, OutputHeight = 64 });
        int count = 0;
        await foreach (var frame in reader.ReadFramesAsync())
        {
            Assert.Equal(count++, frame.Index);
        }
        Assert.InRange(count, 199, 201); // 20.0 s × 10
    }

    [Fact]
    public void Crop_takes_the_same_pixels_as_the_full_frame_and_scale_resizes_them()
    {
        var crop = new CropRect(128, 64, 256, 192);
        byte[] full = First(new VideoReadOptions { MaxFrames = 1 }, out _);
        byte[] cropped = First(new VideoReadOptions { MaxFrames = 1, Crop = crop }, out var size);
        Assert.Equal((256, 192), size);
        long diff = 0;
        for (int y = 0; y < crop.Height; y++)
            for (int x = 0; x < crop.Width * 3; x++)
                diff += Math.Abs(cropped[y * crop.Width * 3 + x] - full[(y + crop.Y) * 512 * 3 + crop.X * 3 + x]);
        Assert.True(diff / (double)cropped.Length < 2.0, $"mean abs difference {diff / (double)cropped.Length}");

        byte[] small = First(new VideoReadOptions { MaxFrames = 1, Crop = crop, OutputWidth = 64, OutputHeight = 48 }, out size);
        Assert.Equal((64, 48), size);
        Assert.Equal(64 * 48 * 3, small.Length);
        // A 4x downscale keeps the mean colour.
        Assert.Equal(cropped.Average(b => b), small.Average(b => b), 3.0);
    }

    private static byte[] First(VideoReadOptions options, out (int, int) size)
    {
        using var reader = VideoFrameReader.Open(TestMedia.German, options);
        size = (reader.Width, reader.Height);
        var frames = reader.ReadFrames().Select(f => f.Rgb24.ToArray()).ToList();
        Assert.Single(frames);
        return frames[0];
    }

    [Fact]
    public void Max_frames_stops_after_n_frames()
    {
        using var reader = VideoFrameReader.Open(TestMedia.Cnn, new VideoReadOptions { MaxFrames = 7 });
        Assert.Equal(7, reader.ReadFrames().Count());
    }

    [Fact]
    public void Cancelling_mid_stream_throws_and_stops_ffmpeg()
    {
        using var cts = new CancellationTokenSource();
        using var reader = VideoFrameReader.Open(TestMedia.Cnn);
        int seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in reader.ReadFrames(cts.Token))
                if (++seen == 3) cts.Cancel();
        });
        Assert.Equal(3, seen);
    }

    [Fact]
    public void Leaving_the_loop_early_and_disposing_does_not_hang()
    {
        var reader = VideoFrameReader.Open(TestMedia.Cnn);
        Assert.Equal(2, reader.ReadFrames().Take(2).Count());
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadFrames().First());
    }

    [Fact]
    public void File_cut_short_after_its_index_is_detected_as_truncated()
    {
        // A faststart copy keeps the index in front, so ffmpeg decodes the first part and only logs "partial file".
        using var dir = new TempDir();
        string fast = dir.File("fast.mp4"), cut = dir.File("cut.mp4");
        var (code, _, err) = FfmpegProcess.RunToEnd("ffmpeg", ["-v", "error", "-nostdin", "-i", TestMedia.German, "-c", "copy", "-movflags", "+faststart", fast]);
        Assert.True(code == 0, err);
        byte[] bytes = File.ReadAllBytes(fast);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        using var reader = VideoFrameReader.Open(cut, new VideoReadOptions { Fps = Rational.FromInt(25), OutputWidth = 64, OutputHeight = 64 });
        var ex = Assert.Throws<EdgeAvatarException>(() => reader.ReadFrames().Count());
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Audio_only_file_is_rejected_before_decoding()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => VideoFrameReader.Open(TestMedia.ZhWav));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
    }

    [Fact]
    public void Crop_outside_the_frame_is_an_argument_error()
        => Assert.Throws<ArgumentException>(() => VideoFrameReader.Open(TestMedia.German,
            new VideoReadOptions { Crop = new CropRect(400, 0, 200, 100) }));
}
