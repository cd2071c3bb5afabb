using System.Globalization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Audio.Speech;

/// <summary>
/// The checks every text goes through before it is queued or synthesised, wherever it comes from (run --say, the
/// control socket's say, a GPIO greeting): not empty, not longer than the configured limit, no control characters
/// (a stray escape or NUL is a client bug, never something to speak), valid Unicode, and a language the installed
/// voices speak. A refusal is <see cref="ExitCodes.Usage"/> (64) with the reason; nothing is queued.
/// </summary>
public static class SpeechText
{
    /// <summary>Longest language or voice name accepted ("en-gb-x-gbclan+f3" is 17).</summary>
    public const int MaxNameLength = 40;

    /// <summary>Checks <paramref name="text"/> and returns it trimmed.</summary>
    /// <exception cref="EdgeAvatarException">Usage (64): empty, too long, control characters or invalid Unicode.</exception>
    public static string Check(string? text, int maxChars)
    {
        string t = (text ?? "").Trim();
        if (t.Length == 0) throw Refuse("the text to say is empty.");
        int length = new StringInfo(t).LengthInTextElements;
        if (length > maxChars) throw Refuse($"the text to say is {length} characters long; the limit is {maxChars} (tts.max_chars).");
        for (int i = 0; i < t.Length; i++)
        {
            if (char.IsControl(t[i]))
                throw Refuse($"the text to say contains a control character (U+{(int)t[i]:X4}) at position {i}; send plain text.");
        }
        if (!IsValidUtf16(t)) throw Refuse("the text to say is not valid Unicode (a lone surrogate).");
        return t;
    }

    /// <summary>
    /// Checks <paramref name="language"/> (e.g. "en", "en-us", "de") against the installed voices and returns it in
    /// lower case.
    /// </summary>
    /// <exception cref="EdgeAvatarException">Usage (64) for an unknown language; Unavailable (69) without eSpeak NG.</exception>
    public static string CheckLanguage(string language, IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        string lang = (language ?? "").Trim().ToLowerInvariant();
        if (lang.Length == 0 || lang.Length > MaxNameLength || !lang.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw Refuse($"'{Shorten(language)}' is not a language code (like en, en-us or de).");
        if (!known.Contains(lang))
            throw Refuse($"unknown language '{lang}': the installed eSpeak NG voices do not speak it (`espeak-ng --voices` lists them).");
        return lang;
    }

    /// <summary>Syntax of a voice name: a language code, optionally "+variant" (letters and digits).</summary>
    public static bool IsVoiceName(string voice)
    {
        if (string.IsNullOrEmpty(voice) || voice.Length > MaxNameLength) return false;
        string[] parts = voice.Split('+');
        if (parts.Length > 2 || parts[0].Length == 0) return false;
        bool Ok(string s, bool dash) => s.All(c => char.IsAsciiLetter(c) || char.IsAsciiDigit(c) || (dash && c is '-' or '_'));
        return Ok(parts[0], true) && (parts.Length == 1 || (parts[1].Length > 0 && Ok(parts[1], false)));
    }

    private static bool IsValidUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";

    private static EdgeAvatarException Refuse(string why) => new(ExitCodes.Usage, why);
}
