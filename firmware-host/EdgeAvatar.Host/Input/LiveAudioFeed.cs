using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.InteropServices;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// The kiosk daemon's audio when nobody is guaranteed to be talking: a stream that runs at the wall-clock rate,
/// 20 ms at a time, whatever arrives. Each tick carries, by priority:
/// <list type="number">
/// <item>speech queued by <see cref="Speak"/> (the control socket's <c>speak</c>, a GPIO greeting);</item>
/// <item>PCM from the inner TTS socket source (unix:/tcp:), once 100 ms of it are buffered or it has been waiting
/// 100 ms (a jitter buffer: a TTS that streams in real time must not be chopped by silence between its packets);</item>
/// <item>silence.</item>
/// </list>
/// So the render loop never starves: between utterances it renders idle frames (closed mouth, blinks, the recorded
/// head motion) instead of freezing on the last one, and a speech start flows straight on from them.
/// <para>
/// The inner source is read without blocking, only as fast as ticks consume it, so its own bounded pipe (and the
/// kernel's socket flow control) push back on a TTS that sends faster than real time. If the consumer stalls for more
/// than a second the missed ticks are skipped (counted in DroppedBytes), not replayed in a burst.
/// </para>
/// <see cref="Speak"/> and <see cref="StopSpeaking"/> may be called from any thread; the ticker owns everything else.
/// </summary>
public sealed class LiveAudioFeed : IAudioSource
{
    public const int SampleRate = 16000;
    public const int TickSamples = 320; // 20 ms
    private const int JitterSamples = 1600; // 100 ms
    private const int MaxCatchUpSamples = SampleRate; // 1 s

    private readonly IAudioSource? _inner;
    private readonly StreamConnections? _connections;
    private long _innerSamples; // samples of the inner stream taken or discarded so far
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
    private readonly ConcurrentQueue<(short[] Pcm, IReadOnlyList<Audio.Phones.TimedPhone>? Phones)> _speech = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly AudioSourceCounters _counters = new();
    private short[]? _current;
    private int _currentOffset;
    private volatile bool _stopRequested;
    private volatile bool _speaking;
    private bool _innerFlowing;
    private long _innerWaitingSinceTs;
    private int _disposed;

    public LiveAudioFeed(IAudioSource? inner)
    {
        _inner = inner;
        _connections = (inner as SocketAudioSource)?.Connections;
        TtsPhones = new StreamPhonePlacer(Phones);
        Completion = Task.Run(RunAsync);
    }

    public PipeReader Reader => _pipe.Reader;
    public Task Completion { get; }

    public AudioSourceStats Stats
    {
        get
        {
            AudioSourceStats own = _counters.Snapshot();
            return _inner?.Stats is { } i ? own with { DroppedBytes = own.DroppedBytes + i.DroppedBytes, Clients = i.Clients } : own;
        }
    }

    /// <summary>True while queued speech or TTS audio is being emitted (the daemon's "speaking" state).</summary>
    public bool Speaking => _speaking;

    /// <summary>
    /// Where the phones of queued speech land on the media time axis (<see cref="Speak(short[], IReadOnlyList{Audio.Phones.TimedPhone}?)"/>),
    /// placed when the utterance's first sample is emitted.
    /// </summary>
    public SpokenPhoneTimeline Phones { get; } = new();

    /// <summary>Per-frame levels of everything written, on the same media axis as <see cref="Phones"/>.</summary>
    public MediaLoudness Loudness { get; } = new();

    /// <summary>
    /// Phones a TTS engine sends beside its audio (the phone side channel), each waiting until its audio plays and then
    /// placed on <see cref="Phones"/> at the media time that audio got.
    /// </summary>
    public StreamPhonePlacer TtsPhones { get; }

    /// <summary>
    /// The inner source's audio connection that new side-channel phones belong to (1 for an inner source that is not a
    /// socket, 0 while no TTS has connected or there is no inner source).
    /// </summary>
    public int TtsConnection => _connections?.Current ?? (_inner is null ? 0 : 1);

    /// <summary>
    /// Raised on the feed's thread when queued speech with known phones starts playing: its first sample's media time
    /// (seconds on the reader's axis), its PCM and its phones. Handlers must be quick (the next tick waits).
    /// </summary>
    public event Action<double, short[], IReadOnlyList<Audio.Phones.TimedPhone>>? SpeechStarted;

    /// <summary>Raised on the feed's thread when stop cuts speech off, with the media time (seconds) of the cut.</summary>
    public event Action<double>? SpeechCut;

    /// <summary>
    /// Queues 16 kHz mono speech after whatever is already queued; <paramref name="phones"/> (times from its first
    /// sample), when known, go on <see cref="Phones"/> at the sample where it starts playing.
    /// </summary>
    public void Speak(short[] pcm, IReadOnlyList<Audio.Phones.TimedPhone>? phones = null)
    {
        ArgumentNullException.ThrowIfNull(pcm);
        if (pcm.Length > 0) _speech.Enqueue((pcm, phones));
    }

    /// <summary>Cuts off queued speech and buffered TTS audio at the next tick: back to idle.</summary>
    public void StopSpeaking() => _stopRequested = true;

