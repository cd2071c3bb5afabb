using System.Text.Json.Serialization;
using EdgeAvatar.Kernels;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Render.Torso;

/// <summary>
/// RAD-NeRF's pseudo-3D deformable torso, described as data (tiny-cuda-nn style). Per pixel:
/// <list type="number">
/// <item>deformation MLP: [freq(coord) (2 + 4·<see cref="CoordFrequencies"/>), freq(pose) (6 + 12·<see cref="PoseFrequencies"/>),
/// torso track · <see cref="TrackScale"/> (<see cref="TrackWidth"/>), latent (<see cref="LatentWidth"/>)] → <see cref="DeformHidden"/> × (<see cref="DeformLayers"/> − 1) → 2;
/// offset = <see cref="DeformScale"/> · tanh(output);</item>
/// <item>deformed = clamp(coord + offset, −1, 1), mapped to [0, 1] for the 2-D <see cref="Grid"/>;</item>
/// <item>colour MLP: [grid features, freq(pose), torso track, latent] → <see cref="ColorHidden"/> × (<see cref="ColorLayers"/> − 1) → 4;
/// sigmoid → RGB (outputs 0..2) and alpha (output 3).</item>
/// </list>
/// Both MLPs are bias-free with ReLU hidden activations, like RAD-NeRF's MLP class, and use the
/// <see cref="MlpConfig"/> weight layout so the fused MLP kernels can run them. "Layers" counts linear layers, as
/// RAD-NeRF's num_layers does (3 layers = 2 hidden layers).
/// <para>Parameter layout (one flat buffer): grid table (<see cref="GridEncodingLayout.TableFloats"/>), then the
/// deformation MLP's weights, then the colour MLP's weights.</para>
/// </summary>
public sealed record TorsoConfig
{
    public const string TypeName = "DeformableTorso";

    /// <summary>Pose values per frame: axis-angle rotation (3) and translation (3).</summary>
    public const int PoseWidth = 6;

    public string Type { get; init; } = TypeName;

    /// <summary><see cref="PoseInput"/> value: the head pose features (axis-angle and translation), RAD-NeRF's input.</summary>
    public const string RawPoseInput = "raw";

    /// <summary>
    /// <see cref="PoseInput"/> value: ER-NeRF's adaptive pose encoding, the image positions of
    /// <see cref="AnchorCount"/> learnable head-fixed anchors (<c>ErNerf.AdaptivePoseEncoding</c>), held in the
    /// <c>torso.anchors</c> parameter block.
    /// </summary>
    public const string AnchorsPoseInput = "anchors";

    /// <summary>Anchors of the <see cref="AnchorsPoseInput"/> input: their K × 2 image positions fill the
    /// <see cref="PoseWidth"/> pose numbers, so everything after the pose input keeps its width.</summary>
    public const int AnchorCount = PoseWidth / 2;

    /// <summary>
    /// What fills the <see cref="PoseWidth"/> head-pose numbers of the pose input: <see cref="RawPoseInput"/> (the
    /// default, so a config written before this field existed keeps its meaning) or <see cref="AnchorsPoseInput"/>.
    /// Allowed with every head variant: the anchors are computed on the host once per frame, on the CPU and Vulkan paths
    /// alike.
    /// </summary>
    public string PoseInput { get; init; } = RawPoseInput;

    /// <summary>True when the pose input is the anchors' projection (<see cref="AnchorsPoseInput"/>).</summary>
    [JsonIgnore]
    public bool HasAnchors => PoseInput == AnchorsPoseInput;

    /// <summary>The torso grid; must be 2-D.</summary>
    public GridEncodingConfig Grid { get; init; } = RadNerfGrid;

    /// <summary>Octaves of the pixel-coordinate encoding (frequencies 2^0 .. 2^(n−1)).</summary>
    public int CoordFrequencies { get; init; } = 10;

    /// <summary>Octaves of the pose encoding.</summary>
    public int PoseFrequencies { get; init; } = 4;

    /// <summary>Per-frame torso latent width (RAD-NeRF: 8).</summary>
    public int LatentWidth { get; init; } = 8;

