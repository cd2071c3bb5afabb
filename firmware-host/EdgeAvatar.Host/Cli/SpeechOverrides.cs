using EdgeAvatar.Audio.Speech;
using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Cli;

/// <summary>
/// run's --voice, --rate and --pitch over the config's tts.* settings (the defaults without a config). They apply to
/// --say and to everything the daemon says (say requests, a GPIO greeting text). A bad value is a usage error (64)
/// naming the option and its range, raised before anything is opened or synthesised.
/// </summary>
public static class SpeechOverrides
{
    public static SpeechSettings Apply(SpeechSettings settings, string? voice, int? rate, int? pitch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (voice is not null)
        {
            if (!SpeechText.IsVoiceName(voice))
                throw new EdgeAvatarException(ExitCodes.Usage, $"--voice '{voice}' is not an eSpeak NG voice name (like en-us, en-gb or en-us+f3).");
            settings = settings with { Voice = voice };
        }
        if (rate is int r)
        {
            if (r is < SpeechSettings.MinRate or > SpeechSettings.MaxRate)
                throw new EdgeAvatarException(ExitCodes.Usage, $"--rate must be {SpeechSettings.MinRate}..{SpeechSettings.MaxRate} words per minute, not {r}.");
            settings = settings with { Rate = r };
        }
        if (pitch is int p)
        {
            if (p is < SpeechSettings.MinPitch or > SpeechSettings.MaxPitch)
                throw new EdgeAvatarException(ExitCodes.Usage, $"--pitch must be {SpeechSettings.MinPitch}..{SpeechSettings.MaxPitch} (50 is normal), not {p}.");
            settings = settings with { Pitch = p };
        }
        return settings;
    }
}