    private async Task RunAsync()
    {
        var chunk = new short[TickSamples];
        // emitted: samples of wall time accounted for (skipped ones included), which paces the ticks; written: samples
        // really written, which is the media time axis the reader (features, frames) sees. They differ once a stall
        // was skipped, so phones are placed by written, never by emitted.
        long start = Stopwatch.GetTimestamp(), emitted = 0, written = 0;
        PipeWriter writer = _pipe.Writer;
        Exception? failure = null;
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                long due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * SampleRate);
                if (due - emitted > MaxCatchUpSamples)
                {
                    long skip = (due - emitted) / TickSamples * TickSamples;
                    _counters.AddDropped(skip * sizeof(short));
                    emitted += skip;
                }
                while (emitted + TickSamples <= due)
                {
                    Fill(chunk, written);
                    Loudness.Add(chunk);
                    writer.Write(MemoryMarshal.AsBytes(chunk.AsSpan()));
                    _counters.AddBytes(TickSamples * sizeof(short));
                    emitted += TickSamples;
                    written += TickSamples;
                }
                FlushResult f = await writer.FlushAsync(_cts.Token).ConfigureAwait(false);
                if (f.IsCompleted) break;
                double untilNext = (emitted + TickSamples) / (double)SampleRate - Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (untilNext > 0) await Task.Delay(TimeSpan.FromSeconds(untilNext), _cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }
        await writer.CompleteAsync(failure).ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    /// <summary>
    /// One tick: queued speech, else flowing TTS audio, else silence; always exactly TickSamples. <paramref name="media"/>
    /// is the sample index (on the reader's axis) of the chunk's first sample.
    /// </summary>
    private void Fill(Span<short> chunk, long media)
    {
        if (_stopRequested)
        {
            _stopRequested = false;
            while (_speech.TryDequeue(out _)) { }
            _current = null;
            DiscardInner();
            TtsPhones.Clear();
            Phones.CutAt(media / (double)SampleRate);
            SpeechCut?.Invoke(media / (double)SampleRate);
        }
        int n = 0;
        while (n < chunk.Length)
        {
            if (_current is null || _currentOffset == _current.Length)
            {
                if (!_speech.TryDequeue(out var next)) { _current = null; break; }
                _current = next.Pcm;
                _currentOffset = 0;
                if (next.Phones is { } phones)
                {
                    Phones.Add((media + n) / (double)SampleRate, phones);
                    SpeechStarted?.Invoke((media + n) / (double)SampleRate, next.Pcm, phones);
                }
            }
            int take = Math.Min(chunk.Length - n, _current.Length - _currentOffset);
            _current.AsSpan(_currentOffset, take).CopyTo(chunk[n..]);
            _currentOffset += take;
            n += take;
        }
        if (n == 0) n = TakeInner(chunk, media);
        _speaking = n > 0;
        chunk[n..].Clear();
    }

    private int TakeInner(Span<short> chunk, long media)
    {
        if (_inner is null) return 0;
        bool got = _inner.Reader.TryRead(out ReadResult r);
        long samples = got ? r.Buffer.Length / sizeof(short) : 0;
        if (samples == 0)
        {
            // Nothing (or the TTS paused): silence, and re-fill the jitter buffer before the next words.
            if (got) _inner.Reader.AdvanceTo(r.Buffer.Start);
            _innerFlowing = false;
            _innerWaitingSinceTs = 0;
            return 0;
        }
        if (!_innerFlowing)
        {
            if (_innerWaitingSinceTs == 0) _innerWaitingSinceTs = Stopwatch.GetTimestamp();
            bool waited = Stopwatch.GetElapsedTime(_innerWaitingSinceTs).TotalSeconds * SampleRate >= JitterSamples;
            if (samples < JitterSamples && !waited)
            {
                _inner.Reader.AdvanceTo(r.Buffer.Start);
                return 0;
            }
            _innerFlowing = true;
        }
        int take = (int)Math.Min(samples, chunk.Length);
        r.Buffer.Slice(0, take * sizeof(short)).CopyTo(MemoryMarshal.AsBytes(chunk));
        _inner.Reader.AdvanceTo(r.Buffer.GetPosition(take * sizeof(short)));
        PlaceTtsPhones(take, media);
        return take;
    }

    /// <summary>The next <paramref name="count"/> inner samples play from media sample <paramref name="media"/>: places their phones.</summary>
    private void PlaceTtsPhones(int count, long media)
    {
        long at = _innerSamples;
        _innerSamples += count;
        while (count > 0)
        {
            int connection = 1;
            long start = 0, next = long.MaxValue;
            if (_connections is not null && !_connections.TryLocate(at, out connection, out start, out next)) return;
            // A tick may straddle two connections: each part is timed on its own connection's axis.
            int n = (int)Math.Min(count, next - at);
            TtsPhones.Played(connection, at - start, media, n);
            at += n;
            media += n;
            count -= n;
        }
    }

    private void DiscardInner()
    {
        if (_inner is null || !_inner.Reader.TryRead(out ReadResult r)) return;
        long whole = r.Buffer.Length / sizeof(short) * sizeof(short);
        _counters.AddDropped(whole);
        _innerSamples += whole / sizeof(short);
        _inner.Reader.AdvanceTo(r.Buffer.GetPosition(whole));
        _innerFlowing = false;
        _innerWaitingSinceTs = 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _cts.CancelAsync().ConfigureAwait(false);
        try { await Completion.ConfigureAwait(false); } catch (Exception) { /* reported through the reader already */ }
        if (_inner is not null) await _inner.DisposeAsync().ConfigureAwait(false);
        _cts.Dispose();
    }
}
