using System.Numerics;
using System.Text.Json.Serialization;
using EdgeAvatar.Kernels;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Conditioning;
using EdgeAvatar.Render.ErNerf;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// The head field of a RAD-NeRF-class avatar, as data (tiny-cuda-nn style, tagged by <see cref="Type"/>).
/// Per sample point x (head frame, see trainer/EdgeAvatar.Prepare/Pose/CONVENTIONS.md) and per frame audio code a:
/// <code>
///   s   = SpatialGrid((x - BoxMin) / BoxSize)                       spatial features, 3-D tiled grid
///   u   = AmbientMlp([s, a])                                        2 outputs, or 3 with AudioGate
///   c   = tanh(u[0..2])                                             2-D "ambient" (audio) coordinate in [-1,1]²
///   q   = AmbientGrid((c + 1) / 2)                                  audio features, 2-D tiled grid
///   γ   = sigmoid(u[2])                                             per-point audio gate (AudioGate only)
///   h   = SigmaMlp([s, q, γ·a, eye])  ([s, q, eye] without the gate) h[0] → σ = trunc_exp(h[0]); h[1..] geometry
///   rgb = sigmoid(ColorMlp([h[1..], SH4(view dir), latent]))
/// </code>
/// All MLPs are bias-free with ReLU hidden layers (the shared fused kernel's contract).
/// <para>Variant <see cref="R2TalkerVariant"/> (docs/design/r2talker.md) conditions on landmarks instead: no ambient
/// grid or MLP and no audio reach the field; the sigma MLP's input is [s, eye] and each of its hidden layers is
/// FiLM-modulated, h ← act(W h) ⊙ (1 + scale) + shift, by a per-frame vector the condition network makes from the
/// frame's landmarks (<see cref="Condition"/>). The ambient fields of the config are then unused.</para>
/// <para>Variant <see cref="ErNerfVariant"/> (docs/design/ernerf.md) replaces the spatial grid by a tri-plane and the
/// ambient stage by region attention (<see cref="TriPlane"/>): s = TriPlane(x), sigma input [s, a ⊙ α(s), eye ⊙ β(s)];
/// the spatial and ambient grid fields, the ambient MLP and the audio gate are then unused (the gate must be off).</para>
/// </summary>
public sealed record HeadModelConfig
{
    public const string TypeName = "RadNerfHead";

    /// <summary>Spherical-harmonics degree-4 view encoding width.</summary>
    public const int DirectionWidth = 16;

    /// <summary>The audio-conditioned RAD-NeRF head (every model made before variants existed reads as it).</summary>
    public const string RadNerfVariant = "radnerf";

    /// <summary>The landmark-conditioned R2-Talker head (FiLM on the sigma MLP).</summary>
    public const string R2TalkerVariant = "r2talker";

    /// <summary>The ER-NeRF head: tri-plane hash grids and region attention (no ambient stage).</summary>
    public const string ErNerfVariant = "ernerf";

    public string Type { get; init; } = TypeName;

    /// <summary><see cref="RadNerfVariant"/> (the JSON default), <see cref="R2TalkerVariant"/> or <see cref="ErNerfVariant"/>.</summary>
    public string Variant { get; init; } = RadNerfVariant;

    /// <summary>The landmark condition; present exactly when <see cref="Variant"/> is <see cref="R2TalkerVariant"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HeadConditionConfig? Condition { get; init; }

    /// <summary>The tri-plane grid and region-attention widths; present exactly when <see cref="Variant"/> is <see cref="ErNerfVariant"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HeadTriPlaneConfig? TriPlane { get; init; }

    public GridEncodingConfig SpatialGrid { get; init; } = GridEncodingConfig.RadNerfHead;

    public GridEncodingConfig AmbientGrid { get; init; } = GridEncodingConfig.RadNerfAudio;

    /// <summary>Width of the per-frame audio code fed to the ambient MLP (the audio network's output).</summary>
    public int AudioWidth { get; init; } = 64;

    public int AmbientHidden { get; init; } = 64;

    public int AmbientHiddenLayers { get; init; } = 2;

