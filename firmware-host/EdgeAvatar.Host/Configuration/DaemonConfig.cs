using EdgeAvatar.Common;
using EdgeAvatar.Host.Service;

namespace EdgeAvatar.Host.Configuration;

/// <summary>
/// The daemon's settings from /etc/edgeavatar/edgeavatar.conf (packaging/edgeavatar.conf documents every key).
/// Defaults are what a fresh install runs with; a key absent from the file keeps its default. Immutable: a reload
/// parses a new instance and swaps it.
/// </summary>
public sealed record DaemonConfig
{
    public const string DefaultPath = "/etc/edgeavatar/edgeavatar.conf";

    /// <summary>Model file (model). The default is the symlink `edgeavatar model install` switches atomically.</summary>
    public string ModelPath { get; init; } = "/var/lib/edgeavatar/current/model.eavm";

    /// <summary>Audio source (audio): alsa:&lt;pcm&gt;, unix:&lt;socket path&gt;, or none.</summary>
    public EndpointSpec Audio { get; init; } = new("alsa", "default");

    /// <summary>Frame sink (output): drm[:connector], fbdev[:/dev/fbN], mp4:&lt;path&gt;.</summary>
    public EndpointSpec Output { get; init; } = new("drm", null);

    /// <summary>
    /// Speaker (play): null ("none") or alsa:&lt;pcm&gt;, where the speech of a unix (TTS) source is played, in sync
    /// with a drm/fbdev output that is then paced against it.
    /// </summary>
    public string? Play { get; init; }

    /// <summary>Rendered size in pixels (width, height); even, since 4:2:0 video sinks need even sizes.</summary>
    public int Width { get; init; } = 512;

    public int Height { get; init; } = 512;

    /// <summary>Frames per second (fps).</summary>
    public int Fps { get; init; } = 25;

    /// <summary>Vulkan device (gpu): "auto", an index, or a device-name substring.</summary>
    public string Gpu { get; init; } = "auto";

    /// <summary>Audio context past the rendered frame (lookahead_ms); adds this much mouth-to-sound latency.</summary>
    public TimeSpan Lookahead { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>Background (background): "model" (as trained), "#rrggbb", or an absolute image path.</summary>
    public string Background { get; init; } = "model";

    /// <summary>Synthetic eye blinks while rendering (blink).</summary>
    public bool Blink { get; init; } = true;

    /// <summary>gpio.* keys.</summary>
    public GpioSettings Gpio { get; init; } = new();

    /// <summary>Journal verbosity (log.level).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    /// <summary>Unix socket for `edgeavatar ctl` (control.socket).</summary>
    public string ControlSocket { get; init; } = "/run/edgeavatar/control.sock";

    /// <summary>Every key the config file accepts (the shipped file documents each one).</summary>
    public static IReadOnlyCollection<string> Keys => DaemonConfigParser.Keys;

    /// <summary>Reads and parses a config file.</summary>
    /// <exception cref="EdgeAvatarException">Missing/unreadable file or a bad line (exit 78).</exception>
    public static DaemonConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // 78 (not 66): systemd's RestartPreventExitStatus=78 stops a restart loop that cannot fix a missing file.
            throw new EdgeAvatarException(ExitCodes.Config, $"cannot read the configuration file {path}: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="EdgeAvatarException">"&lt;source&gt;: line N: …" for the first bad line (exit 78).</exception>
    public static DaemonConfig Parse(string text, string source) => DaemonConfigParser.Parse(text, source);
}
