using EdgeAvatar.Common;

namespace EdgeAvatar.Host.Configuration;

/// <summary>
/// The `key = value` config format: one setting per line, '#' starts a comment line (only at the start of a line, so a
/// value such as "#203040" keeps its '#'), blank lines ignored, keys case-sensitive, each key at most once. The
/// first error aborts with "&lt;file&gt;: line N: …" and exit code 78: a typo must stop the daemon with a message
/// rather than silently run with a default.
/// </summary>
internal static class DaemonConfigParser
{
    private delegate DaemonConfig Apply(DaemonConfig config, string key, string value);

    private static readonly Dictionary<string, Apply> s_keys = new(StringComparer.Ordinal)
    {
        ["model"] = (c, k, v) => c with { ModelPath = ConfigValues.AbsolutePath(k, v) },
        ["audio"] = (c, k, v) => c with { Audio = ConfigValues.AudioSource(k, v) },
        ["audio.phones"] = (c, k, v) => c with { Phones = ConfigValues.PhoneChannel(k, v) },
        ["audio.live_phones"] = (c, k, v) => c with { LivePhones = ConfigValues.Boolean(k, v) },
        ["output"] = (c, k, v) => c with { Output = ConfigValues.VideoSink(k, v) },
        ["play"] = (c, k, v) => c with { Play = ConfigValues.Speaker(k, v) },
        ["width"] = (c, k, v) => c with { Width = ConfigValues.EvenInteger(k, v, 16, 4096) },
        ["height"] = (c, k, v) => c with { Height = ConfigValues.EvenInteger(k, v, 16, 4096) },
        ["fps"] = (c, k, v) => c with { Fps = ConfigValues.FixedInteger(k, v, DaemonConfig.FixedFps,
            "one frame per 40 ms of audio, the rate the avatar is trained and driven at") },
        ["gpu"] = (c, _, v) => c with { Gpu = v },
        ["lookahead_ms"] = (c, k, v) => c with { Lookahead = TimeSpan.FromMilliseconds(ConfigValues.Integer(k, v, 0, 1000)) },
        ["background"] = (c, k, v) => c with { Background = ConfigValues.Background(k, v) },
        ["blink"] = (c, k, v) => c with { Blink = ConfigValues.Boolean(k, v) },
        ["log.level"] = (c, k, v) => c with { LogLevel = ConfigValues.Level(k, v) },
        ["control.socket"] = (c, k, v) => c with { ControlSocket = ConfigValues.AbsolutePath(k, v) },
        ["gpio.chip"] = (c, _, v) => c with { Gpio = c.Gpio with { Chip = ConfigValues.Chip(v) } },
        ["gpio.presence.line"] = (c, k, v) => c with { Gpio = c.Gpio with { PresenceLine = ConfigValues.Line(k, v) } },
        ["gpio.presence.active_low"] = (c, k, v) => c with { Gpio = c.Gpio with { PresenceActiveLow = ConfigValues.Boolean(k, v) } },
        ["gpio.button.line"] = (c, k, v) => c with { Gpio = c.Gpio with { ButtonLine = ConfigValues.Line(k, v) } },
        ["gpio.button.active_low"] = (c, k, v) => c with { Gpio = c.Gpio with { ButtonActiveLow = ConfigValues.Boolean(k, v) } },
        ["gpio.led.line"] = (c, k, v) => c with { Gpio = c.Gpio with { LedLine = ConfigValues.Line(k, v) } },
        ["gpio.led.active_low"] = (c, k, v) => c with { Gpio = c.Gpio with { LedActiveLow = ConfigValues.Boolean(k, v) } },
        ["gpio.debounce_ms"] = (c, k, v) => c with { Gpio = c.Gpio with { Debounce = TimeSpan.FromMilliseconds(ConfigValues.Integer(k, v, 0, 1000)) } },
        ["gpio.idle_timeout_s"] = (c, k, v) => c with { Gpio = c.Gpio with { IdleTimeout = TimeSpan.FromSeconds(ConfigValues.Integer(k, v, 1, 86_400)) } },
        ["gpio.greeting"] = (c, k, v) => c with { Gpio = c.Gpio with { GreetingFile = ConfigValues.AbsolutePath(k, v) } },
        ["gpio.greeting_text"] = (c, k, v) => c with { Gpio = c.Gpio with { GreetingText = ConfigValues.Text(k, v) } },
        ["tts.voice"] = (c, k, v) => c with { Speech = c.Speech with { Voice = ConfigValues.Voice(k, v) } },
        ["tts.rate"] = (c, k, v) => c with { Speech = c.Speech with { Rate = ConfigValues.Integer(k, v, Audio.Speech.SpeechSettings.MinRate, Audio.Speech.SpeechSettings.MaxRate) } },
        ["tts.pitch"] = (c, k, v) => c with { Speech = c.Speech with { Pitch = ConfigValues.Integer(k, v, Audio.Speech.SpeechSettings.MinPitch, Audio.Speech.SpeechSettings.MaxPitch) } },
        ["tts.max_chars"] = (c, k, v) => c with { Speech = c.Speech with { MaxChars = ConfigValues.Integer(k, v, 1, Audio.Speech.SpeechSettings.MaxMaxChars) } },
    };

