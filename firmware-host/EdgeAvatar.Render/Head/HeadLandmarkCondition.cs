using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Conditioning;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// The per-frame condition of an r2talker head: a frame's landmarks → positions in the head frame
/// (<see cref="HeadFrameLandmarks"/>, the model's <see cref="HeadConditionConfig.Frame"/>) → the FiLM vector the head
/// field takes as its frame code (<see cref="LandmarkConditioner"/> on the model's landmark grid and condition
/// network). The trainer, the CPU renderer and eval use this one object, so a model renders with the condition it
/// was trained on. It holds no mutable state, so one instance may serve several threads.
/// </summary>
public sealed class HeadLandmarkCondition
{
    public HeadLandmarkCondition(HeadModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.EnsureValid().IsR2Talker || config.Condition is not { } condition)
            throw new ArgumentException($"a landmark condition belongs to an '{HeadModelConfig.R2TalkerVariant}' head; this one is '{config.Variant}'.", nameof(config));
        Config = condition;
        Conditioner = new LandmarkConditioner(new LandmarkGridEncoding(condition.Grid, condition.Frame.Indices.Length),
            new ConditionNetwork(config.ConditionNetwork));
    }

    public HeadConditionConfig Config { get; }

    public LandmarkConditioner Conditioner { get; }

    /// <summary>Floats of one condition's positions (W × L × 2, in [0, 1]).</summary>
    public int PositionFloats => Conditioner.PositionFloats;

    /// <summary>Floats of the FiLM vector (the head's frame code).</summary>
    public int FilmFloats => Conditioner.Network.Config.OutputWidth;

    /// <summary>Floats the backward needs saved per condition: the encoding and the network's hidden activations.</summary>
    public int EncodedFloats => Conditioner.Network.Config.InputWidth;

    public int HiddenFloats => Conditioner.Network.HiddenFloats;

    /// <summary>
    /// One frame's 68 dlib landmarks (pixels of <paramref name="camera"/>'s image) → its positions (W = 1).
    /// </summary>
    public void Positions(PinholeCamera camera, ReadOnlySpan<float> landmarks68, Span<float> positions)
        => HeadFrameLandmarks.Normalise(Config.Frame, camera, landmarks68, positions);

    /// <summary>Positions → FiLM vector; <paramref name="encoded"/> and <paramref name="hidden"/> may be empty (render) or
    /// <see cref="EncodedFloats"/> / <see cref="HiddenFloats"/> floats (kept for the trainer's backward).</summary>
    public void Film(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> positions, Span<float> film,
        Span<float> encoded, Span<float> hidden)
    {
        var grid = blocks.LandmarkGrid ?? throw new ArgumentException("the head's blocks have no landmark grid.", nameof(blocks));
        var net = blocks.ConditionNetwork!;
        Conditioner.Forward(parameters.Slice(grid.Offset, grid.Count), parameters.Slice(net.Offset, net.Count), positions,
            film, encoded, hidden);
    }
}
