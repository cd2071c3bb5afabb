using System.Text.Json.Serialization;

namespace EdgeAvatar.Audio;

/// <summary>Which Hz↔mel mapping places the filter centres.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MelScale>))]
public enum MelScale
{
    /// <summary>
    /// Slaney (Auditory Toolbox; librosa's default, Whisper's): linear below 1 kHz (3 mel per 200 Hz), logarithmic
    /// above. The default (librosa/Whisper compatible).
    /// </summary>
    Slaney,

    /// <summary>HTK: mel = 2595·log10(1 + f/700). Narrower low filters than Slaney: fine for 80 bands at FFT 512, but ~128 bands from 0 Hz leave some filters between FFT bins (rejected).</summary>
    Htk,
}
