using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Train.Init;

/// <summary>Initialisation of one audio-network layer (weights and bias) inside a flat parameter array.</summary>
public static class AudioLayerInit
{
    /// <summary>Initialises one conv layer's weights and bias with PyTorch's default bounds.</summary>
    public static void Conv(in Conv1dLayer layer, Span<float> parameters, int seed, int stream)
    {
        float bound = ParameterInit.TorchDefaultBound(layer.FanIn);
        Conv(layer, parameters, seed, stream, bound, bound);
    }

    /// <summary>Initialises one conv layer: weights U(±weightBound), biases U(±biasBound) (0 → zeros).</summary>
    public static void Conv(in Conv1dLayer layer, Span<float> parameters, int seed, int stream, float weightBound, float biasBound)
    {
        ParameterInit.Uniform(parameters.Slice(layer.WeightOffset, layer.BiasOffset - layer.WeightOffset), weightBound, seed, 2 * stream);
        ParameterInit.Uniform(parameters.Slice(layer.BiasOffset, layer.OutChannels), biasBound, seed, 2 * stream + 1);
    }

    /// <summary>Initialises one dense layer's weights and bias with PyTorch's default bounds.</summary>
    public static void Dense(in DenseLayer layer, Span<float> parameters, int seed, int stream)
    {
        float bound = ParameterInit.TorchDefaultBound(layer.In);
        Dense(layer, parameters, seed, stream, bound, bound);
    }

    /// <summary>Initialises one dense layer: weights U(±weightBound), biases U(±biasBound) (0 → zeros).</summary>
    public static void Dense(in DenseLayer layer, Span<float> parameters, int seed, int stream, float weightBound, float biasBound)
    {
        ParameterInit.Uniform(parameters.Slice(layer.WeightOffset, layer.In * layer.Out), weightBound, seed, 2 * stream);
        ParameterInit.Uniform(parameters.Slice(layer.BiasOffset, layer.Out), biasBound, seed, 2 * stream + 1);
    }
}
