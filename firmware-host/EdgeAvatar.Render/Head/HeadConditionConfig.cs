using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Conditioning;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// The landmark condition of an <c>r2talker</c> head (docs/design/r2talker.md), as data stored with the model: which
/// landmarks and how they are put in the head frame (<see cref="Frame"/>), the landmark grid they are looked up in
/// (<see cref="Grid"/>), how many frames a condition spans (<see cref="WindowFrames"/>) and the condition network's
/// hidden widths. The network's output, the FiLM vector, is sized by the sigma MLP it modulates, so it is not stored
/// here (<see cref="HeadModelConfig.ConditionNetwork"/> derives it).
/// </summary>
public sealed record HeadConditionConfig
{
    /// <summary>Windows the trainer and renderers feed today: one frame (R2-Talker's 5 is not wired).</summary>
    public const int SupportedWindowFrames = 1;

    public LandmarkFrameConfig Frame { get; init; } = new();

    public GridEncodingConfig Grid { get; init; } = LandmarkGridEncoding.DefaultGrid;

    /// <summary>W, frames of landmarks per condition (oldest first).</summary>
    public int WindowFrames { get; init; } = SupportedWindowFrames;

    public int NetworkHidden { get; init; } = 64;

    /// <summary>0 makes the condition network one linear layer.</summary>
    public int NetworkHiddenLayers { get; init; } = 1;

    /// <summary>Floats of one condition's positions: W × L × 2, each in [0, 1].</summary>
    public int PositionFloats => WindowFrames * 2 * (Frame?.Indices?.Length ?? 0);

    /// <summary>Every problem with this section, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Frame is null) problems.Add("Frame is missing.");
        else problems.AddRange(Frame.Validate().Select(p => "Frame: " + p));
        if (Grid is null) problems.Add("Grid is missing.");
        else
        {
            if (Grid.Dimensions != 2) problems.Add($"Grid has {Grid.Dimensions} dimensions; the landmark grid is 2-D.");
            problems.AddRange(Grid.Validate().Select(p => "Grid: " + p));
        }
        if (WindowFrames != SupportedWindowFrames)
            problems.Add($"WindowFrames is {WindowFrames}; only {SupportedWindowFrames} is supported.");
        if (NetworkHidden is < 1 or > 1024) problems.Add($"NetworkHidden is {NetworkHidden}; it must be 1..1024.");
        if (NetworkHiddenLayers is < 0 or > 8) problems.Add($"NetworkHiddenLayers is {NetworkHiddenLayers}; it must be 0..8.");
        return problems;
    }
}
