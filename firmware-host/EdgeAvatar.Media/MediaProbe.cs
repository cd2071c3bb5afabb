using System.Globalization;
using System.Text.Json;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// Reads a file's streams with `ffprobe -v error -print_format json -show_streams -show_format`.
/// Errors: missing file → <see cref="ExitCodes.NoInput"/>; not media / unreadable → <see cref="ExitCodes.DataError"/>
/// with ffprobe's own words; a needed stream missing → DataError; no ffprobe → <see cref="ExitCodes.Unavailable"/>.
/// </summary>
public static class MediaProbe
{
    public static MediaInfo Probe(string path, MediaNeeds needs = MediaNeeds.None, MediaTools? tools = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        tools ??= MediaTools.Default;
        if (Directory.Exists(path) || !File.Exists(path))
            throw new EdgeAvatarException(ExitCodes.NoInput, $"Media file '{path}' does not exist.");
        var (code, stdout, stderr) = FfmpegProcess.RunToEnd(tools.FfprobePath,
            ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", "--", Path.GetFullPath(path)]);
        if (code != 0)
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}' is not a readable media file: {stderr}");
        MediaInfo info;
        try
        {
            info = Parse(path, stdout);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}': ffprobe's report could not be read ({ex.Message}).", ex);
        }
        if (info.Video is null && info.Audio is null)
            throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}' has neither a video nor an audio stream.");
        if (needs.HasFlag(MediaNeeds.Video)) info.RequireVideo();
        if (needs.HasFlag(MediaNeeds.Audio)) info.RequireAudio();
        return info;
    }

    internal static MediaInfo Parse(string path, string json)
    {
        using var doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        VideoStreamInfo? video = null;
        AudioStreamInfo? audio = null;
        if (root.TryGetProperty("streams", out JsonElement streams))
        {
            foreach (JsonElement s in streams.EnumerateArray())
            {
                string type = Str(s, "codec_type") ?? "";
                if (type == "video" && video is null && !IsAttachedPicture(s))
                {
                    Rational rate = default;
                    if (!(Rational.TryParse(Str(s, "avg_frame_rate"), out rate) && rate.IsValid))
                        Rational.TryParse(Str(s, "r_frame_rate"), out rate);
                    video = new VideoStreamInfo(Int(s, "index") ?? 0, Str(s, "codec_name") ?? "unknown",
                        Int(s, "width") ?? 0, Int(s, "height") ?? 0, rate, Long(s, "nb_frames"), Dbl(s, "duration"));
                    if (video.Width <= 0 || video.Height <= 0)
                        throw new EdgeAvatarException(ExitCodes.DataError, $"'{path}': video stream has no frame size (damaged file?).");
                }
                else if (type == "audio" && audio is null)
                {
                    audio = new AudioStreamInfo(Int(s, "index") ?? 0, Str(s, "codec_name") ?? "unknown",
                        Int(s, "sample_rate") ?? 0, Int(s, "channels") ?? 0, Dbl(s, "duration"));
                }
            }
        }
        string format = "unknown";
        double? duration = null;
        if (root.TryGetProperty("format", out JsonElement f))
        {
            format = Str(f, "format_name") ?? format;
            duration = Dbl(f, "duration");
        }
        duration ??= video?.DurationSeconds ?? audio?.DurationSeconds;
        return new MediaInfo(path, format, duration, video, audio);
    }

    private static bool IsAttachedPicture(JsonElement stream)
        => stream.TryGetProperty("disposition", out JsonElement d)
           && d.TryGetProperty("attached_pic", out JsonElement a) && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;

    // ffprobe writes most numbers as JSON strings ("duration": "71.210000") and some as numbers.
    private static string? Str(JsonElement e, string name)
        => e.TryGetProperty(name, out JsonElement v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static long? Long(JsonElement e, string name)
        => long.TryParse(Str(e, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static int? Int(JsonElement e, string name)
        => int.TryParse(Str(e, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static double? Dbl(JsonElement e, string name)
        => double.TryParse(Str(e, name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;
}
