using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// Puts the phones a TTS engine sends on the side channel onto the media time axis. A phone arrives timed from the
/// first sample of its audio connection (<see cref="StreamConnections"/>) and waits here until the feed plays that
/// sample; it is then placed on the <see cref="SpokenPhoneTimeline"/> at the media time that sample got (the jitter
/// buffer and queued speech decide that, so it cannot be known earlier). Rules, in this order:
/// <list type="bullet">
/// <item>a phone of an older connection than the audio being played is dropped (<see cref="Orphaned"/>): its audio is
/// gone, and its times mean nothing on the new connection;</item>
/// <item>a phone whose start is up to <see cref="LateTolerance"/> behind the audio being played is placed as if its
/// audio played without a gap; later than that it is dropped (<see cref="Late"/>);</item>
/// <item>at most <see cref="MaxPending"/> phones wait: more are refused by <see cref="Offer"/>, so a sender far ahead
/// of its audio cannot grow memory.</item>
/// </list>
/// Thread-safe: the phone channel offers, the feed's ticker plays and clears.
/// </summary>
public sealed class StreamPhonePlacer(SpokenPhoneTimeline timeline, int sampleRate = LiveAudioFeed.SampleRate)
{
    /// <summary>Phones waiting for their audio, at most: over a minute of speech at 15 phones a second.</summary>
    public const int MaxPending = 1024;

    /// <summary>How far behind its audio a phone may arrive and still be placed.</summary>
    public static readonly TimeSpan LateTolerance = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly List<(int Connection, TimedPhone Phone)> _pending = [];
    private long _placed, _late, _orphaned;

    public long Placed => Interlocked.Read(ref _placed);
    public long Late => Interlocked.Read(ref _late);
    public long Orphaned => Interlocked.Read(ref _orphaned);

    public int Pending
    {
        get
        {
            lock (_lock) return _pending.Count;
        }
    }

    /// <summary>Queues <paramref name="phone"/> (seconds from its audio connection's first sample); false when full.</summary>
    public bool Offer(int connection, TimedPhone phone)
    {
        lock (_lock)
        {
            if (_pending.Count >= MaxPending) return false;
            _pending.Add((connection, phone));
            return true;
        }
    }

    /// <summary>
    /// The feed played <paramref name="count"/> samples of <paramref name="connection"/>, from its sample
    /// <paramref name="sampleInConnection"/> on, at media sample <paramref name="mediaSample"/> on: places the phones
    /// that start in them (or start within <see cref="LateTolerance"/> before them).
    /// </summary>
    public void Played(int connection, long sampleInConnection, long mediaSample, int count)
    {
        long lateSamples = (long)(LateTolerance.TotalSeconds * sampleRate);
        lock (_lock)
        {
            _pending.RemoveAll(p =>
            {
                if (p.Connection < connection)
                {
                    Interlocked.Increment(ref _orphaned);
                    return true;
                }
                if (p.Connection > connection) return false;
                long start = (long)Math.Round(p.Phone.Start * sampleRate);
                if (start >= sampleInConnection + count) return false;
                if (start < sampleInConnection - lateSamples)
                {
                    Interlocked.Increment(ref _late);
                    return true;
                }
                double at = (mediaSample + (start - sampleInConnection)) / (double)sampleRate;
                timeline.Add(at, [new TimedPhone(p.Phone.Phone, 0, p.Phone.End - p.Phone.Start)]);
                Interlocked.Increment(ref _placed);
                return true;
            });
        }
    }

    /// <summary>Forgets every waiting phone (stop: their audio was discarded).</summary>
    public void Clear()
    {
        lock (_lock) _pending.Clear();
    }
}
