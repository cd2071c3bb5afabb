namespace EdgeAvatar.Media;

/// <summary>Little-endian interleaved PCM layouts <see cref="AudioDecoder"/> produces (mono, so no interleaving).</summary>
public enum PcmSampleFormat
{
    /// <summary>Signed 16-bit (ffmpeg s16le): 2 bytes per sample, what ALSA microphones deliver.</summary>
    S16,
    /// <summary>32-bit float in [−1, 1] (ffmpeg f32le): 4 bytes per sample.</summary>
    F32,
}
