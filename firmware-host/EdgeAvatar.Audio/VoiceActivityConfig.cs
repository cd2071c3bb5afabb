using System.Text.Json.Serialization;

namespace EdgeAvatar.Audio;

/// <summary>Tuning of <see cref="VoiceActivityDetector"/> (defaults tuned on the samples/drive recordings).</summary>
public sealed record VoiceActivityConfig
{
    /// <summary>A frame is voice when its energy exceeds the noise floor by this many dB.</summary>
    [JsonPropertyName("thresholdDb")] public double ThresholdDb { get; init; } = 10;
    /// <summary>Frames quieter than this (dBFS) are never voice and do not move the floor (digital silence, a muted mic).</summary>
    [JsonPropertyName("absoluteMinimumDb")] public double AbsoluteMinimumDb { get; init; } = -60;
    /// <summary>The floor follows quieter frames quickly: fraction of the gap closed per frame.</summary>
    [JsonPropertyName("floorFallRate")] public double FloorFallRate { get; init; } = 0.5;
    /// <summary>The floor creeps up towards louder frames: fraction of the gap per frame...</summary>
    [JsonPropertyName("floorRiseRate")] public double FloorRiseRate { get; init; } = 0.02;
    /// <summary>...but by at most this many dB per frame (0.1 dB at 50 Hz = 5 dB/s), so speech cannot lift it fast.</summary>
    [JsonPropertyName("floorMaxRiseDb")] public double FloorMaxRiseDb { get; init; } = 0.1;
    /// <summary>Voice stays on this many frames after the last loud one (200 ms): bridges gaps between syllables.</summary>
    [JsonPropertyName("hangoverFrames")] public int HangoverFrames { get; init; } = 10;

    public static VoiceActivityConfig Default { get; } = new();
}
