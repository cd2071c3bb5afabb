using System.Text.Json;

namespace EdgeAvatar.Host.Control;

/// <summary>
/// Parses one JSON line into a <see cref="ControlRequest"/>, strictly: the root must be an object with a known
/// "cmd", only that command's fields may appear (a typo like "blnk" is an error, not silently ignored), each at most
/// once and of the right JSON type. Never throws: malformed input yields an error message for the reply.
/// </summary>
internal static class ControlRequestParser
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 4, AllowTrailingCommas = false };

    public static ControlRequest? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = s_options.MaxDepth });
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != line.Length && !IsWhitespace(line[(int)reader.BytesConsumed..]))
                return Fail("one JSON object per line expected, found trailing data", out error);
            return Parse(doc.RootElement, out error);
        }
        catch (JsonException ex)
        {
            return Fail($"not valid JSON ({ex.Message})", out error);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader checks structure, not the bytes inside strings: invalid UTF-8 there only surfaces when a
            // name or value is decoded, as InvalidOperationException. Still a bad request, still one reply.
            return Fail("not valid JSON (a string is not valid UTF-8)", out error);
        }
    }

    private static ControlRequest? Parse(JsonElement root, out string? error)
    {
        if (root.ValueKind != JsonValueKind.Object) return Fail("request must be a JSON object like {\"cmd\":\"status\"}", out error);
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in root.EnumerateObject())
            if (!fields.TryAdd(p.Name, p.Value)) return Fail($"field '{p.Name}' appears twice", out error);
        if (!fields.Remove("cmd", out JsonElement cmdElement) || cmdElement.ValueKind != JsonValueKind.String)
            return Fail("missing \"cmd\" (a string: status, speak, say, stop, set or reload)", out error);
        string cmd = cmdElement.GetString()!;
        ControlRequest? request = cmd switch
        {
            "status" => NoFields(ControlCommand.Status, fields, out error),
            "stop" => NoFields(ControlCommand.Stop, fields, out error),
            "reload" => NoFields(ControlCommand.Reload, fields, out error),
            "speak" => ParseSpeak(fields, out error),
            "say" => ParseSay(fields, out error),
            "set" => ParseSet(fields, out error),
            _ => Fail($"unknown cmd '{Truncate(cmd)}' (expected status, speak, say, stop, set or reload)", out error),
        };
        return request;
    }

    private static ControlRequest? NoFields(ControlCommand command, Dictionary<string, JsonElement> rest, out string? error)
        => Unknown(rest, command, out error) ? null : new ControlRequest(command);

    private static ControlRequest? ParseSpeak(Dictionary<string, JsonElement> fields, out string? error)
    {
        if (!fields.Remove("file", out JsonElement f) || f.ValueKind != JsonValueKind.String)
            return Fail("speak needs \"file\": an absolute path to an audio file", out error);
        if (Unknown(fields, ControlCommand.Speak, out error)) return null;
        string file = f.GetString()!;
        // Relative paths would resolve against the daemon's working directory (/), never what the caller meant.
        if (!file.StartsWith('/') || file.Any(char.IsControl))
            return Fail($"speak \"file\" must be an absolute path, got '{Truncate(file)}'", out error);
        return new ControlRequest(ControlCommand.Speak, File: file);
    }

    /// <summary>
    /// <c>{"cmd":"say","text":"…","lang":"en"}</c>: only the JSON shape here; the text itself (empty, too long, control
    /// characters, unknown language) is checked by the handler against the daemon's tts settings, before anything is queued.
    /// </summary>
    private static ControlRequest? ParseSay(Dictionary<string, JsonElement> fields, out string? error)
    {
        if (!fields.Remove("text", out JsonElement t) || t.ValueKind != JsonValueKind.String)
            return Fail("say needs \"text\": the words to say, as a string", out error);
        string? language = null;
        if (fields.Remove("lang", out JsonElement l))
        {
            if (l.ValueKind != JsonValueKind.String) return Fail("\"lang\" must be a string such as \"en\" or \"de\"", out error);
            language = l.GetString();
        }
        if (Unknown(fields, ControlCommand.Say, out error)) return null;
        return new ControlRequest(ControlCommand.Say, Text: t.GetString(), Language: language);
    }

    private static ControlRequest? ParseSet(Dictionary<string, JsonElement> fields, out string? error)
    {
        BackgroundSetting? background = null;
        bool? blink = null;
        if (fields.Remove("background", out JsonElement bg))
        {
            if (bg.ValueKind != JsonValueKind.String) return Fail("\"background\" must be a string", out error);
            background = BackgroundSetting.TryParse(bg.GetString()!, out string? why);
            if (background is null) return Fail(why!, out error);
        }
        if (fields.Remove("blink", out JsonElement b))
        {
            if (b.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Fail("\"blink\" must be true or false", out error);
            blink = b.GetBoolean();
        }
        if (Unknown(fields, ControlCommand.Set, out error)) return null;
        if (background is null && blink is null) return Fail("set needs \"background\" and/or \"blink\"", out error);
        return new ControlRequest(ControlCommand.Set, Background: background, Blink: blink);
    }

    private static bool Unknown(Dictionary<string, JsonElement> rest, ControlCommand command, out string? error)
    {
        error = null;
        if (rest.Count == 0) return false;
        error = $"unknown field '{Truncate(rest.Keys.First())}' for cmd '{command.ToString().ToLowerInvariant()}'";
        return true;
    }

    private static ControlRequest? Fail(string why, out string? error)
    {
        error = why;
        return null;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> rest)
    {
        foreach (byte c in rest)
            if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>Echoed user text is cut short: an error reply must stay small whatever was sent.</summary>
    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
