using EdgeAvatar.Audio;

namespace EdgeAvatar.Host.Input;

/// <summary>Settings of <see cref="StreamingAudioFeatures"/>.</summary>
public sealed record StreamingFeatureOptions
{
    /// <summary>
    /// Future video frames (0..3 = FeatureWindow.FullSmoothingLookAhead) whose windows accompany each frame for the
    /// renderer's attention smoothing. Each costs 40 ms of latency; the default 3 (full ±4 smoothing, as trained)
    /// adds 120 ms. Lower it to trade smoothing for latency.
    /// </summary>
    public int LookAheadFrames { get; init; } = FeatureWindow.FullSmoothingLookAhead;

    /// <summary>Must equal the config the model was trained with (saved in the model).</summary>
    public AudioFeatureConfig FeatureConfig { get; init; } = AudioFeatureConfig.Default;

    public VoiceActivityConfig VoiceActivity { get; init; } = VoiceActivityConfig.Default;

    internal void Validate()
    {
        if (LookAheadFrames is < 0 or > FeatureWindow.FullSmoothingLookAhead)
            throw new ArgumentOutOfRangeException(nameof(LookAheadFrames), LookAheadFrames,
                $"Look-ahead must be 0..{FeatureWindow.FullSmoothingLookAhead} video frames.");
        FeatureConfig.Validate();
    }
}
