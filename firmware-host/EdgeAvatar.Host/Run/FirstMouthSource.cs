using EdgeAvatar.Render.Mouth;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// Asks its sources in order and takes the first that has the frame: the daemon's said text (exact, computed per
/// utterance) before phones streamed beside TTS audio. All sources give the same K values a frame.
/// </summary>
public sealed class FirstMouthSource : IMouthSource
{
    private readonly IMouthSource[] _sources;

    public FirstMouthSource(params IMouthSource[] sources)
    {
        if (sources.Length == 0) throw new ArgumentException("no mouth sources.", nameof(sources));
        if (sources.Any(s => s.Measures != sources[0].Measures))
            throw new ArgumentException("the mouth sources give different numbers of values a frame.", nameof(sources));
        _sources = sources;
    }

    public int Measures => _sources[0].Measures;

    public bool TryGet(long frame, Span<float> measures)
    {
        foreach (var s in _sources)
            if (s.TryGet(frame, measures)) return true;
        return false;
    }
}
