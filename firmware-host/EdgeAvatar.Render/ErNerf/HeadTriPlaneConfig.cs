using System.Text.Json.Serialization;
using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Render.ErNerf;

/// <summary>
/// What an <c>ernerf</c> head (<see cref="Head.HeadModelConfig.ErNerfVariant"/>) carries beside the fields every head
/// has (box, occupancy, marching, sigma and colour MLP widths): the grid of its three planes and the widths of its two
/// region-attention MLPs (docs/design/ernerf.md). The audio code width is the head's <c>AudioWidth</c>; the eye
/// input is one number, as for every head.
/// </summary>
public sealed record HeadTriPlaneConfig
{
    /// <summary>The grid of each of the three planes (2-D; <see cref="TriPlaneEncoding"/>).</summary>
    public GridEncodingConfig Plane { get; init; } = TriPlaneEncoding.ErNerfPlane;

    public int AttentionHidden { get; init; } = 64;

    public int AttentionHiddenLayers { get; init; } = 1;

    public int EyeAttentionHidden { get; init; } = 16;

    public int EyeAttentionHiddenLayers { get; init; } = 1;

    /// <summary>The tri-plane and attention fields of <paramref name="head"/>.</summary>
    public static HeadTriPlaneConfig From(ErNerfHeadConfig head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return new()
        {
            Plane = head.Plane, AttentionHidden = head.AttentionHidden, AttentionHiddenLayers = head.AttentionHiddenLayers,
            EyeAttentionHidden = head.EyeAttentionHidden, EyeAttentionHiddenLayers = head.EyeAttentionHiddenLayers,
        };
    }

    /// <summary>Spatial features per point: three planes' Levels × FeaturesPerLevel (derived, so not written to JSON).</summary>
    [JsonIgnore]
    public int SpatialWidth => TriPlaneEncoding.PlaneCount * Plane.OutputWidth;

    /// <summary>The region attention of a head whose audio code is <paramref name="audioWidth"/> floats.</summary>
    public RegionAttentionConfig RegionAttention(int audioWidth) => new()
    {
        SpatialWidth = SpatialWidth, AudioWidth = audioWidth, AudioHidden = AttentionHidden,
        AudioHiddenLayers = AttentionHiddenLayers, EyeWidth = 1, EyeHidden = EyeAttentionHidden,
        EyeHiddenLayers = EyeAttentionHiddenLayers,
    };

    /// <summary>Every problem with these fields (the attention MLPs are checked with the head's audio width).</summary>
    public IReadOnlyList<string> Validate(int audioWidth)
    {
        var problems = new List<string>();
        if (Plane is null)
        {
            problems.Add("Plane is missing.");
            return problems;
        }
        if (Plane.Dimensions != 2) problems.Add($"Plane has {Plane.Dimensions} dimensions; a tri-plane's grids are 2-D.");
        problems.AddRange(Plane.Validate().Select(p => "Plane: " + p));
        if (problems.Count == 0)
            problems.AddRange(RegionAttention(audioWidth).Validate().Select(p => "RegionAttention: " + p));
        return problems;
    }
}
