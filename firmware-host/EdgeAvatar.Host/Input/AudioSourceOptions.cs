using EdgeAvatar.Media;

namespace EdgeAvatar.Host.Input;

/// <summary>Tuning shared by all audio sources; the defaults suit the daemon.</summary>
public sealed record AudioSourceOptions
{
    /// <summary>16 kHz × 2 bytes: one second of audio.</summary>
    public const int BytesPerSecond = 32000;

    /// <summary>
    /// Bound on PCM written but not yet consumed by the reader (the pipe's pauseWriterThreshold), in bytes; default
    /// 0.5 s. Files and sockets stop reading their input above it (back-pressure); ALSA drops whole periods.
    /// </summary>
    public int MaxBufferedBytes { get; init; } = BytesPerSecond / 2;

    /// <summary>ALSA period in milliseconds (buffer = 4 periods); 10 ms keeps capture latency low.</summary>
    public int AlsaPeriodMs { get; init; } = 10;

    /// <summary>
    /// Socket sources: complete the reader when the first client disconnects (one utterance per run, tests).
    /// Default false: the daemon keeps listening and a later client continues the same stream.
    /// </summary>
    public bool EndOfStreamOnDisconnect { get; init; }

    /// <summary>ffmpeg/ffprobe to use for file sources (null: <see cref="MediaTools.Default"/>).</summary>
    public MediaTools? Tools { get; init; }

    internal void Validate()
    {
        if (MaxBufferedBytes < 640) throw new ArgumentOutOfRangeException(nameof(MaxBufferedBytes), "Need room for at least 20 ms of audio.");
        if (AlsaPeriodMs is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(AlsaPeriodMs), "ALSA period must be 1–100 ms.");
    }
}
