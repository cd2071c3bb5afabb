namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// The LED's level as a function of its state and the time since the state was set: Ready steady on; Speaking 2 Hz
/// (250 ms on / 250 ms off); Fault 8 Hz (62.5 ms on / off), distinguishable at a glance. Every blink starts with "on",
/// so a state change is visible at once.
/// </summary>
public static class LedPattern
{
    public static readonly TimeSpan SpeakingHalfPeriod = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan FaultHalfPeriod = TimeSpan.FromMilliseconds(62.5);

    /// <summary>Whether the LED is lit <paramref name="elapsed"/> after entering <paramref name="state"/>.</summary>
    public static bool IsOn(LedState state, TimeSpan elapsed) => HalfPeriod(state) is { } half
        ? Math.Max(0, elapsed.Ticks) / half.Ticks % 2 == 0
        : state == LedState.Ready;

    /// <summary>Time since entering the state at which the level next changes; null for steady states.</summary>
    public static TimeSpan? NextChange(LedState state, TimeSpan elapsed) => HalfPeriod(state) is { } half
        ? TimeSpan.FromTicks((Math.Max(0, elapsed.Ticks) / half.Ticks + 1) * half.Ticks)
        : null;

    private static TimeSpan? HalfPeriod(LedState state) => state switch
    {
        LedState.Speaking => SpeakingHalfPeriod,
        LedState.Fault => FaultHalfPeriod,
        _ => null,
    };
}
