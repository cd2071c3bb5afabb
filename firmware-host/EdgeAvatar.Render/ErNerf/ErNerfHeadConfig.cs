using EdgeAvatar.Kernels;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.ErNerf;

/// <summary>
/// The sizes of an ER-NeRF head, as data (not yet a head the renderers or the trainer build; docs/design/ernerf.md).
/// Per sample point x (box-normalised) and per frame audio code a and eye feature e:
/// <code>
///   s   = TriPlane(x)                                  3 × Plane.Levels × Plane.FeaturesPerLevel features
///   r   = RegionAttention(s, a, e)                      [a ⊙ α(s), e ⊙ β(s)]
///   h   = SigmaMlp([s, r])                              h[0] → σ; h[1..] geometry
///   rgb = sigmoid(ColorMlp([h[1..], SH4(view dir), latent]))
/// </code>
/// No ambient grid and no ambient MLP: region attention takes the place of RAD-NeRF's audio coordinate. The box,
/// occupancy and marching fields are <see cref="HeadModelConfig"/>'s and stay there when the variant is wired.
/// </summary>
public sealed record ErNerfHeadConfig
{
    public const string TypeName = "ErNerfHead";

    public string Type { get; init; } = TypeName;

    /// <summary>The grid of each of the three planes (2-D).</summary>
    public GridEncodingConfig Plane { get; init; } = TriPlaneEncoding.ErNerfPlane;

    public int AudioWidth { get; init; } = 32;

    public int AttentionHidden { get; init; } = 64;

    public int AttentionHiddenLayers { get; init; } = 1;

    public int EyeAttentionHidden { get; init; } = 16;

    public int EyeAttentionHiddenLayers { get; init; } = 1;

    public int GeometryWidth { get; init; } = 64;

    public int SigmaHidden { get; init; } = 64;

    public int SigmaHiddenLayers { get; init; } = 2;

    public int ColorHidden { get; init; } = 64;

    public int ColorHiddenLayers { get; init; } = 1;

    public int LatentWidth { get; init; } = 4;

    /// <summary>ER-NeRF's head: its planes, attention MLPs (36 → 64 → 32, 36 → 16 → 1), sigma 69 → 64 → 64 → 65, colour 84 → 64 → 3.</summary>
    public static ErNerfHeadConfig Full { get; } = new();

    /// <summary>
    /// A head for two CPU cores (our choice, unmeasured): half-size plane tables with a coarser finest level, and the
    /// narrower networks of the radnerf quick head (one hidden layer each, 15 geometry features, 32-wide colour).
    /// </summary>
    public static ErNerfHeadConfig Quick { get; } = new()
    {
        Plane = TriPlaneEncoding.ErNerfPlane with { Log2TableSize = 13, FinestResolution = 256 },
        AttentionHidden = 32,
        GeometryWidth = 15,
        SigmaHiddenLayers = 1,
        ColorHidden = 32,
    };

    /// <summary>Spatial features per point: three planes' Levels × FeaturesPerLevel.</summary>
    public int SpatialWidth => TriPlaneEncoding.PlaneCount * Plane.OutputWidth;

    public RegionAttentionConfig RegionAttention => new()
    {
        SpatialWidth = SpatialWidth, AudioWidth = AudioWidth, AudioHidden = AttentionHidden,
        AudioHiddenLayers = AttentionHiddenLayers, EyeWidth = 1, EyeHidden = EyeAttentionHidden,
        EyeHiddenLayers = EyeAttentionHiddenLayers,
    };

    /// <summary>Sigma MLP input row: [spatial, attended audio, attended eye].</summary>
    public MlpConfig SigmaMlp => new()
    {
        InputWidth = SpatialWidth + RegionAttention.OutputWidth, HiddenWidth = SigmaHidden,
        HiddenLayers = SigmaHiddenLayers, OutputWidth = 1 + GeometryWidth,
    };

    public MlpConfig ColorMlp => new()
    {
        InputWidth = GeometryWidth + HeadModelConfig.DirectionWidth + LatentWidth, HiddenWidth = ColorHidden,
        HiddenLayers = ColorHiddenLayers, OutputWidth = 3,
    };

    /// <summary>Floats of the three plane tables.</summary>
    public long TriPlaneFloats => new TriPlaneEncoding(Plane).TableFloats;

    /// <summary>Parameters a baked head holds: tables, the four MLPs, and one (mean) latent row.</summary>
    public long BakedParameterCount => TriPlaneFloats + RegionAttention.AudioMlp.ParameterCount
        + RegionAttention.EyeMlp.ParameterCount + SigmaMlp.ParameterCount + ColorMlp.ParameterCount + LatentWidth;

    /// <summary>Every problem with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName) problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        if (Plane.Dimensions != 2) problems.Add("Plane must have 2 dimensions.");
        problems.AddRange(Plane.Validate().Select(p => "Plane: " + p));
        if (AudioWidth is < 1 or > 96) problems.Add($"AudioWidth is {AudioWidth}; it must be 1..96.");
        if (GeometryWidth is < 1 or > 127) problems.Add($"GeometryWidth is {GeometryWidth}; it must be 1..127.");
        if (LatentWidth is < 0 or > 16) problems.Add($"LatentWidth is {LatentWidth}; it must be 0..16.");
        if (problems.Count == 0)
        {
            problems.AddRange(RegionAttention.Validate().Select(p => "RegionAttention: " + p));
            problems.AddRange(SigmaMlp.Validate().Select(p => "SigmaMlp: " + p));
            problems.AddRange(ColorMlp.Validate().Select(p => "ColorMlp: " + p));
        }
        return problems;
    }

    public ErNerfHeadConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("ER-NeRF head config", problems);
    }
}