    /// <summary>Geometry features passed from the sigma MLP to the colour MLP.</summary>
    public int GeometryWidth { get; init; } = 64;

    public int SigmaHidden { get; init; } = 64;

    public int SigmaHiddenLayers { get; init; } = 2;

    public int ColorHidden { get; init; } = 64;

    public int ColorHiddenLayers { get; init; } = 1;

    /// <summary>
    /// Direct, gated audio path (after ER-NeRF's region attention): the audio code, scaled by a per-point gate
    /// γ = sigmoid(third ambient output), also enters the sigma MLP. Without it the audio reaches the density only
    /// through the 2-D ambient grid, whose gradient with respect to its coordinate starts near zero (tables start at
    /// ±1e-4): without this path the lips stayed closed whatever the audio (docs/results/2026-11-26-gated-audio-path.md).
    /// The trainer keeps γ near 0 outside the face (L1, like the coordinate), so speech
    /// moves only the face. False for files made before it existed (JSON default).
    /// </summary>
    public bool AudioGate { get; init; }

    /// <summary>Per-frame latent code width (RAD-NeRF: 4).</summary>
    public int LatentWidth { get; init; } = 4;

    /// <summary>Head box in world units (min x, y, z, max x, y, z); the grids span it.</summary>
    public float[] Box { get; init; } = [-0.6f, -0.75f, -0.6f, 0.6f, 0.6f, 0.6f];

    /// <summary>Occupancy grid cells per axis over <see cref="Box"/>.</summary>
    public int OccupancyResolution { get; init; } = 128;

    /// <summary>Most occupied samples per ray.</summary>
    public int MaxSteps { get; init; } = 16;

    /// <summary>Distance between samples in world units.</summary>
    public float StepSize { get; init; } = RayMarcherConfig.RadNerfStep;

    /// <summary>
    /// RAD-NeRF's full-size head, with the gated direct audio path and so a 32-wide audio code (with 64 the sigma
    /// MLP's input would be 32 + 32 + 64 + 1 = 129, over the fused kernel's 128).
    /// </summary>
    public static HeadModelConfig RadNerf { get; } = new() { AudioGate = true, AudioWidth = 32 };

    /// <summary>
    /// A head small enough to learn on two CPU cores in minutes: coarser finest level and smaller tables (cache
    /// friendly), one hidden layer per MLP, 15 geometry features (instant-ngp's choice).
    /// </summary>
    public static HeadModelConfig Quick { get; } = new()
    {
        SpatialGrid = GridEncodingConfig.RadNerfHead with { Levels = 12, Log2TableSize = 15, FinestResolution = 1024 },
        AmbientGrid = GridEncodingConfig.RadNerfAudio with { Levels = 8, Log2TableSize = 12, FinestResolution = 256 },
        AudioWidth = 32,
        AmbientHidden = 32,
        AmbientHiddenLayers = 1,
        GeometryWidth = 15,
        SigmaHidden = 64,
        SigmaHiddenLayers = 1,
        ColorHidden = 32,
        ColorHiddenLayers = 1,
        AudioGate = true,
        OccupancyResolution = 64,
        MaxSteps = 24,
    };

    /// <summary>The quick head with landmark conditioning instead of audio (same spatial grid, MLP widths and colour).</summary>
    public static HeadModelConfig QuickR2Talker { get; } = Quick with
    {
        Variant = R2TalkerVariant, AudioGate = false, Condition = new HeadConditionConfig(),
    };

    /// <summary>
    /// The quick preset's ernerf head (<see cref="ErNerfHeadConfig.Quick"/>'s plane grid, attention and MLP widths) with
    /// the quick radnerf head's box, occupancy and marching.
    /// </summary>
    public static HeadModelConfig QuickErNerf { get; } = WithErNerf(Quick, ErNerfHeadConfig.Quick);

