using System.Numerics.Tensors;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// One bias-free dense layer of the C# MLP references, shared so the plain and the FiLM forward compute each layer the
/// same way (bit for bit, which the FiLM test with a zero FiLM vector relies on).
/// </summary>
internal static class DenseLayerMath
{
    /// <summary>
    /// target[o] = act(Σ_i W[o, i] · input[i]) for o &lt; target.Length, with W row-major [out][in] starting at
    /// <paramref name="offset"/> in <paramref name="weights"/>.
    /// </summary>
    public static void Forward(float[] weights, int offset, ReadOnlySpan<float> input, Span<float> target, MlpActivation act)
    {
        int inW = input.Length;
        for (int o = 0; o < target.Length; o++)
        {
            float s = TensorPrimitives.Dot(new ReadOnlySpan<float>(weights, offset + o * inW, inW), input);
            target[o] = act == MlpActivation.ReLU ? MathF.Max(s, 0f) : s;
        }
    }

    /// <summary>
    /// Checks the buffers every MLP reference takes and returns N, the points in <paramref name="inputs"/>:
    /// ParameterCount weights, N × InputWidth inputs, N × OutputWidth outputs.
    /// </summary>
    public static int CheckPoints(MlpConfig config, ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        config.EnsureValid();
        if (weights.Length != config.ParameterCount)
            throw new ArgumentException($"weights has {weights.Length} floats; the network has {config.ParameterCount}.", nameof(weights));
        if (inputs.Length % config.InputWidth != 0)
            throw new ArgumentException($"inputs has {inputs.Length} floats, not a multiple of {config.InputWidth}.", nameof(inputs));
        int n = inputs.Length / config.InputWidth;
        if (outputs.Length != (long)n * config.OutputWidth)
            throw new ArgumentException($"outputs has {outputs.Length} floats; {n} points need {(long)n * config.OutputWidth}.", nameof(outputs));
        return n;
    }

    /// <summary>
    /// A copy of <paramref name="weights"/> at the precision the device stores them: with <see cref="MlpWeightPrecision.Fp16"/>
    /// each is rounded to the nearest <see cref="Half"/> (ties to even, as <see cref="FusedMlpWeights"/> packs them).
    /// </summary>
    public static float[] StoredWeights(MlpConfig config, ReadOnlySpan<float> weights)
    {
        float[] w = weights.ToArray();
        if (config.WeightPrecision == MlpWeightPrecision.Fp16)
            for (int i = 0; i < w.Length; i++)
                w[i] = (float)(Half)w[i];
        return w;
    }
}
