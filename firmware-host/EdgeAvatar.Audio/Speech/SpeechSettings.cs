using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// How text is spoken: eSpeak voice (a voice name such as "en-us", optionally with a variant, "en-us+f3"), speaking
/// rate in words per minute, base pitch, and the longest text accepted. The daemon reads these from its config
/// (tts.*); a request may name another language, which keeps the voice's variant.
/// </summary>
public sealed record SpeechSettings
{
    public const int MinRate = 80, MaxRate = 450, DefaultRate = 175;
    public const int MinPitch = 0, MaxPitch = 100, DefaultPitch = 50;
    public const int DefaultMaxChars = 500;
    /// <summary>The ceiling for tts.max_chars: a few minutes of speech, never an audiobook.</summary>
    public const int MaxMaxChars = 5000;

    public string Voice { get; init; } = "en-us";
    public int Rate { get; init; } = DefaultRate;
    public int Pitch { get; init; } = DefaultPitch;
    public int MaxChars { get; init; } = DefaultMaxChars;

    /// <summary>The voice's language part ("en-us" of "en-us+f3").</summary>
    public string Language => Voice.Split('+')[0];

    /// <summary>The voice's variant suffix ("+f3"), or "".</summary>
    public string Variant => Voice.Contains('+') ? Voice[Voice.IndexOf('+')..] : "";

    /// <summary>Range checks (the config parser checks too; this guards settings built in code).</summary>
    /// <exception cref="EdgeAvatarException">Usage (64) for a value out of range.</exception>
    public void Check()
    {
        if (Rate is < MinRate or > MaxRate) throw new EdgeAvatarException(ExitCodes.Usage, $"the speaking rate must be {MinRate}..{MaxRate} words per minute, not {Rate}.");
        if (Pitch is < MinPitch or > MaxPitch) throw new EdgeAvatarException(ExitCodes.Usage, $"the pitch must be {MinPitch}..{MaxPitch}, not {Pitch}.");
        if (MaxChars is < 1 or > MaxMaxChars) throw new EdgeAvatarException(ExitCodes.Usage, $"the text limit must be 1..{MaxMaxChars} characters, not {MaxChars}.");
        if (!SpeechText.IsVoiceName(Voice)) throw new EdgeAvatarException(ExitCodes.Usage, $"'{Voice}' is not an eSpeak voice name (like en-us or en-us+f3).");
    }
}
