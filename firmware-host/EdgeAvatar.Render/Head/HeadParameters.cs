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

    /// <summary>
    /// Initialises the head's blocks: grid tables uniform ±1e-4 (instant-ngp), MLPs Kaiming-uniform for ReLU,
    /// latents zero. Deterministic for a seed.
    /// </summary>
    public void Initialize(Span<float> parameters, int seed)
    {
        var rng = new Random(seed);
        Fill(parameters.Slice(SpatialGrid.Offset, SpatialGrid.Count), rng, 1e-4f);
        Fill(parameters.Slice(AmbientGrid.Offset, AmbientGrid.Count), rng, 1e-4f);
        MlpInitializer.KaimingUniform(Config.AmbientMlp, parameters.Slice(AmbientMlp.Offset, AmbientMlp.Count), rng);
        MlpInitializer.KaimingUniform(Config.SigmaMlp, parameters.Slice(SigmaMlp.Offset, SigmaMlp.Count), rng);
        MlpInitializer.KaimingUniform(Config.ColorMlp, parameters.Slice(ColorMlp.Offset, ColorMlp.Count), rng);
        parameters.Slice(Latents.Offset, Latents.Count).Clear();
    }

    private static void Fill(Span<float> s, Random rng, float range)
    {
        for (int i = 0; i < s.Length; i++)
            s[i] = (float)(rng.NextDouble() * 2 - 1) * range;
    }
}
