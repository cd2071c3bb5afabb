using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using EdgeAvatar.Host.Input;

namespace EdgeAvatar.Host.Tests.Input;

/// <summary>
/// The daemon's live audio: silence at the wall-clock rate when nothing is said, spoken files and TTS audio dropped
/// into it whole and in order, cut off by stop. Reads go through the feed's real PipeReader.
/// </summary>
public sealed class LiveAudioFeedTests
{
    /// <summary>A TTS socket stand-in: whatever the test writes to <see cref="Writer"/>.</summary>
    private sealed class PipeSource : IAudioSource
    {
        private readonly Pipe _pipe = new();
        public PipeWriter Writer => _pipe.Writer;
        public PipeReader Reader => _pipe.Reader;
        public AudioSourceStats Stats => default;
        public Task Completion => Task.CompletedTask;
        public ValueTask DisposeAsync() => _pipe.Writer.CompleteAsync();
    }

    private static short[] Ramp(int n, int first = 1) => [.. Enumerable.Range(first, n).Select(i => (short)i)];

    /// <summary>Reads samples until <paramref name="done"/> says so (or 10 s pass); returns all read.</summary>
    private static async Task<List<short>> ReadUntilAsync(PipeReader reader, Func<List<short>, bool> done)
    {
        var samples = new List<short>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!done(samples))
        {
            ReadResult r = await reader.ReadAsync(cts.Token);
            long whole = r.Buffer.Length / 2 * 2;
            byte[] bytes = System.Buffers.BuffersExtensions.ToArray(r.Buffer.Slice(0, whole));
            samples.AddRange(MemoryMarshal.Cast<byte, short>(bytes).ToArray());
            reader.AdvanceTo(r.Buffer.GetPosition(whole), r.Buffer.End);
        }
        return samples;
    }

    [Fact]
    public async Task With_nothing_to_say_it_emits_silence_no_faster_than_real_time()
    {
        await using var feed = new LiveAudioFeed(null);
        var wall = Stopwatch.StartNew();
        var samples = await ReadUntilAsync(feed.Reader, s => s.Count >= 8000); // 0.5 s
        double elapsed = wall.Elapsed.TotalSeconds;
        Assert.All(samples, s => Assert.Equal(0, s));
        Assert.True(samples.Count <= (elapsed + 0.03) * 16000, $"{samples.Count} samples after {elapsed:F3} s: faster than real time");
        Assert.False(feed.Speaking);
    }

    [Fact]
    public async Task Spoken_samples_come_out_whole_and_in_order_between_silences()
    {
        await using var feed = new LiveAudioFeed(null);
        await ReadUntilAsync(feed.Reader, s => s.Count >= 640); // idle first
        short[] speech = Ramp(1000);
        feed.Speak(speech);
        var samples = await ReadUntilAsync(feed.Reader, s => s.Count(x => x != 0) >= 1000 && s[^1] == 0);
        int first = samples.FindIndex(x => x != 0);
        Assert.Equal(speech, samples.Skip(first).Take(1000));
        Assert.All(samples.Skip(first + 1000), s => Assert.Equal(0, s)); // then silence again
        Assert.All(samples.Take(first), s => Assert.Equal(0, s));
    }

    [Fact]
    public async Task Stop_speaking_cuts_queued_speech_off_and_returns_to_idle()
    {
        await using var feed = new LiveAudioFeed(null);
        feed.Speak(Ramp(30_000)); // ~2 s
        await ReadUntilAsync(feed.Reader, s => s.Count >= 1600);
        Assert.True(feed.Speaking);
        feed.StopSpeaking();
        var after = await ReadUntilAsync(feed.Reader, s => s.Count >= 3200);
        Assert.True(after.Count(x => x != 0) <= 2 * LiveAudioFeed.TickSamples, "speech went on after stop");
        Assert.All(after.Skip(after.Count - 1600), s => Assert.Equal(0, s));
        Assert.False(feed.Speaking);
    }

    [Fact]
    public async Task Tts_socket_audio_passes_through_in_order_once_the_jitter_buffer_is_full()
    {
        var tts = new PipeSource();
        await using var feed = new LiveAudioFeed(tts);
        await ReadUntilAsync(feed.Reader, s => s.Count >= 640);
        short[] speech = Ramp(4000); // 250 ms, sent at once as a TTS engine would
        await tts.Writer.WriteAsync(MemoryMarshal.AsBytes(speech.AsSpan()).ToArray());
        var samples = await ReadUntilAsync(feed.Reader, s => s.Count(x => x != 0) >= 4000);
        int first = samples.FindIndex(x => x != 0);
        Assert.Equal(speech, samples.Skip(first).Take(4000));
    }

    [Fact]
    public async Task A_short_tts_utterance_below_the_jitter_buffer_still_plays()
    {
        var tts = new PipeSource();
        await using var feed = new LiveAudioFeed(tts);
        short[] speech = Ramp(480); // 30 ms, less than the 100-ms jitter buffer
        await tts.Writer.WriteAsync(MemoryMarshal.AsBytes(speech.AsSpan()).ToArray());
        var samples = await ReadUntilAsync(feed.Reader, s => s.Count(x => x != 0) >= 480);
        Assert.Equal(speech, samples.Where(x => x != 0));
    }
}
