using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeAvatar.Common;
using EdgeAvatar.Host.Alsa;

namespace EdgeAvatar.Host.Output;

/// <summary>
/// Plays the speech the avatar is rendering from (file or TTS source) through an ALSA playback device, and is the
/// master clock frames are paced against: <see cref="Now"/> is the media time of the sample leaving the speaker.
/// <para>
/// Audio is queued as it arrives (<see cref="Enqueue"/>) but held until <see cref="Start"/>, which the run loop calls
/// when the first frame is rendered: the render's look-ahead and first-frame latency are thus absorbed before the
/// first sample is heard, and frame k (presentation time k·40 ms) is due exactly when sample k·640 plays.
/// The queue needs no bound of its own: the loop renders at most a look-ahead ahead of <see cref="Now"/> (the pacer
/// holds early frames) and the source pipe stops its writer past its pause threshold.
/// </para>
/// <para>
/// Clock: heard = written − snd_pcm_delay, sampled after every write (one period, ~20 ms) and extrapolated at the
/// sample rate in between, never past what was written (a TTS gap stalls the clock, and the video with it). It is
/// capped at 1.001 × the wall time since <see cref="Start"/> so a device that swallows samples faster than real time
/// (alsa-lib's null device, a file plugin) cannot run the clock ahead; a real card's crystal is within ~100 ppm of
/// the wall clock, well inside the cap. Invariant: <see cref="Now"/> never decreases.
/// </para>
/// One thread owns the device (alsa-lib handles are not thread-safe): it writes, recovers underruns (counted in
/// <see cref="Underruns"/>), drains at the end and closes the device.
/// </summary>
public sealed class AudioPlayer : IPlaybackClock, IDisposable
{
    private const double WallCapRatio = 1.001;
    private static readonly TimeSpan FreshQuery = TimeSpan.FromMilliseconds(2);
    private readonly IPcmPlaybackDevice _device;
    private readonly BlockingCollection<short[]> _queue = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private readonly double _rate;
    private byte? _carry;          // odd byte of a sample split across Enqueue calls
    private long _written;         // frames accepted by the device
    private long _heard;           // written − delay at the last snapshot
    private long _snapshotTs;      // Stopwatch timestamp of that snapshot
    private bool _running;         // the device is playing (extrapolate between snapshots)
    private long _startTs;         // 0 until Start
    private TimeSpan _last;
    private volatile bool _stop;

    internal AudioPlayer(IPcmPlaybackDevice device)
    {
        _device = device;
        _rate = device.Format.SampleRate;
        _thread = new Thread(PlaybackLoop) { IsBackground = true, Name = $"alsa-playback {device.Format.Device}" };
    }

