namespace EdgeAvatar.Host.Gpio;

/// <summary>
/// What GPIO inputs ask the daemon to do; implemented by the daemon. Calls arrive on the GPIO watcher threads (one per
/// input line, so two calls may run concurrently): implementations must be thread-safe and return quickly (post to
/// the render loop, don't render here). An exception thrown here is logged and the watcher keeps running.
/// </summary>
public interface IGpioActions
{
    /// <summary>The presence sensor saw someone while the avatar was idle.</summary>
    void Wake();

    /// <summary>Nobody has been present for gpio.idle_timeout_s.</summary>
    void Idle();

    /// <summary>
    /// The button was pressed (debounced; release is not reported). <paramref name="greetingFile"/> is gpio.greeting:
    /// play it, or start listening when it is null.
    /// </summary>
    void Button(string? greetingFile);
}
