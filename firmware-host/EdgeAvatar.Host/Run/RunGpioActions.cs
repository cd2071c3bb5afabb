using EdgeAvatar.Host.Gpio;
using EdgeAvatar.Host.Input;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// What GPIO events do: presence edges are logged (the avatar always renders, idle between utterances, so "wake" and
/// "idle" need no state change yet); a button press speaks the configured greeting through the live audio feed
/// (decoded on a worker, never on the GPIO thread) or says the configured greeting text (synthesised on a worker), or
/// is logged when there is no feed or no greeting.
/// </summary>
public sealed class RunGpioActions(JournalLogger log, LiveAudioFeed? feed = null, Func<string, Task>? say = null, string? greetingText = null) : IGpioActions
{
    public void Wake() => log.Info("gpio: presence detected");

    public void Idle() => log.Info("gpio: no presence, idle");

    public void Button(string? greetingFile)
    {
        if (greetingText is not null && say is not null)
        {
            log.Info("gpio: button pressed, saying the greeting text");
            _ = Task.Run(async () =>
            {
                try { await say(greetingText).ConfigureAwait(false); }
                catch (Exception e) { log.Error($"gpio: greeting text not said: {e.Message}"); }
            });
            return;
        }
        if (greetingFile is null || feed is null)
        {
            log.Info(greetingFile is null ? "gpio: button pressed" : $"gpio: button pressed (greeting {greetingFile} not played: the audio source is not live)");
            return;
        }
        log.Info($"gpio: button pressed, speaking {greetingFile}");
        _ = Task.Run(() =>
        {
            try { feed.Speak(RunControl.DecodeSpeech(greetingFile)); }
            catch (Exception e) { log.Error($"gpio: greeting {greetingFile} not played: {e.Message}"); }
        });
    }
}