    /// <summary>
    /// Measured torso motion inputs per frame (ours, not RAD-NeRF's): 0 for none, or
    /// <see cref="TorsoTrackWidth"/> — the pixel shifts of the left and right halves of the torso against a
    /// reference frame, measured from the frames like the head pose (trainer's Data/TorsoTracker.cs) and replayed with
    /// the idle pose track when the avatar is driven. Head pose alone explains the torso badly: the person shifts
    /// and breathes on their own. 0 is the default so configs written before this input existed keep their meaning.
    /// </summary>
    public int TrackWidth { get; init; }

    /// <summary>Input units per pixel of track shift (the shifts are a few pixels; this keeps inputs near ±1).</summary>
    public float TrackScale { get; init; } = 0.2f;

    /// <summary>The one track width the tracker measures: (dx, dy) of the left half, then of the right half.</summary>
    public const int TorsoTrackWidth = 4;

    /// <summary>
    /// Names the measurement behind the track inputs (required when <see cref="TrackWidth"/> is above 0). A torso
    /// trained on one tracker's values is only evaluated or trained further with values from the same tracker, so the
    /// trainer refuses a model whose method is not the one it measures with.
    /// </summary>
    public string TrackMethod { get; init; } = "";

    /// <summary>The trainer's tracker: left/right torso halves, coarse-to-fine SAD search, Lucas–Kanade refinement.</summary>
    public const string HalvesTrackMethod = "halves-sad-lk-2";

    public int DeformHidden { get; init; } = 64;

    /// <summary>Linear layers of the deformation MLP (≥ 1).</summary>
    public int DeformLayers { get; init; } = 3;

    public int ColorHidden { get; init; } = 32;

    /// <summary>Linear layers of the colour MLP (≥ 1).</summary>
    public int ColorLayers { get; init; } = 3;

    /// <summary>Largest offset, in [−1, 1] coordinate units: offset = DeformScale · tanh(raw).</summary>
    public float DeformScale { get; init; } = 0.25f;

    /// <summary>The RAD-NeRF-sized torso grid: 2-D tiled, 16 levels × 2 features, base 16, finest 2048, 2^18 per level.</summary>
    public static GridEncodingConfig RadNerfGrid { get; } = new()
    {
        Storage = GridStorage.Tiled, Dimensions = 2, Levels = 16, FeaturesPerLevel = 2,
        Log2TableSize = 18, BaseResolution = 16, FinestResolution = 2048,
    };

    /// <summary>RAD-NeRF sizes.</summary>
    public static TorsoConfig RadNerf { get; } = new() { TrackWidth = TorsoTrackWidth, TrackMethod = HalvesTrackMethod };

    /// <summary>
    /// A CPU-friendly torso (≈ 512 × 200 pixels per frame on a CPU): 12 levels, 2^16 per level, finest 512,
    /// 6 coordinate octaves, a colour MLP 16 × 1 hidden, and RAD-NeRF's deformation MLP (64 × 2 hidden), which
    /// measured better held out than a 32 × 1 one; a wider colour MLP or more coordinate octaves gained nothing
    /// (docs/results/2026-11-26-torso-stage.md).
    /// </summary>
    public static TorsoConfig Quick { get; } = new()
    {
        Grid = new GridEncodingConfig
        {
            Storage = GridStorage.Tiled, Dimensions = 2, Levels = 12, FeaturesPerLevel = 2,
            Log2TableSize = 16, BaseResolution = 16, FinestResolution = 512,
        },
        CoordFrequencies = 6, DeformHidden = 64, DeformLayers = 3, ColorHidden = 16, ColorLayers = 2,
        TrackWidth = TorsoTrackWidth, TrackMethod = HalvesTrackMethod,
    };

    /// <summary>Width of the coordinate encoding: 2 + 2·2·CoordFrequencies.</summary>
    [JsonIgnore]
    public int CoordEncodingWidth => 2 + 4 * CoordFrequencies;

    /// <summary>Per-frame pose input: head pose (<see cref="PoseWidth"/>: the raw pose features or the anchors'
    /// projections, <see cref="PoseInput"/>), then the torso track (<see cref="TrackWidth"/>).</summary>
    [JsonIgnore]
    public int PoseInputWidth => PoseWidth + TrackWidth;

    /// <summary>Width of the pose encoding: 6 + 6·2·PoseFrequencies for the head pose, then the scaled track.</summary>
    [JsonIgnore]
    public int PoseEncodingWidth => PoseWidth + 2 * PoseWidth * PoseFrequencies + TrackWidth;

