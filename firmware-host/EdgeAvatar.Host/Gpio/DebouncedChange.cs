namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// A level that stayed unchanged for the debounce window. <see cref="Since"/> is the time of the edge that started it
/// (not the time it was confirmed), so timeouts measured from it do not include the debounce delay.
/// </summary>
public readonly record struct DebouncedChange(bool Active, TimeSpan Since);
