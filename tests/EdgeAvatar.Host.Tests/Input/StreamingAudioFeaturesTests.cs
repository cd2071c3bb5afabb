using System.IO.Pipelines;
using System.Runtime.InteropServices;
using EdgeAvatar.Audio;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

public sealed class StreamingAudioFeaturesTests
{
    private const int Bands = 80;
    private const int WindowLength = 16 * Bands;

    /// <summary>The trainer's offline path: whole-clip log-mel, normalise, FeatureWindow.CopyWindow per video frame.</summary>
    private static (float[][] Windows, AudioNormalization Norm) Offline(short[] pcm, AudioNormalization? norm = null)
    {
        LogMelFeatures features = new LogMelExtractor().Extract(pcm);
        norm ??= AudioNormalization.Compute(features);
        float[] values = (float[])features.Values.Clone();
        norm.Apply(values);
        int frames = FeatureWindow.VideoFrameCount(features.FrameCount);
        var windows = new float[frames][];
        for (int i = 0; i < frames; i++)
        {
            windows[i] = new float[WindowLength];
            FeatureWindow.CopyWindow(values, Bands, i, windows[i]);
        }
        return (windows, norm);
    }

    private static async Task<List<AudioFrameFeatures>> Collect(StreamingAudioFeatures features, PipeReader reader)
    {
        var list = new List<AudioFrameFeatures>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (AudioFrameFeatures f in features.ReadAllAsync(reader, cts.Token)) list.Add(f);
        return list;
    }

