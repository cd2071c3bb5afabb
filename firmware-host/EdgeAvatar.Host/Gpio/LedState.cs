namespace EdgeAvatar.Host.Gpio;

/// <summary>What the status LED shows (see <see cref="LedPattern"/> for the timing).</summary>
public enum LedState
{
    Off,
    /// <summary>Steady on: rendering, idle or listening.</summary>
    Ready,
    /// <summary>Slow blink: the avatar is speaking.</summary>
    Speaking,
    /// <summary>Fast blink: something needs a technician (no audio input, model failed to load).</summary>
    Fault,
}
