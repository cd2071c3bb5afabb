using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// The phones being said, on the run's media time axis (seconds of PCM since the loop's first sample): each utterance
/// whose phones are known (text said through eSpeak NG, a TTS's side-channel timings) is placed at the sample where
/// its audio starts, so a frame's phone is looked up by that frame's media time and stays aligned with the speech
/// however long it waited in the queue. The feed writes it; a phone-driven mouth for live speech reads it.
/// Thread-safe; phones that ended more than <see cref="Horizon"/> before a new utterance's start or a lookup are
/// forgotten, so a daemon that says text for weeks keeps it small whether or not anything reads it.
/// </summary>
public sealed class SpokenPhoneTimeline
{
    /// <summary>How long past phones are kept behind the newest utterance or lookup.</summary>
    public const double Horizon = 10.0;

    /// <summary>
    /// Overlap below which a phone counts as ending where the next utterance starts (1 µs, a sixtieth of a sample at
    /// 16 kHz). Back-to-back phones placed one at a time get their start and the previous end from different sums, so
    /// the end can exceed the start by a rounding error; without this the newer phone would erase the older one.
    /// </summary>
    public const double Adjacent = 1e-6;

    private readonly object _gate = new();
    private readonly List<TimedPhone> _phones = [];

    /// <summary>Places <paramref name="phones"/> (times from the utterance's first sample) at <paramref name="startSeconds"/>.</summary>
    public void Add(double startSeconds, IReadOnlyList<TimedPhone> phones)
    {
        ArgumentNullException.ThrowIfNull(phones);
        lock (_gate)
        {
            // A newer utterance replaces anything still scheduled from its start on (stop, then say again).
            _phones.RemoveAll(p => p.End > startSeconds + Adjacent || p.End < startSeconds - Horizon);
            foreach (var p in phones) _phones.Add(new TimedPhone(p.Phone, p.Start + startSeconds, p.End + startSeconds));
        }
    }

    /// <summary>Forgets everything from <paramref name="seconds"/> on (speech cut off by stop).</summary>
    public void CutAt(double seconds)
    {
        lock (_gate)
        {
            _phones.RemoveAll(p => p.Start >= seconds);
            int last = _phones.Count - 1;
            if (last >= 0 && _phones[last].End > seconds) _phones[last] = _phones[last] with { End = seconds };
        }
    }

    /// <summary>The phone covering <paramref name="seconds"/>, or null when no known phone does (idle, or unknown audio).</summary>
    public string? PhoneAt(double seconds)
    {
        lock (_gate)
        {
            _phones.RemoveAll(p => p.End < seconds - Horizon);
            foreach (var p in _phones)
                if (p.Covers(seconds)) return p.Phone;
            return null;
        }
    }

    /// <summary>
    /// Copies of the known phones that overlap [<paramref name="from"/>, <paramref name="to"/>) seconds, times on the media
    /// axis, in the order they were placed (the window a phone-driven mouth reads for one frame).
    /// </summary>
    public List<TimedPhone> Overlapping(double from, double to)
    {
        lock (_gate)
        {
            _phones.RemoveAll(p => p.End < from - Horizon);
            return _phones.Where(p => p.End > from && p.Start < to).ToList();
        }
    }
}
