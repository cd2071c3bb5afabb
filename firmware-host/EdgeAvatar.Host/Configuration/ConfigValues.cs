using System.Globalization;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Configuration;

/// <summary>
/// Parsers for single config values. Each throws <see cref="ConfigValueException"/> with a message that names the key,
/// what is allowed and what was found, so the operator can fix the line without reading code.
/// </summary>
internal static class ConfigValues
{
    public static int Integer(string key, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new ConfigValueException($"{key} must be an integer from {min} to {max}, got '{value}'");
        return n;
    }

    /// <summary>A key that only documents a fixed value: anything else is refused, never silently ignored.</summary>
    public static int FixedInteger(string key, string value, int only, string why)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) || n != only)
            throw new ConfigValueException($"{key} can only be {only} ({why}), got '{value}'");
        return n;
    }

    public static int EvenInteger(string key, string value, int min, int max)
    {
        int n = Integer(key, value, min, max);
        return n % 2 == 0 ? n : throw new ConfigValueException(
            $"{key} must be even (video sinks use 4:2:0 chroma, which halves the size), got {n}");
    }

    public static bool Boolean(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new ConfigValueException($"{key} must be true or false, got '{value}'"),
    };

    public static string AbsolutePath(string key, string value)
        => Path.IsPathRooted(value) ? value : throw new ConfigValueException($"{key} must be an absolute path, got '{value}'");

    public static LogLevel Level(string key, string value) => value.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => throw new ConfigValueException($"{key} must be debug, info, warning, error or critical, got '{value}'"),
    };

    /// <summary>audio: alsa:&lt;pcm&gt; | unix:&lt;absolute socket path&gt; | none.</summary>
    public static EndpointSpec AudioSource(string key, string value)
    {
        EndpointSpec spec = EndpointSpec.Parse(value);
        return spec switch
        {
            { Scheme: "alsa", Argument.Length: > 0 } => spec,
            { Scheme: "unix", Argument: { } path } when Path.IsPathRooted(path) => spec,
            { Scheme: "none", Argument: null } => spec,
            _ => throw new ConfigValueException(
                $"{key} must be alsa:<pcm> (alsa:default, alsa:plughw:CARD=USB,DEV=0), unix:<absolute socket path> or none, got '{value}'"),
        };
    }

    /// <summary>output: drm | drm:&lt;connector&gt; | fbdev | fbdev:&lt;/dev/fbN&gt; | mp4:&lt;absolute path&gt;.</summary>
    /// <summary>"none" → null (silent); "alsa:&lt;pcm&gt;" → that spec.</summary>
    public static string? Speaker(string key, string value) => EndpointSpec.Parse(value) switch
    {
        { Scheme: "none", Argument: null } => null,
        { Scheme: "alsa", Argument.Length: > 0 } => value,
        _ => throw new ConfigValueException($"{key} must be none or alsa:<pcm> (alsa:default, alsa:plughw:CARD=Audio,DEV=0), got '{value}'"),
    };

    public static EndpointSpec VideoSink(string key, string value)
    {
        EndpointSpec spec = EndpointSpec.Parse(value);
        return spec switch
        {
            { Scheme: "drm", Argument: null or { Length: > 0 } } => spec,
            { Scheme: "fbdev", Argument: null } => spec with { Argument = "/dev/fb0" },
            { Scheme: "fbdev", Argument: { } device } when Path.IsPathRooted(device) => spec,
            { Scheme: "mp4", Argument: { } path } when Path.IsPathRooted(path) => spec,
            _ => throw new ConfigValueException(
                $"{key} must be drm, drm:<connector> (drm:HDMI-A-1), fbdev, fbdev:/dev/fbN or mp4:<absolute path>, got '{value}'"),
        };
    }

    /// <summary>background: model | #rrggbb | absolute image path.</summary>
    public static string Background(string key, string value)
    {
        if (value == "model" || Path.IsPathRooted(value))
            return value;
        if (value.Length == 7 && value[0] == '#' && !value.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF"))
            return value.ToLowerInvariant();
        throw new ConfigValueException($"{key} must be model, a colour #rrggbb, or an absolute image path, got '{value}'");
    }

    /// <summary>gpio.chip: none disables GPIO; otherwise a chip name, label or /dev path.</summary>
    public static string? Chip(string value) => value == "none" ? null : value;

    /// <summary>A GPIO line offset, or -1 for "not wired".</summary>
    public static int Line(string key, string value) => Integer(key, value, GpioSettings.NotWired, 4095);

    /// <summary>audio.phones: the TTS phone side channel, unix:&lt;absolute socket path&gt;, or none (null).</summary>
    public static string? PhoneChannel(string key, string value)
    {
        if (value == "none") return null;
        EndpointSpec spec = EndpointSpec.Parse(value);
        return spec is { Scheme: "unix", Argument: { } path } && Path.IsPathRooted(path) && !path.Any(char.IsControl) ? value
            : throw new ConfigValueException($"{key} must be unix:<absolute socket path> (unix:/run/edgeavatar/phones.sock) or none, got '{value}'");
    }

    /// <summary>tts.voice: an eSpeak voice name, a language code with an optional +variant ("en-us", "en-us+f3").</summary>
    public static string Voice(string key, string value)
        => Audio.Speech.SpeechText.IsVoiceName(value) ? value
            : throw new ConfigValueException($"{key} must be an eSpeak NG voice such as en-us, en-gb, de or en-us+f3 (`espeak-ng --voices` lists them), got '{value}'");

    /// <summary>Text to say: the same checks as a say request (no control characters, at most tts.max_chars).</summary>
    public static string Text(string key, string value)
    {
        try
        {
            return Audio.Speech.SpeechText.Check(value, Audio.Speech.SpeechSettings.MaxMaxChars);
        }
        catch (Common.EdgeAvatarException e)
        {
            throw new ConfigValueException($"{key}: {e.Message}");
        }
    }
}
