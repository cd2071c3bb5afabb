namespace EdgeAvatar.Render.Mouth;

/// <summary>
/// A mouth source fed while the avatar plays: one <see cref="PhoneMouthTrack"/> per utterance or sentence, each placed
/// at the driver frame its audio starts (its <see cref="PhoneMouthTrack.StartFrame"/>). The producer (a TTS thread that
/// knows the phones, or a recogniser finishing an utterance) adds tracks; the render loop reads. Where tracks overlap
/// the newest wins; tracks that ended before the frame asked for are dropped. Thread-safe; a read takes a short lock
/// and copies K floats, so it never stalls the render loop behind a producer's computation.
/// </summary>
public sealed class MouthTrackQueue : IMouthSource
{
    private readonly Lock _lock = new();
    private readonly List<PhoneMouthTrack> _tracks = [];

    public MouthTrackQueue(int measures)
    {
        if (measures < 1) throw new ArgumentOutOfRangeException(nameof(measures));
        Measures = measures;
    }

    public int Measures { get; }

    /// <summary>Tracks still held (not yet ended before the last frame read).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _tracks.Count;
        }
    }

    public void Add(PhoneMouthTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (track.Measures != Measures)
            throw new ArgumentException($"the track has {track.Measures} measures; this queue takes {Measures}.", nameof(track));
        lock (_lock) _tracks.Add(track);
    }

    public bool TryGet(long frame, Span<float> measures)
    {
        lock (_lock)
        {
            _tracks.RemoveAll(t => t.StartFrame + t.Frames <= frame);
            for (int i = _tracks.Count - 1; i >= 0; i--)
                if (_tracks[i].TryGet(frame, measures)) return true;
            return false;
        }
    }
}
