namespace EdgeAvatar.Audio.Tests;

public class StreamingLogMelExtractorTests
{
    private static (float[] Values, float[] Energy) Drain(StreamingLogMelExtractor s, List<float> values, List<float> energy)
    {
        var frame = new float[s.Config.MelBands];
        while (s.TryReadFrame(frame, out float e))
        {
            values.AddRange(frame);
            energy.Add(e);
        }
        return (values.ToArray(), energy.ToArray());
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 2000)]
    [InlineData(3, 320)]
    [InlineData(4, 50000)]
    public void Streaming_output_is_bit_identical_to_batch_for_random_chunking(int seed, int maxChunk)
    {
        float[] pcm = TestAudio.Noise(16000 * 3 + 123, (uint)seed).Zip(TestAudio.Sine(700, 4), (a, b) => a + b).ToArray();
        var batch = new LogMelExtractor().Extract(pcm);

        var rng = new Random(seed);
        var stream = new StreamingLogMelExtractor();
        var values = new List<float>();
        var energy = new List<float>();
        for (int at = 0; at < pcm.Length;)
        {
            int n = Math.Min(pcm.Length - at, rng.Next(0, maxChunk + 1)); // zero-length pushes included
            stream.Push(pcm.AsSpan(at, n));
            at += n;
            if (rng.Next(3) == 0) Drain(stream, values, energy); // read at irregular times
        }
        stream.Complete();
        var (v, e) = Drain(stream, values, energy);

        Assert.Equal(batch.FrameCount, e.Length);
        Assert.True(batch.Values.AsSpan().SequenceEqual(v)); // exact float equality, not approximate
        Assert.True(batch.EnergyDb.AsSpan().SequenceEqual(e));
    }

    [Fact]
    public void Streaming_s16_pushes_match_batch_s16()
    {
        var s16 = TestAudio.Noise(9999).Select(x => (short)(x * 30000)).ToArray();
        var batch = new LogMelExtractor().Extract(s16);
        var stream = new StreamingLogMelExtractor();
        for (int at = 0; at < s16.Length; at += 333) stream.Push(s16.AsSpan(at, Math.Min(333, s16.Length - at)));
        stream.Complete();
        var (v, _) = Drain(stream, [], []);
        Assert.True(batch.Values.AsSpan().SequenceEqual(v));
    }

    [Fact]
    public void Frame_k_is_released_once_its_interval_plus_40_samples_look_ahead_has_arrived()
    {
        var stream = new StreamingLogMelExtractor();
        Assert.Equal(40, stream.LookAheadSamples);
        var pcm = TestAudio.Noise(2000);
        stream.Push(pcm.AsSpan(0, 359));
        Assert.Equal(0, stream.FramesAvailable);
        stream.Push(pcm.AsSpan(359, 1)); // sample 359 completes frame 0's window [−40, 360)
        Assert.Equal(1, stream.FramesAvailable);
        stream.Push(pcm.AsSpan(360, 320 * 3 - 1)); // up to sample 1318: frames 1, 2 complete, frame 3 needs 1320
        Assert.Equal(3, stream.FramesAvailable);
        Assert.Equal(0, stream.NextFrameIndex);
    }

    [Fact]
    public void Complete_flushes_to_floor_of_samples_over_hop_and_reset_starts_over()
    {
        var stream = new StreamingLogMelExtractor();
        stream.Push(new float[970]);
        Assert.Equal(2, stream.FramesAvailable); // frames 0, 1 (need 360, 680); frame 2 needs 1000
        stream.Complete();
        Assert.Equal(3, stream.FramesAvailable); // floor(970/320) = 3: frame 2 reads zeros for its last 30 samples
        Assert.Throws<InvalidOperationException>(() => stream.Push(new float[1]));
        stream.Reset();
        Assert.Equal(0, stream.FramesAvailable);
        stream.Push(new float[320]);
        stream.Complete();
        Assert.Equal(1, stream.FramesAvailable);
    }
}