    /// <summary>Keys that may be given with an empty value, meaning "unset".</summary>
    private static readonly HashSet<string> s_optional = new(StringComparer.Ordinal) { "gpio.greeting", "gpio.greeting_text", "audio.phones" };

    /// <summary>Every key the parser accepts, for documentation tests.</summary>
    internal static IReadOnlyCollection<string> Keys => s_keys.Keys;

    public static DaemonConfig Parse(string text, string source)
    {
        var config = new DaemonConfig();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw Error(source, lineNumber, $"expected 'key = value', got '{line}'");
            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (!s_keys.TryGetValue(key, out Apply? apply))
                throw Error(source, lineNumber, $"unknown key '{key}'{Suggest(key)}");
            if (seen.TryGetValue(key, out int first))
                throw Error(source, lineNumber, $"'{key}' is already set on line {first}");
            seen[key] = lineNumber;
            if (value.Length == 0)
            {
                if (s_optional.Contains(key))
                    continue;
                throw Error(source, lineNumber, $"'{key}' needs a value");
            }
            try
            {
                config = apply(config, key, value);
            }
            catch (ConfigValueException e)
            {
                throw Error(source, lineNumber, e.Message);
            }
        }
        if (config.Phones is not null && config.Audio.Scheme != "unix")
            throw new EdgeAvatarException(ExitCodes.Config, $"{source}: audio.phones (the TTS phone side channel) needs audio = unix:<socket>, not {config.Audio}");
        if (config.Gpio.GreetingFile is not null && config.Gpio.GreetingText is not null)
            throw new EdgeAvatarException(ExitCodes.Config, $"{source}: set gpio.greeting (a file) or gpio.greeting_text (text to say), not both");
        if (config.Gpio.GreetingText is { } greeting && new System.Globalization.StringInfo(greeting).LengthInTextElements > config.Speech.MaxChars)
            throw new EdgeAvatarException(ExitCodes.Config, $"{source}: gpio.greeting_text is longer than tts.max_chars ({config.Speech.MaxChars})");
        return config;
    }

    private static EdgeAvatarException Error(string source, int line, string message)
        => new(ExitCodes.Config, $"{source}: line {line}: {message}");

    /// <summary>" (did you mean 'x'?)" for a key differing only in case or by one typo (edit or swap).</summary>
    private static string Suggest(string key)
    {
        foreach (string known in s_keys.Keys)
        {
            if (string.Equals(known, key, StringComparison.OrdinalIgnoreCase) || TypoDistance(known, key) <= 1)
                return $" (did you mean '{known}'?)";
        }
        return "";
    }

    /// <summary>
    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours each cost 1
    /// ("fsp" is one typo away from "fps").
    /// </summary>
    private static int TypoDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
