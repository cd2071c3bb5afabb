namespace EdgeAvatar.Host.Alsa;

/// <summary>snd_pcm_stream_t: the values are alsa/pcm.h's SND_PCM_STREAM_PLAYBACK and SND_PCM_STREAM_CAPTURE.</summary>
public enum AlsaDirection
{
    Playback = 0,
    Capture = 1,
}
