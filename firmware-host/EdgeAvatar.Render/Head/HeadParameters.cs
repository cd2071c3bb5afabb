using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// The head's parameter blocks inside the avatar's flat parameter array (see <see cref="ParameterLayout"/>).
/// Names are stable: the baker writes one .eavm tensor per block under these names. Which blocks exist depends on
/// the variant: radnerf has the ambient grid and MLP, r2talker the landmark grid and condition network instead; the
/// layout holds exactly the variant's set, so a bake writes and a load requires exactly those tensors.
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

    private readonly ParameterBlock? _ambientGrid, _ambientMlp;

    public HeadParameters(HeadModelConfig config, ParameterLayout layout, int latentRows)
    {
        Config = config.EnsureValid();
        SpatialGrid = layout.Add(SpatialGridName, new GridEncodingLayout(config.SpatialGrid).TableFloats, ParameterBlockKind.Grid);
        if (config.IsR2Talker)
        {
            LandmarkGrid = layout.Add(LandmarkGridName, new GridEncodingLayout(config.Condition!.Grid).TableFloats, ParameterBlockKind.Grid);
            ConditionNetwork = layout.Add(ConditionNetworkName,
                new Conditioning.ConditionNetwork(config.ConditionNetwork).ParameterCount, ParameterBlockKind.Network);
        }
        else
        {
            _ambientGrid = layout.Add(AmbientGridName, new GridEncodingLayout(config.AmbientGrid).TableFloats, ParameterBlockKind.Grid);
            _ambientMlp = layout.Add(AmbientMlpName, config.AmbientMlp.ParameterCount, ParameterBlockKind.Network);
        }
        SigmaMlp = layout.Add(SigmaMlpName, config.SigmaMlp.ParameterCount, ParameterBlockKind.Network);
        ColorMlp = layout.Add(ColorMlpName, config.ColorMlp.ParameterCount, ParameterBlockKind.Network);
        Latents = layout.Add(LatentsName, (long)latentRows * config.LatentWidth, ParameterBlockKind.Latent);
    }

    public HeadModelConfig Config { get; }
    public ParameterBlock SpatialGrid { get; }

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

    private static InvalidOperationException NoAmbient()
        => new($"an '{HeadModelConfig.R2TalkerVariant}' head has no ambient grid or MLP.");
}