    /// <summary>
    /// <paramref name="head"/> switched to the ernerf variant with <paramref name="sizes"/>' plane grid, attention and
    /// MLP widths; box, occupancy and marching stay <paramref name="head"/>'s, the audio gate goes off.
    /// </summary>
    public static HeadModelConfig WithErNerf(HeadModelConfig head, ErNerfHeadConfig sizes)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(sizes);
        return head with
        {
            Variant = ErNerfVariant, TriPlane = HeadTriPlaneConfig.From(sizes), Condition = null, AudioGate = false,
            AudioWidth = sizes.AudioWidth, GeometryWidth = sizes.GeometryWidth, SigmaHidden = sizes.SigmaHidden,
            SigmaHiddenLayers = sizes.SigmaHiddenLayers, ColorHidden = sizes.ColorHidden,
            ColorHiddenLayers = sizes.ColorHiddenLayers, LatentWidth = sizes.LatentWidth,
        };
    }

    [JsonIgnore]
    public bool IsR2Talker => Variant == R2TalkerVariant;

    [JsonIgnore]
    public bool IsErNerf => Variant == ErNerfVariant;

    /// <summary>Spatial features per point: the tri-plane's (ernerf) or the spatial grid's.</summary>
    [JsonIgnore]
    public int SpatialWidth => IsErNerf && TriPlane is { } t ? t.SpatialWidth : SpatialGrid.OutputWidth;

    /// <summary>An ernerf head's region attention (its audio code is <see cref="AudioWidth"/> floats).</summary>
    [JsonIgnore]
    public RegionAttentionConfig RegionAttention => (TriPlane ?? throw new InvalidOperationException(
        $"only an '{ErNerfVariant}' head has region attention; this one is '{Variant}'.")).RegionAttention(AudioWidth);

    /// <summary>
    /// Floats of the per-frame code the field takes beside the points: the audio code (<see cref="AudioWidth"/>) for
    /// radnerf, the FiLM vector (2 × SigmaHiddenLayers × SigmaHidden) for r2talker.
    /// </summary>
    [JsonIgnore]
    public int FrameCodeWidth => IsR2Talker ? 2 * SigmaHiddenLayers * SigmaHidden : AudioWidth;

    /// <summary>The condition network of an r2talker head: encoded landmarks → the sigma MLP's FiLM vector.</summary>
    [JsonIgnore]
    public ConditionNetworkConfig ConditionNetwork => new()
    {
        InputWidth = Condition is { } k ? k.WindowFrames * k.Frame.Indices.Length * k.Grid.OutputWidth : 0,
        HiddenWidth = Condition?.NetworkHidden ?? 0, HiddenLayers = Condition?.NetworkHiddenLayers ?? 0,
        FilmLayers = SigmaHiddenLayers, FilmWidth = SigmaHidden,
    };

    [JsonIgnore]
    public Aabb Bounds => new(new Vector3(Box[0], Box[1], Box[2]), new Vector3(Box[3], Box[4], Box[5]));

    /// <summary>Ambient MLP outputs: the 2-D coordinate, plus the gate's pre-activation with <see cref="AudioGate"/>.</summary>
    [JsonIgnore]
    public int AmbientOutputs => AudioGate ? 3 : 2;

    /// <summary>Audio floats in a sigma MLP input row (γ·a): <see cref="AudioWidth"/> with the gate, else 0.</summary>
    [JsonIgnore]
    public int SigmaAudioWidth => AudioGate ? AudioWidth : 0;

    [JsonIgnore]
    public MlpConfig AmbientMlp => new()
    {
        InputWidth = SpatialGrid.OutputWidth + AudioWidth, HiddenWidth = AmbientHidden,
        HiddenLayers = AmbientHiddenLayers, OutputWidth = AmbientOutputs,
    };

    /// <summary>
    /// Sigma MLP input row: [spatial, ambient, γ·audio (gate only), eye]; r2talker: [spatial, eye]; ernerf:
    /// [tri-plane, a ⊙ α, eye ⊙ β].
    /// </summary>
    [JsonIgnore]
    public MlpConfig SigmaMlp => new()
    {
        InputWidth = SpatialWidth + (IsR2Talker ? 0 : IsErNerf ? AudioWidth : AmbientGrid.OutputWidth + SigmaAudioWidth) + 1,
        HiddenWidth = SigmaHidden,
        HiddenLayers = SigmaHiddenLayers, OutputWidth = 1 + GeometryWidth,
    };

    [JsonIgnore]
    public MlpConfig ColorMlp => new()
    {
        InputWidth = GeometryWidth + DirectionWidth + LatentWidth, HiddenWidth = ColorHidden,
        HiddenLayers = ColorHiddenLayers, OutputWidth = 3,
    };

    [JsonIgnore]
    public RayMarcherConfig Marcher => new() { Box = Bounds, MaxSteps = MaxSteps, StepSize = StepSize };

    /// <summary>Every problem with this config; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName) problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        if (Variant is not (RadNerfVariant or R2TalkerVariant or ErNerfVariant))
            problems.Add($"Variant is '{Variant}'; it must be '{RadNerfVariant}', '{R2TalkerVariant}' or '{ErNerfVariant}'.");
        else if (IsR2Talker)
        {
            if (Condition is null) problems.Add($"Condition is missing; the '{R2TalkerVariant}' head needs its landmark condition.");
            else problems.AddRange(Condition.Validate().Select(p => "Condition: " + p));
            if (AudioGate) problems.Add($"AudioGate is true; the '{R2TalkerVariant}' head takes no audio.");
            if (SigmaHiddenLayers < 1) problems.Add($"SigmaHiddenLayers is {SigmaHiddenLayers}; FiLM needs at least one hidden layer.");
        }
        else if (Condition is not null)
            problems.Add($"Condition is set; only the '{R2TalkerVariant}' head takes a landmark condition.");
        if (IsErNerf)
        {
            if (TriPlane is null) problems.Add($"TriPlane is missing; the '{ErNerfVariant}' head needs its plane grid and attention widths.");
            else problems.AddRange(TriPlane.Validate(AudioWidth).Select(p => "TriPlane: " + p));
            // The attention's per-channel weights replace the gate: a gated ernerf head has no meaning.
            if (AudioGate) problems.Add($"AudioGate is true; the '{ErNerfVariant}' head attends to the audio through region attention instead.");
        }
        else if (TriPlane is not null)
            problems.Add($"TriPlane is set; only the '{ErNerfVariant}' head has a tri-plane.");
        if (SpatialGrid.Dimensions != 3) problems.Add("SpatialGrid must have 3 dimensions.");
        if (AmbientGrid.Dimensions != 2) problems.Add("AmbientGrid must have 2 dimensions.");
        problems.AddRange(SpatialGrid.Validate().Select(p => "SpatialGrid: " + p));
        problems.AddRange(AmbientGrid.Validate().Select(p => "AmbientGrid: " + p));
        if (AudioWidth is < 1 or > 96) problems.Add($"AudioWidth is {AudioWidth}; it must be 1..96.");
        if (GeometryWidth is < 1 or > 127) problems.Add($"GeometryWidth is {GeometryWidth}; it must be 1..127.");
        if (LatentWidth is < 0 or > 16) problems.Add($"LatentWidth is {LatentWidth}; it must be 0..16.");
        if (Box is not { Length: 6 } || Box[0] >= Box[3] || Box[1] >= Box[4] || Box[2] >= Box[5])
            problems.Add("Box must be 6 numbers, min < max on every axis.");
        if (OccupancyResolution is < 8 or > 256) problems.Add($"OccupancyResolution is {OccupancyResolution}; it must be 8..256.");
        if (MaxSteps is < 1 or > 256) problems.Add($"MaxSteps is {MaxSteps}; it must be 1..256.");
        if (!(StepSize > 0f)) problems.Add("StepSize must be positive.");
        if (problems.Count == 0)
        {
            // An ernerf head has no ambient MLP; its tri-plane and attention were checked above.
            if (IsR2Talker) problems.AddRange(ConditionNetwork.Validate().Select(p => "ConditionNetwork: " + p));
            else if (!IsErNerf) problems.AddRange(AmbientMlp.Validate().Select(p => "AmbientMlp: " + p));
            problems.AddRange(SigmaMlp.Validate().Select(p => "SigmaMlp: " + p));
            problems.AddRange(ColorMlp.Validate().Select(p => "ColorMlp: " + p));
        }
        return problems;
    }

    public HeadModelConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("head model config", problems);
    }
}