    /// <summary>Per-frame part of both MLP inputs: [pose encoding, latent].</summary>
    [JsonIgnore]
    public int FrameInputWidth => PoseEncodingWidth + LatentWidth;

    /// <summary>The deformation network as an <see cref="MlpConfig"/> (input: coord encoding, then frame input).</summary>
    [JsonIgnore]
    public MlpConfig DeformMlp => new()
    {
        InputWidth = CoordEncodingWidth + FrameInputWidth, HiddenWidth = DeformHidden,
        HiddenLayers = DeformLayers - 1, OutputWidth = 2,
        Activation = MlpActivation.ReLU, OutputActivation = MlpActivation.None,
    };

    /// <summary>The colour network as an <see cref="MlpConfig"/> (input: grid features, then frame input).</summary>
    [JsonIgnore]
    public MlpConfig ColorMlp => new()
    {
        InputWidth = Grid.OutputWidth + FrameInputWidth, HiddenWidth = ColorHidden,
        HiddenLayers = ColorLayers - 1, OutputWidth = 4,
        Activation = MlpActivation.ReLU, OutputActivation = MlpActivation.None,
    };

    /// <summary>Grid table floats + both MLPs' weights (requires a valid config).</summary>
    [JsonIgnore]
    public int ParameterCount =>
        checked((int)new GridEncodingLayout(Grid).TableFloats + DeformMlp.ParameterCount + ColorMlp.ParameterCount);

    /// <summary>Every problem with this config, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Type != TypeName)
            problems.Add($"Type is '{Type}', expected '{TypeName}'.");
        if (PoseInput is not (RawPoseInput or AnchorsPoseInput))
            problems.Add($"PoseInput is '{PoseInput}'; it must be '{RawPoseInput}' or '{AnchorsPoseInput}'.");
        if (Grid is null)
        {
            problems.Add("Grid is missing.");
            return problems;
        }
        problems.AddRange(Grid.Validate().Select(p => "Grid: " + p));
        if (Grid.Dimensions != 2)
            problems.Add($"Grid.Dimensions is {Grid.Dimensions}; the torso grid is 2-D.");
        if (CoordFrequencies is < 0 or > 16)
            problems.Add($"CoordFrequencies is {CoordFrequencies}; it must be between 0 and 16.");
        if (PoseFrequencies is < 0 or > 16)
            problems.Add($"PoseFrequencies is {PoseFrequencies}; it must be between 0 and 16.");
        if (LatentWidth is < 0 or > 64)
            problems.Add($"LatentWidth is {LatentWidth}; it must be between 0 and 64.");
        if (TrackWidth != 0 && TrackWidth != TorsoTrackWidth)
            problems.Add($"TrackWidth is {TrackWidth}; it must be 0 (none) or {TorsoTrackWidth}.");
        if (TrackWidth > 0 && string.IsNullOrEmpty(TrackMethod))
            problems.Add("TrackMethod is empty; a torso with track inputs must name the tracker that measured them.");
        if (!(TrackScale > 0f && TrackScale <= 10f))
            problems.Add($"TrackScale is {TrackScale}; it must be in (0, 10].");
        if (DeformLayers < 1)
            problems.Add($"DeformLayers is {DeformLayers}; it must be at least 1.");
        if (ColorLayers < 1)
            problems.Add($"ColorLayers is {ColorLayers}; it must be at least 1.");
        if (!(DeformScale > 0f && DeformScale <= 2f))
            problems.Add($"DeformScale is {DeformScale}; it must be in (0, 2].");
        if (problems.Count == 0)
        {
            problems.AddRange(DeformMlp.Validate().Select(p => "deformation MLP: " + p));
            problems.AddRange(ColorMlp.Validate().Select(p => "colour MLP: " + p));
        }
        if (problems.Count == 0 && new GridEncodingLayout(Grid).TableFloats + DeformMlp.ParameterCount
            + ColorMlp.ParameterCount > int.MaxValue)
            problems.Add("the parameters do not fit one float buffer (more than 2^31 − 1 floats); shrink the grid.");
        return problems;
    }

    /// <summary>Throws <see cref="KernelConfigException"/> listing every problem, or returns this config.</summary>
    public TorsoConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new KernelConfigException("torso config", problems);
    }
}
