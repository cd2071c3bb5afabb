namespace EdgeAvatar.Host.Input;

/// <summary>
/// Counters of an <see cref="IAudioSource"/> at one instant.
/// </summary>
/// <param name="Bytes">PCM bytes written to the reader's pipe (whole samples only).</param>
/// <param name="DroppedBytes">Bytes received but discarded: ALSA periods dropped because the reader fell behind, or a
/// socket client's dangling odd byte when it disconnected or was replaced.</param>
/// <param name="Xruns">ALSA overruns recovered with snd_pcm_recover (0 for other sources).</param>
/// <param name="Clients">Socket connections accepted so far (0 for file and ALSA sources).</param>
public readonly record struct AudioSourceStats(long Bytes, long DroppedBytes, long Xruns, int Clients);
