using System.Buffers;
using System.Diagnostics;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// The speaker as master clock: <see cref="AudioPlayer.Now"/> must be the time of the sample being heard (what the
/// card has played, not what was written to it), start at zero, never run ahead of the wall clock, survive underruns
/// and end at the audio's duration. Timing runs against <see cref="SimulatedSoundCard"/> (no sound card here); the
/// real alsa-lib path runs against its "null" PCM.
/// </summary>
public sealed class AudioPlayerTests
{
    private static ReadOnlySequence<byte> Pcm(int samples, int first = 0)
    {
        var bytes = new byte[samples * 2];
        for (int i = 0; i < samples; i++) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (short)(first + i));
        return new ReadOnlySequence<byte>(bytes);
    }

    [Fact]
    public void Clock_is_zero_and_nothing_plays_until_started()
    {
        var card = new SimulatedSoundCard(bufferFrames: 3200);
        using var player = new AudioPlayer(card);
        player.Enqueue(Pcm(1600));
        Thread.Sleep(50);
        Assert.Equal(TimeSpan.Zero, player.Now);
        Assert.Empty(card.Samples);
    }

    [Fact]
    public async Task Clock_follows_the_samples_the_card_has_played_not_those_written()
    {
        var card = new SimulatedSoundCard(bufferFrames: 3200); // 200 ms ring: the writer runs up to 200 ms ahead
        using var player = new AudioPlayer(card);
        player.Enqueue(Pcm(8000)); // 0.5 s
        player.Complete();
        var wall = Stopwatch.StartNew();
        player.Start();
        var last = TimeSpan.Zero;
        while (!player.Completion.IsCompleted)
        {
            // The DAC position is read on both sides of the clock, so a preempted test thread widens the window
            // instead of failing the test.
            double before = card.PlayedFrames / 16000.0;
            TimeSpan now = player.Now;
            double after = card.PlayedFrames / 16000.0;
            Assert.True(now >= last, "the clock went backwards");
            // Heard, not written: within a few ms of the card's DAC position although 200 ms more sit in its ring.
            Assert.InRange(now.TotalSeconds, before - 0.025, after + 0.025);
            Assert.True(now.TotalSeconds <= wall.Elapsed.TotalSeconds * 1.001 + 1e-6, "the clock ran ahead of real time");
            last = now;
            await Task.Delay(7);
        }
        await player.Completion;
        Assert.Equal(0.5, player.Now.TotalSeconds, 3);
        Assert.Equal(8000, card.Samples.Count);
        Assert.Equal(0, player.Underruns);
    }

    [Fact]
    public async Task A_device_that_swallows_samples_cannot_run_the_clock_ahead_of_real_time()
    {
        var card = new SimulatedSoundCard(bufferFrames: 640, swallow: true); // like alsa-lib's null PCM
        using var player = new AudioPlayer(card);
        player.Enqueue(Pcm(16000)); // 1 s, written at once
        var wall = Stopwatch.StartNew();
        player.Start();
        await Task.Delay(100);
        TimeSpan now = player.Now;
        double elapsed = wall.Elapsed.TotalSeconds;
        Assert.True(now.TotalSeconds <= elapsed * 1.001 + 0.002, $"clock {now.TotalSeconds:F3} s after {elapsed:F3} s of wall time");
        Assert.True(now.TotalSeconds >= 0.09, $"clock {now.TotalSeconds:F3} s did not advance with the wall clock");
    }

    [Fact]
    public async Task An_underrun_is_recovered_counted_and_stalls_the_clock_at_the_audio_heard()
    {
        var card = new SimulatedSoundCard(bufferFrames: 3200);
        using var player = new AudioPlayer(card);
        player.Enqueue(Pcm(1600)); // 100 ms, then a gap like a TTS engine thinking
        player.Start();
        await Task.Delay(300);
        Assert.Equal(0.1, player.Now.TotalSeconds, 3); // stalled at what was heard, not at wall time
        player.Enqueue(Pcm(1600, first: 1600));
        player.Complete();
        await player.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, player.Underruns);
        Assert.Equal(0.2, player.Now.TotalSeconds, 3);
        Assert.Equal(Enumerable.Range(0, 3200).Select(i => (short)i), card.Samples);
    }

    [Fact]
    public async Task Samples_split_across_odd_sized_chunks_are_played_whole_and_in_order()
    {
        var card = new SimulatedSoundCard(bufferFrames: 640, swallow: true);
        using var player = new AudioPlayer(card);
        byte[] bytes = new byte[2 * 500];
        for (int i = 0; i < 500; i++) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (short)(i * 37 - 9000));
        for (int at = 0, step = 1; at < bytes.Length; at += step, step = step % 7 + 2)
            player.Enqueue(new ReadOnlySequence<byte>(bytes, at, Math.Min(step, bytes.Length - at)));
        player.Complete();
        player.Start();
        await player.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (short)(i * 37 - 9000)), card.Samples);
    }

    [Fact]
    public void Disposing_closes_the_device_even_if_playback_never_started()
    {
        var card = new SimulatedSoundCard(bufferFrames: 640);
        var player = new AudioPlayer(card);
        player.Enqueue(Pcm(100));
        player.Dispose();
        Assert.True(card.Disposed);
        player.Enqueue(Pcm(100)); // a late chunk from the source is ignored, not thrown
    }

    [SkippableFact]
    public async Task Plays_through_alsa_libs_null_device()
    {
        AudioPlayer player;
        try
        {
            player = AudioPlayer.Open("null");
        }
        catch (EdgeAvatarException ex)
        {
            Skip.If(true, $"the ALSA null plugin cannot play here: {ex.Message}");
            return;
        }
        using (player)
        {
            Assert.Equal(16000, player.Format.SampleRate);
            Assert.Equal(1, player.Format.Channels);
            Assert.True(player.Format.BufferFrames > 0);
            player.Enqueue(Pcm(3200));
            player.Complete();
            var wall = Stopwatch.StartNew();
            player.Start();
            await player.Completion.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(player.Now.TotalSeconds <= wall.Elapsed.TotalSeconds * 1.001 + 0.002);
        }
    }

    [Fact]
    public void Opening_a_playback_device_that_does_not_exist_names_it_and_aplay()
    {
        var ex = Assert.Throws<EdgeAvatarException>(() => AudioPlayer.Open("no_such_speaker_xyz"));
        Assert.Equal(ExitCodes.Unavailable, ex.ExitCode);
        Assert.Contains("no_such_speaker_xyz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aplay -L", ex.Message, StringComparison.Ordinal);
    }
}
