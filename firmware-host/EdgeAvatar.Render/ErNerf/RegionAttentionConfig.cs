using EdgeAvatar.Kernels;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Render.ErNerf;

/// <summary>
/// ER-NeRF's region attention, as data. Per sample point with spatial feature s (<see cref="SpatialWidth"/>, the
/// tri-plane features) and per frame audio code a (<see cref="AudioWidth"/>) and eye feature e (<see cref="EyeWidth"/>):
/// <code>
///   α = AudioMlp(s)            AudioWidth channel weights, no output activation (ER-NeRF's released code)
///   β = sigmoid(EyeMlp(s))     EyeWidth weights in (0, 1)
///   out = [a ⊙ α, e ⊙ β]       AudioWidth + EyeWidth floats: what joins s in the sigma MLP's input row [s, a⊙α, e⊙β]
/// </code>
/// Both MLPs are bias-free with ReLU hidden layers (ER-NeRF's MLP class; the fused kernel's contract), so their
/// weights use the <see cref="MlpConfig"/> layout. ER-NeRF: AudioMlp 36 → 64 → 32, EyeMlp 36 → 16 → 1.
/// </summary>
public sealed record RegionAttentionConfig
{
    public int SpatialWidth { get; init; } = 36;

    public int AudioWidth { get; init; } = 32;

    public int AudioHidden { get; init; } = 64;

    /// <summary>0 makes the audio attention one linear layer.</summary>
    public int AudioHiddenLayers { get; init; } = 1;

    /// <summary>ER-NeRF's eye input is one number (AU45, a blink measure); ours is one too.</summary>
    public int EyeWidth { get; init; } = 1;

    public int EyeHidden { get; init; } = 16;

    public int EyeHiddenLayers { get; init; } = 1;

    /// <summary>Floats per point of the attended conditions: AudioWidth + EyeWidth.</summary>
    public int OutputWidth => AudioWidth + EyeWidth;

    public MlpConfig AudioMlp => new()
    {
        InputWidth = SpatialWidth, HiddenWidth = AudioHidden, HiddenLayers = AudioHiddenLayers, OutputWidth = AudioWidth,
    };

    public MlpConfig EyeMlp => new()
    {
        InputWidth = SpatialWidth, HiddenWidth = EyeHidden, HiddenLayers = EyeHiddenLayers, OutputWidth = EyeWidth,
    };

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SpatialWidth < 1) problems.Add($"SpatialWidth is {SpatialWidth}; it must be at least 1.");
        if (AudioWidth < 1) problems.Add($"AudioWidth is {AudioWidth}; it must be at least 1.");
        if (EyeWidth < 1) problems.Add($"EyeWidth is {EyeWidth}; it must be at least 1.");
        if (problems.Count == 0)
        {
            problems.AddRange(AudioMlp.Validate().Select(p => "AudioMlp: " + p));
            problems.AddRange(EyeMlp.Validate().Select(p => "EyeMlp: " + p));
        }
        return problems;
    }

    /// <summary>Throws <see cref="KernelConfigException"/> listing every problem, or returns this config.</summary>
    public RegionAttentionConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("region attention config", problems);
    }
}
