using System.Collections.Concurrent;
using EdgeAvatar.Common;

namespace EdgeAvatar.Media;

/// <summary>
/// Where the ffmpeg and ffprobe programs are. Default: "ffmpeg"/"ffprobe" on PATH (Debian package "ffmpeg"),
/// overridable with EDGEAVATAR_FFMPEG / EDGEAVATAR_FFPROBE. Tests point these at missing paths to check the
/// <see cref="ExitCodes.Unavailable"/> error.
/// </summary>
public sealed class MediaTools
{
    /// <summary>The Debian package that provides both programs.</summary>
    public const string DebianPackage = "ffmpeg";

    private readonly ConcurrentDictionary<string, bool> _encoders = new();
    private IReadOnlySet<string>? _encoderList;

    public MediaTools(string ffmpegPath = "ffmpeg", string ffprobePath = "ffprobe")
    {
        FfmpegPath = ffmpegPath;
        FfprobePath = ffprobePath;
    }

    public string FfmpegPath { get; }
    public string FfprobePath { get; }

    public static MediaTools Default { get; } = new(
        Environment.GetEnvironmentVariable("EDGEAVATAR_FFMPEG") is { Length: > 0 } f ? f : "ffmpeg",
        Environment.GetEnvironmentVariable("EDGEAVATAR_FFPROBE") is { Length: > 0 } p ? p : "ffprobe");

    /// <summary>Whether this ffmpeg build has the named encoder (e.g. "libx264"); asks ffmpeg once, then caches.</summary>
    public bool HasEncoder(string name) => _encoders.GetOrAdd(name, n => EncoderList().Contains(n));

    private IReadOnlySet<string> EncoderList()
    {
        if (_encoderList is not null) return _encoderList;
        var (code, stdout, stderr) = FfmpegProcess.RunToEnd(FfmpegPath, ["-hide_banner", "-encoders"]);
        if (code != 0) throw new EdgeAvatarException(ExitCodes.Unavailable, $"'{FfmpegPath} -encoders' failed: {stderr}");
        // Lines look like " V....D libx264              libx264 H.264 ...": flags, then the name.
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in stdout.Split('\n'))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0].Length == 6 && parts[0] != "------") set.Add(parts[1]);
        }
        return _encoderList = set;
    }
}
