using System.Diagnostics;
using EdgeAvatar.Host.Alsa;
using EdgeAvatar.Host.Output;

namespace EdgeAvatar.Host.Tests.Output;

/// <summary>
/// A playback device that behaves like a sound card in real time: its DAC consumes 16 kHz from the moment of the
/// first write, a write blocks while the ring (<paramref name="bufferFrames"/>) is full, and when the ring runs dry
/// the stream underruns: the next write returns −EPIPE until Recover, as alsa-lib does. <see cref="PlayedFrames"/>
/// is the ground truth the player's clock is checked against. Optionally it swallows samples like alsa-lib's null
/// device (instant writes, zero delay).
/// </summary>
internal sealed class SimulatedSoundCard(int bufferFrames, bool swallow = false) : IPcmPlaybackDevice
{
    private const int Rate = 16000;
    private readonly Lock _gate = new();
    private readonly List<short> _samples = [];
    private long _startTs, _written, _playedBeforeStart;
    private bool _xrun;

    public AlsaPcmFormat Format { get; } = new("simulated", AlsaDirection.Playback, Rate, 1, bufferFrames / 4, bufferFrames);
    public int Underruns { get; private set; }
    public bool Disposed { get; private set; }
    public IReadOnlyList<short> Samples { get { lock (_gate) return [.. _samples]; } }

    /// <summary>Frames that have left the DAC now (never more than were written).</summary>
    public long PlayedFrames { get { lock (_gate) return Played(); } }

    private long Played()
    {
        if (swallow) return _written;
        if (_startTs == 0) return _playedBeforeStart;
        long byClock = _playedBeforeStart + (long)(Stopwatch.GetElapsedTime(_startTs).TotalSeconds * Rate);
        if (byClock >= _written && !_xrun && _written > _playedBeforeStart)
        {
            // Ran dry: the stream stops here (an underrun) until the next write is recovered.
            _xrun = true;
            Underruns++;
        }
        return Math.Min(byClock, _written);
    }

    public long Write(ReadOnlySpan<short> samples)
    {
        while (true)
        {
            lock (_gate)
            {
                long played = Played();
                if (_xrun) return -Interop.Alsa.EPipe;
                long free = swallow ? samples.Length : bufferFrames - (_written - played);
                if (free > 0)
                {
                    int n = (int)Math.Min(free, samples.Length);
                    foreach (short s in samples[..n]) _samples.Add(s);
                    if (_startTs == 0 && !swallow) _startTs = Stopwatch.GetTimestamp();
                    _written += n;
                    return n;
                }
            }
            Thread.Sleep(2);
        }
    }

    public long Delay()
    {
        lock (_gate)
        {
            long played = Played();
            return _xrun ? -Interop.Alsa.EPipe : _written - played;
        }
    }

    public int Recover(int err)
    {
        lock (_gate)
        {
            // snd_pcm_prepare: the stream restarts at the next write.
            _playedBeforeStart = _written;
            _startTs = 0;
            _xrun = false;
        }
        return 0;
    }

    public int Drain()
    {
        while (true)
        {
            lock (_gate)
            {
                if (Played() >= _written) return 0;
            }
            Thread.Sleep(2);
        }
    }

    public void Dispose() => Disposed = true;
}
