using System.Buffers;
using System.Diagnostics;
using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Phones recognised from the PCM the render loop reads, for speech whose phones nobody sends (a microphone, a TTS
/// without the phone side channel): the tap hands every sample to <see cref="Write"/>, a worker thread runs
/// <see cref="StreamingPhoneRecognizer"/> on it, and each report lands on <see cref="Phones"/> on the media axis
/// (sample 0 = the first sample read), beside the same samples' levels in <see cref="Loudness"/>. A phone-driven
/// mouth (<c>StreamedPhoneMouth</c>) reads both without waiting.
/// <para>
/// Never stalls the loop: <see cref="Write"/> only copies and queues. If a chunk has waited more than
/// <see cref="MaxWaitSeconds"/> for the recogniser (a slow device, a loaded CPU), or more than
/// <see cref="MaxQueuedSeconds"/> of audio is queued, the backlog is skipped, counted in
/// <see cref="SkippedSeconds"/>, and its frames get no phones. A recogniser failure is reported once through the
/// warning callback and recognition stops; rendering goes on with the model's rest mouth.
/// </para>
/// <see cref="Lag"/> gives, per written chunk, the wall time from its arrival to its phones being published.
/// <para>
/// A renderer that reads audio faster than real time (catching up after a stall, or slower than real time on a loaded
/// device) would render every frame before its phones exist, since the recogniser sees each chunk when the renderer
/// does: <see cref="WaitUntilDecoded"/> lets it wait, bounded, until the audio under a frame's window is decoded.
/// </para>
/// </summary>
public sealed class LivePhoneRecognition : IDisposable
{
    /// <summary>Longest a chunk may wait for the recogniser before the backlog is skipped (the recogniser is behind).</summary>
    public const double MaxWaitSeconds = 1.0;

    /// <summary>
    /// Most audio queued at once before the backlog is skipped. Larger than <see cref="MaxWaitSeconds"/>: when the render
    /// loop catches up (after start-up, a model reload) the tap hands over seconds of audio in one read, which the
    /// recogniser decodes several times faster than real time.
    /// </summary>
    public const double MaxQueuedSeconds = 5.0;

    private const int LagKept = 4096;

    private readonly StreamingPhoneRecognizer _recognizer;
    private readonly Action<string> _warn;
    private readonly Lock _lock = new();
    private readonly Queue<(short[] Pcm, long Timestamp)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _worker;
    private readonly double[] _lagMs = new double[LagKept];
    private long _lagCount;
    private long _queuedSamples;
    private long _writtenSamples;
    private long _decodedSamples; // samples pushed to the recogniser or skipped
    private readonly object _progress = new(); // pulsed when _decodedSamples grows or the worker stops
    private volatile bool _stopped; // the worker has returned, after completing or failing
    private long _skippedSamples;
    private int _carry = -1; // the odd byte of a sample split between two writes, or -1
    private bool _completed;
    private volatile bool _failed;

    public LivePhoneRecognition(Action<string> warn, PhoneRecognizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(warn);
        _warn = warn;
        _recognizer = new StreamingPhoneRecognizer((start, phones) => Phones.Add(start, phones), options);
        _worker = new Thread(Work) { IsBackground = true, Name = "phone recogniser" };
        _worker.Start();
    }

    /// <summary>The recognised phones on the media axis (seconds from the first sample written).</summary>
    public SpokenPhoneTimeline Phones { get; } = new();

    /// <summary>Levels of every sample written, on the same axis.</summary>
    public MediaLoudness Loudness { get; } = new();

    /// <summary>True once the worker has stopped: after <see cref="Complete"/> and the final phones, or after a failure.</summary>
    public bool Finished => !_worker.IsAlive;

    /// <summary>Seconds of audio skipped because the recogniser fell behind.</summary>
    public double SkippedSeconds => Interlocked.Read(ref _skippedSamples) / (double)PhoneRecognizer.SampleRate;

    /// <summary>The tap's observer: s16le 16-kHz mono bytes, in order (a sample may straddle two calls).</summary>
    public void Write(ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        int total = (int)bytes.Length + (_carry >= 0 ? 1 : 0);
        var raw = new byte[total];
        int at = 0;
        if (_carry >= 0) raw[at++] = (byte)_carry;
        bytes.CopyTo(raw.AsSpan(at));
        int samples = total / 2;
        _carry = total % 2 == 1 ? raw[^1] : -1;
        if (samples == 0) return;
        var pcm = new short[samples];
        for (int i = 0; i < samples; i++) pcm[i] = (short)(raw[2 * i] | (raw[(2 * i) + 1] << 8));
        Loudness.Add(pcm);
        if (_failed) return;
        lock (_lock)
        {
            if (_completed) return;
            _queue.Enqueue((pcm, Stopwatch.GetTimestamp()));
            _queuedSamples += samples;
            Interlocked.Add(ref _writtenSamples, samples);
        }
        _signal.Release();
    }

    /// <summary>No more audio: the open utterance is ended and its final phones published.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_completed) return;
            _completed = true;
        }
        _signal.Release();
    }

    /// <summary>
    /// Waits until the recogniser has decoded (or skipped) the stream up to <paramref name="mediaSeconds"/>, or all that
    /// was written if that is less, so the phones of that audio are published; at most <paramref name="timeout"/>.
    /// Returns at once when recognition has stopped (completed or failed). True when the audio is decoded.
    /// </summary>
    public bool WaitUntilDecoded(double mediaSeconds, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency);
        lock (_progress)
        {
            while (true)
            {
                long target = Math.Min((long)Math.Ceiling(mediaSeconds * PhoneRecognizer.SampleRate), Interlocked.Read(ref _writtenSamples));
                if (Interlocked.Read(ref _decodedSamples) >= target) return true;
                if (_stopped) return false;
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0) return false;
                Monitor.Wait(_progress, TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency));
            }
        }
    }

    /// <summary>Percentiles (ms) of the wall time from a chunk's arrival to its phones' publication, over the last chunks.</summary>
    public (double P50, double P99, long Chunks) Lag()
    {
        double[] kept;
        long n;
        lock (_lock)
        {
            n = _lagCount;
            kept = _lagMs.AsSpan(0, (int)Math.Min(n, LagKept)).ToArray();
        }
        if (kept.Length == 0) return (0, 0, 0);
        Array.Sort(kept);
        return (kept[kept.Length / 2], kept[Math.Min(kept.Length - 1, (int)(kept.Length * 0.99))], n);
    }

    private void Work()
    {
        try
        {
            while (true)
            {
                _signal.Wait();
                List<(short[] Pcm, long Timestamp)> batch;
                bool completed, skip;
                lock (_lock)
                {
                    batch = [.. _queue];
                    _queue.Clear();
                    skip = _queuedSamples > MaxQueuedSeconds * PhoneRecognizer.SampleRate
                        || (batch.Count > 0 && Stopwatch.GetElapsedTime(batch[0].Timestamp).TotalSeconds > MaxWaitSeconds);
                    _queuedSamples = 0;
                    completed = _completed;
                }
                if (skip)
                {
                    long n = batch.Sum(b => (long)b.Pcm.Length);
                    _recognizer.Skip(n);
                    Interlocked.Add(ref _skippedSamples, n);
                    Decoded(n);
                }
                else
                {
                    foreach (var (pcm, ts) in batch)
                    {
                        _recognizer.Push(pcm);
                        RecordLag(Stopwatch.GetElapsedTime(ts).TotalMilliseconds);
                        Decoded(pcm.Length);
                    }
                }
                if (completed)
                {
                    _recognizer.Flush();
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failed = true;
            _warn($"phone recognition stopped ({e.Message}); the mouth rests until the daemon restarts.");
        }
        finally
        {
            _stopped = true;
            lock (_progress) Monitor.PulseAll(_progress);
        }
    }

    private void Decoded(long samples)
    {
        Interlocked.Add(ref _decodedSamples, samples);
        lock (_progress) Monitor.PulseAll(_progress);
    }

    private void RecordLag(double ms)
    {
        lock (_lock) _lagMs[_lagCount++ % LagKept] = ms;
    }

    public void Dispose()
    {
        Complete();
        _worker.Join(TimeSpan.FromSeconds(5));
        // The semaphore is not disposed: a late Write may still release it, and it holds no handle.
        if (!_worker.IsAlive) _recognizer.Dispose();
    }
}