    /// <summary>Opens <paramref name="device"/> (an ALSA PCM name) for 16 kHz mono playback, 20-ms periods, 4 of them.</summary>
    public static AudioPlayer Open(string device)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        return new AudioPlayer(AlsaPcmDevice.Open(device, AlsaDirection.Playback, periodMs: 20, periods: 4));
    }

    public AlsaPcmFormat Format => _device.Format;
    public string Description => $"alsa:{Format.Device} ({Format.SampleRate} Hz mono, {Format.BufferDuration.TotalMilliseconds:0} ms buffer)";
    public long Underruns { get; private set; }

    /// <summary>Completes when the last queued sample was played (after <see cref="Complete"/>), or faults.</summary>
    public Task Completion => _done.Task;

    public TimeSpan Now
    {
        get
        {
            lock (_gate)
            {
                if (_startTs == 0) return TimeSpan.Zero;
                long ts = Stopwatch.GetTimestamp();
                double heard = _heard;
                if (_running) heard = Math.Min(_written, heard + Stopwatch.GetElapsedTime(_snapshotTs, ts).TotalSeconds * _rate);
                double seconds = Math.Min(heard / _rate, Stopwatch.GetElapsedTime(_startTs, ts).TotalSeconds * WallCapRatio);
                var now = TimeSpan.FromSeconds(seconds);
                if (now > _last) _last = now;
                return _last;
            }
        }
    }

    /// <summary>Queues s16le mono PCM at the device rate (the sources' format); a sample split across calls is kept.</summary>
    public void Enqueue(ReadOnlySequence<byte> pcm)
    {
        long total = pcm.Length + (_carry is null ? 0 : 1);
        if (total < 2)
        {
            if (pcm.Length == 1) _carry = pcm.FirstSpan[0];
            return;
        }
        var bytes = new byte[total & ~1L];
        int at = 0;
        if (_carry is byte c) { bytes[0] = c; at = 1; }
        var taken = pcm.Slice(0, bytes.Length - at);
        taken.CopyTo(bytes.AsSpan(at));
        _carry = total % 2 == 1 ? pcm.Slice(taken.Length).FirstSpan[0] : null;
        // Little-endian hosts only (x86-64, aarch64), as the sources' s16le promises.
        try
        {
            _queue.Add(MemoryMarshal.Cast<byte, short>(bytes).ToArray());
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException && _stop)
        {
            // Stopped or disposed while the source still delivered: nothing will play it.
        }
    }

    /// <summary>Starts the clock at media time 0 and the device playing what is queued. Idempotent.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_startTs != 0) return;
            _startTs = _snapshotTs = Stopwatch.GetTimestamp();
        }
        _thread.Start();
    }

    /// <summary>
    /// No more audio: once started, play out what is queued, then complete <see cref="Completion"/>. Does not start
    /// playback itself (a file source usually ends before the first frame is rendered).
    /// </summary>
    public void Complete()
    {
        if (!_stop && !_queue.IsAddingCompleted) _queue.CompleteAdding();
    }

    /// <summary>Waits in media time, approximated by the wall clock (the pacer re-reads <see cref="Now"/> after).</summary>
    public ValueTask DelayAsync(TimeSpan delay, CancellationToken ct)
        => delay > TimeSpan.Zero ? new ValueTask(Task.Delay(delay, ct)) : ValueTask.CompletedTask;

    private void PlaybackLoop()
    {
        try
        {
            foreach (short[] chunk in _queue.GetConsumingEnumerable())
            {
                for (int offset = 0; offset < chunk.Length && !_stop;)
                {
                    long n = _device.Write(chunk.AsSpan(offset));
                    if (n == -Interop.Alsa.EAgain) continue;
                    if (n < 0)
                    {
                        if (n == -Interop.Alsa.EPipe) Underruns++;
                        int r = _device.Recover((int)n);
                        if (r < 0)
                            throw new EdgeAvatarException(ExitCodes.IoError,
                                $"ALSA playback on '{Format.Device}' failed: {Interop.Alsa.ErrorText(r)}.");
                        continue;
                    }
                    offset += (int)n;
                    long before = Stopwatch.GetTimestamp();
                    long delay = _device.Delay();
                    long ts = Stopwatch.GetTimestamp(); // when the delay was true, not when the lock was free
                    // A query this thread was preempted in is stale by an unknown amount: keep extrapolating the last.
                    bool fresh = Stopwatch.GetElapsedTime(before, ts) < FreshQuery;
                    lock (_gate)
                    {
                        _written += n;
                        if (fresh || delay <= 0)
                        {
                            // After an underrun the delay query fails until the stream restarts: all written was heard.
                            _heard = Math.Max(_heard, _written - Math.Max(0, delay));
                            _snapshotTs = ts;
                            _running = delay > 0;
                        }
                    }
                }
                if (_stop) break;
            }
            if (!_stop) _ = _device.Drain();
            lock (_gate)
            {
                _heard = _written;
                _running = false;
            }
            _done.TrySetResult();
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
        }
        finally
        {
            _device.Dispose();
        }
    }

    /// <summary>Stops playback within a period (whatever is still queued is discarded) and closes the device.</summary>
    public void Dispose()
    {
        _stop = true;
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(2));
        else if (_startTs == 0) _device.Dispose();
        if (!_thread.IsAlive) _queue.Dispose();
    }
}
