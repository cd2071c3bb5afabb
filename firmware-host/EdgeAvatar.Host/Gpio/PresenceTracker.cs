namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// Turns a debounced presence level into Wake/Idle: presence wakes an idle avatar; absence only idles it after
/// <see cref="IdleTimeout"/> without any presence (a person standing still drops a PIR sensor's output for a few
/// seconds; re-detection before the timeout cancels it). Pure and single-threaded, starts idle.
/// </summary>
public sealed class PresenceTracker
{
    private bool _present;
    private TimeSpan _absentSince;

    public PresenceTracker(TimeSpan idleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(idleTimeout, TimeSpan.Zero);
        IdleTimeout = idleTimeout;
    }

    public TimeSpan IdleTimeout { get; }

    public bool IsAwake { get; private set; }

    /// <summary>When the avatar goes idle if presence does not return; null when awake with presence, or idle.</summary>
    public TimeSpan? IdleDeadline => IsAwake && !_present ? _absentSince + IdleTimeout : null;

    public PresenceAction OnPresence(bool present, TimeSpan at)
    {
        _present = present;
        if (present)
        {
            if (IsAwake)
                return PresenceAction.None;
            IsAwake = true;
            return PresenceAction.Wake;
        }
        _absentSince = at;
        return OnTime(at);
    }

    public PresenceAction OnTime(TimeSpan now)
    {
        if (IdleDeadline is not { } deadline || now < deadline)
            return PresenceAction.None;
        IsAwake = false;
        return PresenceAction.Idle;
    }
}
