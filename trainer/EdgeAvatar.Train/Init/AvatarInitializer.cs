using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.AudioNetworks;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Render.Torso;

namespace EdgeAvatar.Train.Init;

/// <summary>
/// The starting parameters of a new training run, block by block. Training-only: the device loads baked
/// parameters and never initialises a network. Deterministic for a seed; each block keeps the seed offset and
/// generator it had when the renderer owned its initialisation, so runs start from the same values as before.
/// </summary>
public static class AvatarInitializer
{
    /// <summary>Bound of the uniform init of the torso's grid table (torch-ngp's ±1e-4).</summary>
    public const float TorsoGridBound = 1e-4f;

    /// <summary>Bound of the uniform init of the head's grid tables (instant-ngp's ±1e-4).</summary>
    public const float HeadGridBound = 1e-4f;

    /// <summary>Deterministic initialisation of every block for <paramref name="seed"/>.</summary>
    public static float[] Initialize(AvatarParameters blocks, int seed)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var p = new float[blocks.TotalCount];
        Head(blocks.Head, p, seed);
        AudioNet(blocks.Config.Audio, p.AsSpan(blocks.AudioNet.Offset, blocks.AudioNet.Count), seed + 1);
        AudioAttention(blocks.Config.Audio, p.AsSpan(blocks.AudioAttention.Offset, blocks.AudioAttention.Count), seed + 2);
        Torso(new TorsoModel(blocks.Config.Torso), p.AsSpan(blocks.Torso.Offset, blocks.Torso.Count), seed + 3);
        if (blocks.MouthProbe is { } probe)
            AudioLayerInit.Dense(blocks.Config.Audio.MouthProbe, p.AsSpan(probe.Offset, probe.Count), seed + 4, 0);
        // ER-NeRF's starting anchors, not random: they must project into the image from the first step.
        if (blocks.TorsoAnchors is { } anchors)
            AdaptivePoseEncoding.ErNerfAnchors.ToArray().CopyTo(p.AsSpan(anchors.Offset, anchors.Count));
        return p;
    }

    /// <summary>
    /// The head's blocks: grid tables uniform ±<see cref="HeadGridBound"/>, MLPs Kaiming-uniform for ReLU, latents
    /// zero. <paramref name="parameters"/> is the whole avatar's array; only the head's blocks are written.
    /// </summary>
    public static void Head(HeadParameters blocks, Span<float> parameters, int seed)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var rng = new Random(seed);
        var c = blocks.Config;
        if (blocks.TriPlane is { } plane && blocks.AudioAttention is { } audioAttention && blocks.EyeAttention is { } eyeAttention)
        {
            // ernerf: the three plane tables like the spatial grid they replace; both attention MLPs like the others.
            Fill(parameters.Slice(plane.Offset, plane.Count), rng, HeadGridBound);
            var attention = c.RegionAttention;
            MlpInitializer.KaimingUniform(attention.AudioMlp, parameters.Slice(audioAttention.Offset, audioAttention.Count), rng);
            MlpInitializer.KaimingUniform(attention.EyeMlp, parameters.Slice(eyeAttention.Offset, eyeAttention.Count), rng);
        }
        else
            Fill(parameters.Slice(blocks.SpatialGrid.Offset, blocks.SpatialGrid.Count), rng, HeadGridBound);
        if (blocks.HasAmbient)
        {
            Fill(parameters.Slice(blocks.AmbientGrid.Offset, blocks.AmbientGrid.Count), rng, HeadGridBound);
            MlpInitializer.KaimingUniform(c.AmbientMlp, parameters.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count), rng);
        }
        MlpInitializer.KaimingUniform(c.SigmaMlp, parameters.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count), rng);
        MlpInitializer.KaimingUniform(c.ColorMlp, parameters.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count), rng);
        parameters.Slice(blocks.Latents.Offset, blocks.Latents.Count).Clear();
        if (blocks.LandmarkGrid is { } grid && blocks.ConditionNetwork is { } net)
            LandmarkCondition(c, parameters.Slice(grid.Offset, grid.Count), parameters.Slice(net.Offset, net.Count), seed + 5);
    }

    /// <summary>Bound of the uniform init of an r2talker head's landmark grid table.</summary>
    public const float LandmarkGridBound = 0.1f;

    /// <summary>
    /// An r2talker head's condition: the condition network's hidden layers He-uniform with zero biases, its last layer
    /// all zero, so the FiLM vector starts at zero and the sigma MLP starts as the unconditioned one (the invariant
    /// the design asks for). With the last layer at zero the grid's size cannot change the start; a table of order
    /// <see cref="LandmarkGridBound"/> rather than the spatial grids' 1e-4 makes the hidden units depend on the
    /// landmarks from the first step, so the last layer's gradient carries the landmarks at once.
    /// </summary>
    public static void LandmarkCondition(HeadModelConfig config, Span<float> grid, Span<float> network, int seed)
    {
        ParameterInit.Uniform(grid, LandmarkGridBound, seed, 0);
        var net = new Render.Conditioning.ConditionNetwork(config.ConditionNetwork);
        if (network.Length != net.ParameterCount)
            throw new ArgumentException($"network has {network.Length} floats; the condition network has {net.ParameterCount}.", nameof(network));
        network.Clear();
        for (int l = 0; l + 1 < net.Layers.Count; l++)
            AudioLayerInit.Dense(net.Layers[l], network, seed, 1 + l, ParameterInit.HeUniformBound(net.Layers[l].In, 0f), 0f);
    }

    /// <summary>
    /// The torso: grid table U(±<see cref="TorsoGridBound"/>) as torch-ngp; MLP weights U(±1/√fan_in) (PyTorch's
    /// default for bias-free nn.Linear). <paramref name="parameters"/> is the torso's own
    /// <see cref="TorsoModel.ParameterCount"/> floats.
    /// </summary>
    public static void Torso(TorsoModel model, Span<float> parameters, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (parameters.Length != model.ParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the torso has {model.ParameterCount}.", nameof(parameters));
        ParameterInit.Uniform(parameters[..model.GridCount], TorsoGridBound, seed, 0);
        TorchDefaultMlp(model.DeformMlp, parameters.Slice(model.DeformOffset, model.DeformMlp.ParameterCount), seed, 100);
        TorchDefaultMlp(model.ColorMlp, parameters.Slice(model.ColorOffset, model.ColorMlp.ParameterCount), seed, 200);
    }

    /// <summary>
    /// The audio network: He-uniform weights and zero biases, so the code's variation across frames starts as large
    /// as the normalised log-mel input's (PyTorch's default init shrinks the variance layer by layer until the code
    /// is nearly constant, which the head learns to ignore).
    /// </summary>
    public static void AudioNet(AudioNetConfig c, Span<float> parameters, int seed)
    {
        c.EnsureValid();
        if (parameters.Length != c.ParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the audio net has {c.ParameterCount}.", nameof(parameters));
        IReadOnlyList<Conv1dLayer> convs = c.ConvLayers;
        for (int l = 0; l < convs.Count; l++)
            AudioLayerInit.Conv(convs[l], parameters, seed, l, ParameterInit.HeUniformBound(convs[l].FanIn, c.LeakySlope), 0f);
        IReadOnlyList<DenseLayer> dense = c.DenseLayers;
        for (int l = 0; l < dense.Count; l++)
        {
            float slope = l == dense.Count - 1 ? 1f : c.LeakySlope; // the code layer is linear
            AudioLayerInit.Dense(dense[l], parameters, seed, convs.Count + l, ParameterInit.HeUniformBound(dense[l].In, slope), 0f);
        }
    }

    /// <summary>The audio attention: PyTorch-like default init.</summary>
    public static void AudioAttention(AudioNetConfig c, Span<float> parameters, int seed)
    {
        c.EnsureValid();
        if (parameters.Length != c.AttentionParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the attention net has "
                + $"{c.AttentionParameterCount}.", nameof(parameters));
        IReadOnlyList<Conv1dLayer> convs = c.AttentionConvLayers;
        for (int l = 0; l < convs.Count; l++)
            AudioLayerInit.Conv(convs[l], parameters, seed, l);
        AudioLayerInit.Dense(c.AttentionDense, parameters, seed, convs.Count);
    }

    private static void TorchDefaultMlp(MlpConfig mlp, Span<float> weights, int seed, int stream)
    {
        for (int k = 0; k < mlp.LayerCount; k++)
        {
            int inW = mlp.LayerInputWidth(k), outW = mlp.LayerOutputWidth(k);
            ParameterInit.Uniform(weights.Slice(mlp.LayerWeightOffset(k), inW * outW),
                ParameterInit.TorchDefaultBound(inW), seed, stream + k);
        }
    }

    private static void Fill(Span<float> s, Random rng, float range)
    {
        for (int i = 0; i < s.Length; i++)
            s[i] = (float)(rng.NextDouble() * 2 - 1) * range;
    }
}
