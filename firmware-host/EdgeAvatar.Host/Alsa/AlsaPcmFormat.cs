namespace EdgeAvatar.Host.Input;

/// <summary>What an ALSA capture device agreed to after hw_params (frames are mono s16 samples here).</summary>
/// <param name="Device">The ALSA PCM name opened.</param>
/// <param name="SampleRate">Negotiated rate in Hz (must be 16000 to be accepted).</param>
/// <param name="Channels">Negotiated channel count (must be 1).</param>
/// <param name="PeriodFrames">Frames per period: the unit each read delivers (~10 ms).</param>
/// <param name="BufferFrames">Ring buffer size in frames (~4 periods); an overrun (xrun) happens when it fills.</param>
public readonly record struct AlsaCaptureFormat(string Device, int SampleRate, int Channels, int PeriodFrames, int BufferFrames);
