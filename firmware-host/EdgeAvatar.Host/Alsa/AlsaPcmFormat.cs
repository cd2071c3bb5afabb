namespace EdgeAvatar.Host.Alsa;

/// <summary>What an ALSA PCM agreed to after hw_params (frames are mono s16 samples here).</summary>
/// <param name="Device">The ALSA PCM name opened.</param>
/// <param name="Direction">Capture (microphone) or playback (speaker).</param>
/// <param name="SampleRate">Negotiated rate in Hz (must be 16000 to be accepted).</param>
/// <param name="Channels">Negotiated channel count (must be 1).</param>
/// <param name="PeriodFrames">Frames per period: the unit the device wakes us for (~10 ms capture, ~20 ms playback).</param>
/// <param name="BufferFrames">Ring buffer size in frames; an xrun happens when it overflows (capture) or runs dry (playback).</param>
public readonly record struct AlsaPcmFormat(string Device, AlsaDirection Direction, int SampleRate, int Channels, int PeriodFrames, int BufferFrames)
{
    public TimeSpan BufferDuration => TimeSpan.FromSeconds(BufferFrames / (double)SampleRate);
}
