namespace EdgeAvatar.Host.Input;

/// <summary>Where live audio comes from (see <see cref="AudioSourceSpec"/> for the text forms).</summary>
public enum AudioSourceKind
{
    /// <summary>A media file decoded by ffmpeg (any format/rate/channels ffmpeg reads).</summary>
    File,
    /// <summary>An ALSA capture device, read on a dedicated thread.</summary>
    Alsa,
    /// <summary>A unix stream socket we listen on; a TTS process connects and streams raw s16le 16 kHz mono.</summary>
    Unix,
    /// <summary>A loopback-only TCP port we listen on, same protocol as <see cref="Unix"/>.</summary>
    Tcp,
    /// <summary>No input device: silence at the wall-clock rate, into which <c>speak</c> puts speech (<see cref="LiveAudioFeed"/>).</summary>
    None,
}
