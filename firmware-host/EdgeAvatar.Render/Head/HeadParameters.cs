using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// The head's parameter blocks inside the avatar's flat parameter array (see <see cref="ParameterLayout"/>).
/// Names are stable: the baker writes one .eavm tensor per block under these names. Which blocks exist depends on
/// the variant: radnerf has the spatial grid and the ambient grid and MLP, r2talker the spatial grid and the landmark
/// grid and condition network, ernerf the tri-plane table and the two region-attention MLPs (no spatial or ambient
/// block); the layout holds exactly the variant's set, so a bake writes and a load requires exactly those tensors.
/// </summary>
public sealed class HeadParameters
{
    public const string SpatialGridName = "head.spatial_grid";
    public const string AmbientGridName = "head.ambient_grid";
    public const string AmbientMlpName = "head.ambient_mlp";
    public const string SigmaMlpName = "head.sigma_mlp";
    public const string ColorMlpName = "head.color_mlp";
    public const string LatentsName = "head.latents";
    public const string LandmarkGridName = "head.landmark_grid";
    public const string ConditionNetworkName = "head.condition_net";
    public const string TriPlaneName = "head.triplane";
    public const string AudioAttentionName = "head.audio_attention";
    public const string EyeAttentionName = "head.eye_attention";

    private readonly ParameterBlock? _spatialGrid, _ambientGrid, _ambientMlp;

    public HeadParameters(HeadModelConfig config, ParameterLayout layout, int latentRows)
    {
        Config = config.EnsureValid();
        if (config.IsErNerf)
        {
            // Layout order (tri-plane, audio attention, eye attention, then sigma/colour/latents) is the bake order.
            var attention = config.RegionAttention;
            TriPlane = layout.Add(TriPlaneName, new ErNerf.TriPlaneEncoding(config.TriPlane!.Plane).TableFloats, ParameterBlockKind.Grid);
            AudioAttention = layout.Add(AudioAttentionName, attention.AudioMlp.ParameterCount, ParameterBlockKind.Network);
            EyeAttention = layout.Add(EyeAttentionName, attention.EyeMlp.ParameterCount, ParameterBlockKind.Network);
        }
        else
            _spatialGrid = layout.Add(SpatialGridName, new GridEncodingLayout(config.SpatialGrid).TableFloats, ParameterBlockKind.Grid);
        if (config.IsR2Talker)
        {
            LandmarkGrid = layout.Add(LandmarkGridName, new GridEncodingLayout(config.Condition!.Grid).TableFloats, ParameterBlockKind.Grid);
            ConditionNetwork = layout.Add(ConditionNetworkName,
                new Conditioning.ConditionNetwork(config.ConditionNetwork).ParameterCount, ParameterBlockKind.Network);
        }
        else if (!config.IsErNerf) // ernerf: region attention takes the ambient stage's place
        {
            _ambientGrid = layout.Add(AmbientGridName, new GridEncodingLayout(config.AmbientGrid).TableFloats, ParameterBlockKind.Grid);
            _ambientMlp = layout.Add(AmbientMlpName, config.AmbientMlp.ParameterCount, ParameterBlockKind.Network);
        }
        SigmaMlp = layout.Add(SigmaMlpName, config.SigmaMlp.ParameterCount, ParameterBlockKind.Network);
        ColorMlp = layout.Add(ColorMlpName, config.ColorMlp.ParameterCount, ParameterBlockKind.Network);
        Latents = layout.Add(LatentsName, (long)latentRows * config.LatentWidth, ParameterBlockKind.Latent);
    }

    public HeadModelConfig Config { get; }

    /// <summary>The radnerf or r2talker head's 3-D spatial grid; an ernerf head has a tri-plane instead.</summary>
    public ParameterBlock SpatialGrid => _spatialGrid ?? throw new InvalidOperationException(
        $"an '{HeadModelConfig.ErNerfVariant}' head has no spatial grid (its spatial features come from {TriPlaneName}).");

    /// <summary>The ernerf head's three plane tables, xy, yz, xz back to back; null for the other variants.</summary>
    public ParameterBlock? TriPlane { get; }

    /// <summary>The ernerf head's audio attention MLP (α); null for the other variants.</summary>
    public ParameterBlock? AudioAttention { get; }

    /// <summary>The ernerf head's eye attention MLP (β before its sigmoid); null for the other variants.</summary>
    public ParameterBlock? EyeAttention { get; }

    /// <summary>True for the radnerf head: it has the ambient grid and MLP.</summary>
    public bool HasAmbient => _ambientGrid is not null;

    /// <summary>The radnerf head's ambient grid; an r2talker head has none (code that reaches here for one is a bug).</summary>
    public ParameterBlock AmbientGrid => _ambientGrid ?? throw NoAmbient();

    /// <summary>The radnerf head's ambient MLP; an r2talker head has none.</summary>
    public ParameterBlock AmbientMlp => _ambientMlp ?? throw NoAmbient();

    /// <summary>The r2talker head's landmark grid table; null for radnerf.</summary>
    public ParameterBlock? LandmarkGrid { get; }

    /// <summary>The r2talker head's condition network (landmark features → FiLM vector); null for radnerf.</summary>
    public ParameterBlock? ConditionNetwork { get; }

    public ParameterBlock SigmaMlp { get; }
    public ParameterBlock ColorMlp { get; }
    public ParameterBlock Latents { get; }

    private InvalidOperationException NoAmbient()
        => new($"an '{Config.Variant}' head has no ambient grid or MLP.");
}
