using System.Text.Json.Serialization;

namespace EdgeAvatar.Train.Data;

/// <summary>
/// How the clip's own audio features are disguised on head steps, as data with a type field (stored in the preset,
/// so run.json records it and --resume keeps it). Why: the audio network sees one speaker through one microphone; a
/// kiosk drives it with other voices (issue #19). Warping the mel axis (vocal-tract length), tilting and scaling the
/// spectrum (microphone and level) and adding a noise floor show it the same mouth under many voices, so it has to
/// key on what they share.
/// <see cref="None"/> (the default, and what a run.json written before the field existed reads as) leaves the
/// features and the step's random stream untouched.
/// </summary>
public sealed record AudioAugmentConfig
{
    public const string None = "none";
    public const string Spectral = "spectral";

    [JsonPropertyName("type")] public string Type { get; init; } = None;

    /// <summary>Share of head steps whose windows are augmented; the rest see the clean features.</summary>
    [JsonPropertyName("probability")] public float Probability { get; init; } = 0.8f;

    /// <summary>
    /// Largest relative stretch of the frequency axis: a factor drawn uniformly in 1 ± this. Vocal-tract length
    /// perturbation uses ±10–20 %; adult formants differ by about that between speakers.
    /// </summary>
    [JsonPropertyName("warp")] public float Warp { get; init; } = 0.15f;

    /// <summary>Largest level change, dB, drawn uniformly in ± this.</summary>
    [JsonPropertyName("gainDb")] public float GainDb { get; init; } = 6f;

    /// <summary>Largest spectral tilt, dB from the lowest band to the highest, drawn uniformly in ± this.</summary>
    [JsonPropertyName("tiltDb")] public float TiltDb { get; init; } = 6f;

    /// <summary>Noise floor, dB below each band's clip mean, drawn uniformly between these.</summary>
    [JsonPropertyName("noiseSnrDbMin")] public float NoiseSnrDbMin { get; init; } = 5f;

    [JsonPropertyName("noiseSnrDbMax")] public float NoiseSnrDbMax { get; init; } = 30f;

    [JsonIgnore] public bool IsOn => Type == Spectral;

    /// <summary>Field-named problems; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type is not (None or Spectral)) problems.Add($"type is '{Type}'; it must be '{None}' or '{Spectral}'.");
        if (!(Probability >= 0 && Probability <= 1)) problems.Add($"probability is {Probability}; it must be between 0 and 1.");
        if (!(Warp >= 0 && Warp < 0.5f)) problems.Add($"warp is {Warp}; it must be at least 0 and below 0.5.");
        if (!(GainDb >= 0 && GainDb <= 40)) problems.Add($"gainDb is {GainDb}; it must be between 0 and 40.");
        if (!(TiltDb >= 0 && TiltDb <= 40)) problems.Add($"tiltDb is {TiltDb}; it must be between 0 and 40.");
        if (!(NoiseSnrDbMin >= 0 && NoiseSnrDbMax >= NoiseSnrDbMin && NoiseSnrDbMax <= 120))
            problems.Add($"noiseSnrDbMin..noiseSnrDbMax is {NoiseSnrDbMin}..{NoiseSnrDbMax}; it must be an ordered range within 0..120.");
        return problems;
    }
}