    private static void AssertBitEqual(float[] expected, float[] actual, long frame)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            if (BitConverter.SingleToInt32Bits(expected[k]) != BitConverter.SingleToInt32Bits(actual[k]))
                Assert.Fail($"frame {frame}, value {k}: expected {expected[k]:R}, got {actual[k]:R}");
    }

    [SkippableFact]
    public async Task File_source_features_equal_the_trainers_offline_windows_bit_for_bit()
    {
        Skip.IfNot(InputTestData.HaveFfmpeg(), "ffmpeg is not installed");
        string path = InputTestData.Sample("drive/en_male_jfk_11s.flac");
        short[] pcm = EdgeAvatar.Media.AudioDecoder.DecodeS16(path);
        (float[][] expected, AudioNormalization norm) = Offline(pcm);

        await using IAudioSource source = AudioSources.Open("file:" + path);
        var streaming = new StreamingAudioFeatures(norm);
        List<AudioFrameFeatures> frames = await Collect(streaming, source.Reader);
        await source.Completion;

        // 11 s clip: floor(duration × 25) frames (± 1 allowed by the contract; the implementation gives exactly floor).
        Assert.Equal(pcm.Length / 640, frames.Count);
        Assert.InRange(frames.Count, 270, 280);
        Assert.Equal(expected.Length, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(i, frames[i].FrameIndex);
            Assert.Equal(TimeSpan.FromMilliseconds(40 * i), frames[i].MediaTime);
            AssertBitEqual(expected[i], frames[i].Window, i);
        }
        Assert.Equal(pcm.Length * 2L, source.Stats.Bytes);
        Assert.Contains(frames, f => f.IsSpeech);
    }

    [Fact]
    public async Task Chunking_of_the_pcm_does_not_change_any_window()
    {
        byte[] bytes = InputTestData.NoisePcm(16000 * 3 + 123);
        short[] pcm = MemoryMarshal.Cast<byte, short>(bytes).ToArray();
        (float[][] expected, AudioNormalization norm) = Offline(pcm);

        var pipe = new Pipe();
        var streaming = new StreamingAudioFeatures(norm, new StreamingFeatureOptions { LookAheadFrames = 0 });
        Task<List<AudioFrameFeatures>> reading = Collect(streaming, pipe.Reader);
        int[] sizes = [1, 3, 640, 7, 1001, 2, 4096, 333];
        for (int offset = 0, k = 0; offset < bytes.Length; k++)
        {
            int n = Math.Min(sizes[k % sizes.Length], bytes.Length - offset);
            await pipe.Writer.WriteAsync(bytes.AsMemory(offset, n));
            offset += n;
        }
        await pipe.Writer.CompleteAsync();
        List<AudioFrameFeatures> frames = await reading;

        Assert.Equal(expected.Length, frames.Count);
        for (int i = 0; i < frames.Count; i++) AssertBitEqual(expected[i], frames[i].Window, i);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 40)]
    [InlineData(3, 120)]
    public void Added_latency_is_40_ms_per_look_ahead_frame(int lookAhead, int ms)
    {
        var norm = AudioNormalization.Compute(new float[Bands], Bands);
        var s = new StreamingAudioFeatures(norm, new StreamingFeatureOptions { LookAheadFrames = lookAhead });
        Assert.Equal(TimeSpan.FromMilliseconds(ms), s.AddedLatency);
        Assert.Equal(TimeSpan.FromMilliseconds(162.5), s.WindowLatency);
    }

    [Fact]
    public void Default_look_ahead_keeps_added_latency_within_120_ms()
    {
        var s = new StreamingAudioFeatures(AudioNormalization.Compute(new float[Bands], Bands));
        Assert.True(s.AddedLatency <= TimeSpan.FromMilliseconds(120));
        Assert.Equal(FeatureWindow.FullSmoothingLookAhead, s.LookAheadFrames);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Look_ahead_outside_0_to_3_is_rejected(int lookAhead)
        => Assert.Throws<ArgumentOutOfRangeException>(() =>
            new StreamingAudioFeatures(AudioNormalization.Compute(new float[Bands], Bands), new StreamingFeatureOptions { LookAheadFrames = lookAhead }));

    [Fact]
    public void A_frame_is_released_only_once_its_look_ahead_windows_exist_and_carries_them()
    {
        short[] pcm = MemoryMarshal.Cast<byte, short>(InputTestData.NoisePcm(16000)).ToArray();
        var norm = AudioNormalization.Compute(new LogMelExtractor().Extract(pcm));
        var assembler = new AudioFrameAssembler(norm, new StreamingFeatureOptions { LookAheadFrames = 2 });

        // Frame i needs feature frames 0..2i+7, i.e. (2i + 8)·320 + 40 samples; frame 0 + 2 look-ahead frames need frame 2's window.
        int frame2Ready = (2 * 2 + 8) * 320 + 40;
        assembler.Push(pcm.AsSpan(0, frame2Ready - 1));
        Assert.False(assembler.TryRead(out _));
        assembler.Push(pcm.AsSpan(frame2Ready - 1, 1));
        Assert.True(assembler.TryRead(out AudioFrameFeatures f0));
        Assert.Equal(0, f0.FrameIndex);
        Assert.Equal(2, f0.LookAhead.Count);
        Assert.False(assembler.TryRead(out _));

        assembler.Push(pcm.AsSpan(frame2Ready));
        assembler.Complete();
        var rest = new List<AudioFrameFeatures>();
        while (assembler.TryRead(out AudioFrameFeatures f)) rest.Add(f);
        Assert.Equal(16000 / 640 - 1, rest.Count);
        Assert.Same(rest[0].Window, f0.LookAhead[0]);
        Assert.Same(rest[1].Window, f0.LookAhead[1]);
        Assert.Empty(rest[^1].LookAhead);      // nothing after the last frame
        Assert.Single(rest[^2].LookAhead);
    }

    [Fact]
    public async Task Quiet_background_is_not_speech_and_a_loud_burst_is()
    {
        // 1 s of quiet background (~40 dB down, above the detector's −60 dBFS floor), then 0.5 s loud, then quiet.
        short[] pcm = MemoryMarshal.Cast<byte, short>(InputTestData.NoisePcm(16000 * 2, seed: 3)).ToArray();
        for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)(pcm[i] / 100);
        MemoryMarshal.Cast<byte, short>(InputTestData.NoisePcm(8000)).CopyTo(pcm.AsSpan(16000));
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray());
        await pipe.Writer.CompleteAsync();
        var norm = AudioNormalization.Compute(new float[Bands], Bands);
        List<AudioFrameFeatures> frames = await Collect(new StreamingAudioFeatures(norm), pipe.Reader);

        Assert.Equal(50, frames.Count);
        Assert.All(frames.Take(24), f => Assert.False(f.IsSpeech));
        Assert.True(frames[26].IsSpeech);
        Assert.True(frames[26].EnergyDb > frames[10].EnergyDb + 30);
    }
}
