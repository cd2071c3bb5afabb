using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using EdgeAvatar.Audio.Phones;

namespace EdgeAvatar.Host.Input;

/// <summary>
/// One line of the TTS phone side channel: a JSON object <c>{"phone":"AA","start_ms":120,"end_ms":210}</c>, exactly
/// these three fields. <c>phone</c> is a CMU phone (AA … ZH) or SIL, upper case; a trailing ARPAbet stress digit
/// (AA1) is accepted and dropped. Times are milliseconds (integers or decimals) from the first sample of the audio
/// connection the phone belongs to, with 0 ≤ start &lt; end ≤ <see cref="MaxMs"/> and a phone no longer than
/// <see cref="MaxPhoneMs"/>. Order against the previous line is checked by <see cref="PhoneChannelReader"/>.
/// </summary>
public static class PhoneLine
{
    /// <summary>Longest line accepted, in bytes without the newline (a valid line is under 80).</summary>
    public const int MaxBytes = 256;

    /// <summary>Latest time accepted: 24 hours of one audio connection.</summary>
    public const double MaxMs = 24 * 3600 * 1000.0;

    /// <summary>Longest phone: no phone lasts 10 s; a pause that long is silence between utterances, not a phone.</summary>
    public const double MaxPhoneMs = 10_000;

    private static readonly HashSet<string> s_phones = new(PhoneFeatureConfig.PhoneClassesEach, StringComparer.Ordinal);

    /// <summary>Parses one line (no newline); false with a one-line reason when it is not a valid phone line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out TimedPhone phone, out string error)
    {
        phone = default;
        if (line.Length > MaxBytes) return Fail($"longer than {MaxBytes} bytes", out error);
        if (!Utf8.IsValid(line)) return Fail("not valid UTF-8", out error);
        string? name = null;
        double? start = null, end = null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 2, AllowMultipleValues = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Fail("not a JSON object", out error);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                reader.Read();
                switch (key)
                {
                    case "phone" when name is null:
                        if (reader.TokenType != JsonTokenType.String) return Fail("\"phone\" must be a string", out error);
                        name = reader.GetString()!;
                        break;
                    case "start_ms" when start is null:
                        if (!TryMs(ref reader, out double s)) return Fail("\"start_ms\" must be a number", out error);
                        start = s;
                        break;
                    case "end_ms" when end is null:
                        if (!TryMs(ref reader, out double e)) return Fail("\"end_ms\" must be a number", out error);
                        end = e;
                        break;
                    case "phone" or "start_ms" or "end_ms":
                        return Fail($"\"{key}\" is given twice", out error);
                    default:
                        return Fail($"unknown field '{Shorten(key)}' (fields: phone, start_ms, end_ms)", out error);
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return Fail("not one JSON object", out error);
        }
        catch (JsonException)
        {
            return Fail("not valid JSON", out error);
        }
        if (name is null || start is null || end is null) return Fail("needs \"phone\", \"start_ms\" and \"end_ms\"", out error);
        string cmu = name.Length > 1 && name[^1] is '0' or '1' or '2' ? name[..^1] : name;
        if (!s_phones.Contains(cmu)) return Fail($"unknown phone '{Shorten(name)}' (CMU phones AA … ZH, or SIL)", out error);
        double a = start.Value, b = end.Value;
        if (a < 0) return Fail("start_ms is negative", out error);
        if (b <= a) return Fail("end_ms is not after start_ms", out error);
        if (b > MaxMs) return Fail($"end_ms is past {MaxMs.ToString(CultureInfo.InvariantCulture)} (24 h)", out error);
        if (b - a > MaxPhoneMs) return Fail($"the phone lasts over {MaxPhoneMs.ToString(CultureInfo.InvariantCulture)} ms", out error);
        phone = new TimedPhone(cmu, a / 1000.0, b / 1000.0);
        error = "";
        return true;
    }

    private static bool TryMs(ref Utf8JsonReader reader, out double ms)
    {
        ms = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out ms) && double.IsFinite(ms);
    }

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";

    private static bool Fail(string why, out string error)
    {
        error = why;
        return false;
    }
}
