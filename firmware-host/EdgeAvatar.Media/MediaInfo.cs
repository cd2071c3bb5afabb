using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>What ffprobe says about a file. Duration is the container's (null if unknown).</summary>
public sealed record MediaInfo(string Path, string FormatName, double? DurationSeconds, VideoStreamInfo? Video, AudioStreamInfo? Audio)
{
    /// <summary>The video stream, or a <see cref="ExitCodes.DataError"/> naming the file.</summary>
    public VideoStreamInfo RequireVideo() => Video
        ?? throw new EdgeAvatarException(ExitCodes.DataError, $"'{Path}' has no video stream (need a video of a talking person).");

    /// <summary>The audio stream, or a <see cref="ExitCodes.DataError"/> naming the file.</summary>
    public AudioStreamInfo RequireAudio() => Audio
        ?? throw new EdgeAvatarException(ExitCodes.DataError, $"'{Path}' has no audio stream.");
}
