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
    // Each track with the first frame it no longer plays: its own end, or earlier once speech was cut (CutAt).
    private readonly List<(PhoneMouthTrack Track, long End)> _tracks = [];

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
        lock (_lock) _tracks.Add((track, track.StartFrame + track.Frames));
    }

    public bool TryGet(long frame, Span<float> measures)
    {
        lock (_lock)
        {
            _tracks.RemoveAll(t => t.End <= frame);
            for (int i = _tracks.Count - 1; i >= 0; i--)
                if (frame < _tracks[i].End && _tracks[i].Track.TryGet(frame, measures)) return true;
            return false;
        }
    }

    /// <summary>
    /// Speech cut off by stop at <paramref name="frame"/>: no track held now plays that frame or later (the audio
    /// network's mouth takes over); tracks added afterwards play in full.
    /// </summary>
    public void CutAt(long frame)
    {
        lock (_lock)
        {
            _tracks.RemoveAll(t => t.Track.StartFrame >= frame);
            for (int i = 0; i < _tracks.Count; i++)
                _tracks[i] = (_tracks[i].Track, Math.Min(_tracks[i].End, frame));
        }
    }
}
