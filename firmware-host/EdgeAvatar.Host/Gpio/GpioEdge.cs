namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// One edge on an input line. <see cref="Active"/> is the logical level after the edge (true = rising after any
/// active-low inversion, i.e. the sensor/button became active). <see cref="Timestamp"/> is on the monotonic clock of
/// the <see cref="TimeProvider"/> the consumer uses (elapsed since that provider's timestamp 0), so debounce and
/// idle timeouts compare edge times and "now" on one clock.
/// </summary>
public readonly record struct GpioEdge(bool Active, TimeSpan Timestamp);
