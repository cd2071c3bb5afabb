using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Init;

/// <summary>Weight initialisation for the bias-free fused MLPs.</summary>
public static class MlpInitializer
{
    /// <summary>
    /// Kaiming-uniform for ReLU layers: U(−b, b) with b = √(6 / fan_in), which keeps activation variance roughly
    /// constant through ReLU layers (the last, linear layer uses √(3 / fan_in), i.e. unit gain).
    /// </summary>
    public static void KaimingUniform(MlpConfig config, Span<float> weights, Random rng)
    {
        if (weights.Length != config.ParameterCount)
            throw new ArgumentException($"weights has {weights.Length} floats; the network has {config.ParameterCount}.", nameof(weights));
        for (int layer = 0; layer < config.LayerCount; layer++)
        {
            int fanIn = config.LayerInputWidth(layer);
            bool last = layer == config.HiddenLayers;
            double bound = Math.Sqrt((last ? 3.0 : 6.0) / fanIn);
            var w = weights.Slice(config.LayerWeightOffset(layer), fanIn * config.LayerOutputWidth(layer));
            for (int i = 0; i < w.Length; i++)
                w[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
        }
    }
}
