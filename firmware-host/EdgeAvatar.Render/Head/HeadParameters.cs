using EdgeAvatar.Render.Avatar;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// The head's parameter blocks inside the avatar's flat parameter array (see <see cref="ParameterLayout"/>).
/// Names are stable: the baker writes one .eavm tensor per block under these names.
/// </summary>
public sealed class HeadParameters
{
    public const string SpatialGridName = "head.spatial_grid";
    public const string AmbientGridName = "head.ambient_grid";
    public const string AmbientMlpName = "head.ambient_mlp";
    public const string SigmaMlpName = "head.sigma_mlp";
    public const string ColorMlpName = "head.color_mlp";
    public const string LatentsName = "head.latents";

    public HeadParameters(HeadModelConfig config, ParameterLayout layout, int latentRows)
    {
        Config = config.EnsureValid();
        SpatialGrid = layout.Add(SpatialGridName, new Kernels.Encodings.GridEncodingLayout(config.SpatialGrid).TableFloats, ParameterBlockKind.Grid);
        AmbientGrid = layout.Add(AmbientGridName, new Kernels.Encodings.GridEncodingLayout(config.AmbientGrid).TableFloats, ParameterBlockKind.Grid);
        AmbientMlp = layout.Add(AmbientMlpName, config.AmbientMlp.ParameterCount, ParameterBlockKind.Network);
        SigmaMlp = layout.Add(SigmaMlpName, config.SigmaMlp.ParameterCount, ParameterBlockKind.Network);
        ColorMlp = layout.Add(ColorMlpName, config.ColorMlp.ParameterCount, ParameterBlockKind.Network);
        Latents = layout.Add(LatentsName, (long)latentRows * config.LatentWidth, ParameterBlockKind.Latent);
    }

    public HeadModelConfig Config { get; }
    public ParameterBlock SpatialGrid { get; }
    public ParameterBlock AmbientGrid { get; }
    public ParameterBlock AmbientMlp { get; }
    public ParameterBlock SigmaMlp { get; }
    public ParameterBlock ColorMlp { get; }
    public ParameterBlock Latents { get; }
}
