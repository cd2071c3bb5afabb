using System.IO.Pipelines;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media.Tests;

public class AudioDecoderTests
{
    // Durations from samples/SOURCES.md; 16 000 samples per second whatever the source rate and channel count.
    [Theory]
    [InlineData("train/german_anchor_20s_512.mp4", 20.0)] // AAC 44.1 kHz stereo in mp4
    [InlineData("train/cnn_anchor_71s_512.mp4", 71.2)]    // MP3 44.1 kHz stereo in mp4
    [InlineData("drive/en_male_jfk_11s.flac", 11.0)]      // FLAC 44.1 kHz
    [InlineData("drive/zh_news_8s.wav", 8.0)]             // WAV 48 kHz stereo
    [InlineData("drive/en_male_librispeech_1688.flac", 15.0)] // FLAC 16 kHz mono
    public void Decoded_length_is_duration_times_16000(string sample, double seconds)
    {
        short[] pcm = AudioDecoder.DecodeS16(TestMedia.Sample(sample));
        Assert.InRange(pcm.Length, (seconds - 0.1) * 16000, (seconds + 0.1) * 16000);
        Assert.Contains(pcm, s => Math.Abs((int)s) > 3000); // real speech, not silence
    }

    [Fact]
    public void Float_output_matches_s16_output_scaled()
    {
        short[] s16 = AudioDecoder.DecodeS16(TestMedia.ZhWav);
        float[] f32 = AudioDecoder.DecodeFloat(TestMedia.ZhWav);
        Assert.Equal(s16.Length, f32.Length);
        // Same resampling path: s16 is exactly the rounded float, clamped (this clipped broadcast overshoots ±1 after
        // resampling, which float keeps and s16 cannot).
        for (int i = 0; i < s16.Length; i++)
            Assert.Equal(s16[i] / 32768f, Math.Clamp(f32[i], -1f, 32767f / 32768f), 1f / 65536f + 1e-7f);
        Assert.Contains(f32, x => Math.Abs(x) > 1f);
    }

    [Fact]
    public async Task Streamed_pcm_equals_whole_file_pcm()
    {
        short[] whole = AudioDecoder.DecodeS16(TestMedia.Jfk);
        await using var stream = AudioDecoder.OpenStream(TestMedia.Jfk);
        using var ms = new MemoryStream();
        var buffer = new byte[1000]; // odd-sized reads: samples may straddle reads
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0) ms.Write(buffer, 0, n);
        Assert.Equal(whole.Length * 2, ms.Length);
        Assert.True(ms.ToArray().AsSpan().SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(whole.AsSpan())));
    }

    [Fact]
    public async Task Pipe_reader_delivers_every_sample()
    {
        PipeReader reader = AudioDecoder.OpenPipeReader(TestMedia.Librispeech, PcmSampleFormat.F32);
        long bytes = 0;
        while (true)
        {
            ReadResult result = await reader.ReadAsync();
            bytes += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }
        await reader.CompleteAsync();
        Assert.Equal(AudioDecoder.DecodeFloat(TestMedia.Librispeech).Length * 4L, bytes);
    }

    [Fact]
    public void Disposing_a_stream_early_stops_ffmpeg_without_error()
    {
        var stream = AudioDecoder.OpenStream(TestMedia.Cnn);
        var buffer = new byte[4096];
        Assert.True(stream.Read(buffer) > 0);
        stream.Dispose();
    }

    [Fact]
    public void Missing_file_is_no_input_and_a_video_without_audio_is_a_data_error()
    {
        Assert.Equal(ExitCodes.NoInput, Assert.Throws<EdgeAvatarException>(() => AudioDecoder.DecodeS16("/nonexistent.wav")).ExitCode);
        using var dir = new TempDir();
        string silentVideo = dir.File("video-only.mp4");
        using (var enc = VideoEncoder.Create(silentVideo, new VideoEncoderOptions { Width = 16, Height = 16 }))
        {
            enc.WriteFrame(new byte[16 * 16 * 3]);
            enc.Complete();
        }
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioDecoder.DecodeS16(silentVideo));
        Assert.Equal(ExitCodes.DataError, ex.ExitCode);
        Assert.Contains("no audio stream", ex.Message);
    }
}
