namespace EdgeAvatar.Host.Input;

/// <summary>
/// Where each client's audio begins in a socket source's sample stream (the samples its reader gets, connections
/// back to back). The TTS phone side channel times phones from the first sample of the audio connection they belong
/// to, so the feed maps a stream sample back to (connection, sample within it) here. Connections are numbered from 1
/// in the order they are accepted; 0 means none yet. Only the last <see cref="Kept"/> are remembered: a reader that is
/// so far behind that its samples belong to a forgotten connection gets no phones placed for them.
/// Thread-safe: the accepting thread writes, the feed's ticker and the phone channel read.
/// </summary>
public sealed class StreamConnections
{
    public const int Kept = 16;

    private readonly Lock _lock = new();
    private readonly List<(int Number, long Start)> _starts = [];

    /// <summary>The connection accepted last (its audio may still sit behind the previous one's), or 0.</summary>
    public int Current
    {
        get
        {
            lock (_lock) return _starts.Count == 0 ? 0 : _starts[^1].Number;
        }
    }

    /// <summary>Connection <paramref name="number"/>'s first sample will be stream sample <paramref name="startSample"/>.</summary>
    public void Begin(int number, long startSample)
    {
        lock (_lock)
        {
            if (_starts.Count > 0 && (number <= _starts[^1].Number || startSample < _starts[^1].Start))
                throw new InvalidOperationException("connections begin in order, each no earlier than the previous one.");
            _starts.Add((number, startSample));
            if (_starts.Count > Kept) _starts.RemoveAt(0);
        }
    }

    /// <summary>
    /// The connection that holds stream sample <paramref name="sample"/>, its first sample and the first sample of the
    /// next connection (<see cref="long.MaxValue"/> while there is none); false before any known connection.
    /// </summary>
    public bool TryLocate(long sample, out int number, out long start, out long next)
    {
        lock (_lock)
        {
            for (int i = _starts.Count - 1; i >= 0; i--)
            {
                if (_starts[i].Start > sample) continue;
                // An empty connection shares its start with the next one; the later number owns the samples.
                (number, start) = _starts[i];
                next = i + 1 < _starts.Count ? _starts[i + 1].Start : long.MaxValue;
                return true;
            }
            (number, start, next) = (0, 0, 0);
            return false;
        }
    }
}
