using EdgeAvatar.Host.Gpio;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// What GPIO events do in this build: presence and button edges are logged (the avatar is always rendering, driven
/// by its audio source, so "wake" and "idle" need no state change yet); playing a greeting on a button press needs the
/// speak path, which is not built — logged as such. Called on GPIO threads: only logging, which is thread-safe.
/// </summary>
public sealed class RunGpioActions(JournalLogger log) : IGpioActions
{
    public void Wake() => log.Info("gpio: presence detected");

    public void Idle() => log.Info("gpio: no presence, idle");

    public void Button(string? greetingFile)
        => log.Info(greetingFile is null ? "gpio: button pressed" : $"gpio: button pressed (greeting {greetingFile} not played: speak is not built yet)");
}
