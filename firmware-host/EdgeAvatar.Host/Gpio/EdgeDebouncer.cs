namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// Software debounce of one input line by stability: a new level is reported only once no further edge has arrived
/// for <see cref="Window"/>. Contact bounce (a burst of edges within the window) therefore reports nothing or the one
/// level the burst settled on, never the intermediate ones, and a glitch shorter than the window is ignored.
/// Pure and single-threaded: the caller feeds edges and the clock, which makes it testable without hardware.
/// <para>Invariant: <see cref="Level"/> only changes through a returned <see cref="DebouncedChange"/>.</para>
/// </summary>
public sealed class EdgeDebouncer
{
    private bool _hasPending;
    private bool _pendingLevel;
    private TimeSpan _pendingSince;

    public EdgeDebouncer(TimeSpan window, bool initialLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        Window = window;
        Level = initialLevel;
    }

    public TimeSpan Window { get; }

    /// <summary>The last reported (stable) level.</summary>
    public bool Level { get; private set; }

    /// <summary>When the pending level becomes stable if no edge arrives first; null when nothing is pending.</summary>
    public TimeSpan? Deadline => _hasPending ? _pendingSince + Window : null;

    /// <summary>
    /// Feeds an edge (the level after it, at its timestamp). Returns the previous pending level if it had been
    /// stable for the window before this edge arrived (the edge itself then starts a new pending period).
    /// </summary>
    public DebouncedChange? OnEdge(bool level, TimeSpan at)
    {
        DebouncedChange? settled = null;
        if (_hasPending && at - _pendingSince >= Window)
            settled = Commit();
        _hasPending = true;
        _pendingLevel = level;
        _pendingSince = at;
        if (settled is null && Window == TimeSpan.Zero)
            settled = Commit();
        return settled;
    }

    /// <summary>Advances the clock: returns the pending level once it has been stable for the window.</summary>
    public DebouncedChange? OnTime(TimeSpan now)
        => _hasPending && now - _pendingSince >= Window ? Commit() : null;

    private DebouncedChange? Commit()
    {
        _hasPending = false;
        if (_pendingLevel == Level)
            return null; // the line bounced back to where it was: no change
        Level = _pendingLevel;
        return new DebouncedChange(Level, _pendingSince);
    }
}
