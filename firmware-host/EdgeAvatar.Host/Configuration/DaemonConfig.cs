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

    /// <summary>
    /// The TTS phone side channel (audio.phones): unix:&lt;socket path&gt; on which the TTS that streams into a unix
    /// audio socket sends the phones it speaks (docs/cli.md), or null for none.
    /// </summary>
    public string? Phones { get; init; }

    /// <summary>Frame sink (output): drm[:connector], fbdev[:/dev/fbN], mp4:&lt;path&gt;.</summary>
    public EndpointSpec Output { get; init; } = new("drm", null);

    /// <summary>
    /// Speaker (play): null ("none") or alsa:&lt;pcm&gt;, where the speech of a unix (TTS) source is played, in sync
    /// with a drm/fbdev output that is then paced against it.
    /// </summary>
    public string? Play { get; init; }

    /// <summary>
    /// Rendered size in pixels (width, height); even, since 4:2:0 video sinks need even sizes. Null: the size the
    /// model was recorded at. `run --config` renders at this size (both keys must be set together).
    /// </summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>
    /// Frames per second (fps): always <see cref="FixedFps"/>. The avatar renders one frame per 40 ms of audio, the
    /// rate it was trained and is driven at, so the key only accepts 25: any other value is refused rather than
    /// silently ignored.
    /// </summary>
    public int Fps { get; init; } = FixedFps;

    public const int FixedFps = 25;

    /// <summary>Vulkan device (gpu): "auto", an index, or a device-name substring.</summary>
    public string Gpu { get; init; } = "auto";

    /// <summary>Audio context past the rendered frame (lookahead_ms); adds this much mouth-to-sound latency.</summary>
    public TimeSpan Lookahead { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>Background (background): "model" (as trained), "#rrggbb", or an absolute image path.</summary>
    public string Background { get; init; } = "model";

    /// <summary>
    /// Recognise the phones of live speech nobody sends phones for, so a phone-driven mouth follows a microphone or a
    /// TTS without the side channel (audio.live_phones; run --no-live-phones turns it off).
    /// </summary>
    public bool LivePhones { get; init; } = true;

    /// <summary>Synthetic eye blinks while rendering (blink).</summary>
    public bool Blink { get; init; } = true;

    /// <summary>tts.* keys: how text (say, gpio.greeting_text, run --say) is spoken by eSpeak NG.</summary>
    public Audio.Speech.SpeechSettings Speech { get; init; } = new();

    /// <summary>gpio.* keys.</summary>
    public GpioSettings Gpio { get; init; } = new();

    /// <summary>Journal verbosity (log.level).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    /// <summary>Unix socket for `edgeavatar ctl` (control.socket).</summary>
    public string ControlSocket { get; init; } = "/run/edgeavatar/control.sock";

    /// <summary>Every key the config file accepts (the shipped file documents each one).</summary>
    public static IReadOnlyCollection<string> Keys => DaemonConfigParser.Keys;

    /// <summary>Largest config file read: the shipped, fully commented one is a few KiB.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Reads and parses a config file.</summary>
    /// <exception cref="EdgeAvatarException">Missing/unreadable file or a bad line (exit 78).</exception>
    public static DaemonConfig Load(string path)
    {
        string text;
        try
        {
            // A regular file of bounded size only: /dev/zero or a FIFO would read without end or block forever.
            byte[] bytes = Input.RegularFile.ReadAllBytes(path, MaxFileBytes, "configuration file", ExitCodes.Config);
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (EdgeAvatarException e) when (e.ExitCode != ExitCodes.Config)
        {
            // 78 (not 66): systemd's RestartPreventExitStatus=78 stops a restart loop that cannot fix a missing file.
            throw new EdgeAvatarException(ExitCodes.Config, $"cannot read the configuration file {path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            throw new EdgeAvatarException(ExitCodes.Config, $"cannot read the configuration file {path}: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="EdgeAvatarException">"&lt;source&gt;: line N: …" for the first bad line (exit 78).</exception>
    public static DaemonConfig Parse(string text, string source) => DaemonConfigParser.Parse(text, source);
}
