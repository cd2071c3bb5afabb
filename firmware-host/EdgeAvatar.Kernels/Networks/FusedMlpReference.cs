namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// Plain C# forward pass of a <see cref="MlpConfig"/>: the specification shaders/network/mlp_forward.comp is tested
/// against, and the CPU path for training. Weights use the flat layout documented on <see cref="MlpConfig"/>.
/// With <see cref="MlpWeightPrecision.Fp16"/> every weight is first rounded to the nearest <see cref="Half"/> (ties
/// to even, as <see cref="FusedMlpWeights"/> packs them for the device); arithmetic is fp32 either way.
/// </summary>
public static class FusedMlpReference
{
    private const int ChunkPoints = 256;

    /// <summary>
    /// Runs N = inputs.Length / InputWidth points.
    /// </summary>
    /// <param name="config">The network.</param>
    /// <param name="weights"><see cref="MlpConfig.ParameterCount"/> floats, layers back to back, each row-major [out][in].</param>
    /// <param name="inputs">N × InputWidth, point-major.</param>
    /// <param name="outputs">N × OutputWidth, point-major.</param>
    public static unsafe void Forward(MlpConfig config, ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs,
        Span<float> outputs)
    {
        int n = DenseLayerMath.CheckPoints(config, weights, inputs, outputs);
        float[] w = DenseLayerMath.StoredWeights(config, weights);

        fixed (float* inPtr = inputs)
        fixed (float* outPtr = outputs)
        {
            nint ip = (nint)inPtr, op = (nint)outPtr;
            int chunks = (n + ChunkPoints - 1) / ChunkPoints;
            Parallel.For(0, chunks, chunk =>
            {
                int width = Math.Max(config.InputWidth, Math.Max(config.HiddenWidth, config.OutputWidth));
                Span<float> a = stackalloc float[width];
                Span<float> b = stackalloc float[width];
                int end = Math.Min(n, (chunk + 1) * ChunkPoints);
                for (int i = chunk * ChunkPoints; i < end; i++)
                {
                    var x = new ReadOnlySpan<float>((float*)ip + (long)i * config.InputWidth, config.InputWidth);
                    var y = new Span<float>((float*)op + (long)i * config.OutputWidth, config.OutputWidth);
                    ForwardPoint(config, w, x, y, a, b);
                }
            });
        }
    }

    private static void ForwardPoint(MlpConfig config, float[] weights, ReadOnlySpan<float> x, Span<float> y,
        Span<float> a, Span<float> b)
    {
        x.CopyTo(a);
        int offset = 0;
        for (int layer = 0; layer < config.LayerCount; layer++)
        {
            int inW = config.LayerInputWidth(layer), outW = config.LayerOutputWidth(layer);
            bool last = layer == config.HiddenLayers;
            MlpActivation act = last ? config.OutputActivation : config.Activation;
            ReadOnlySpan<float> input = a[..inW];
            Span<float> target = last ? y : b[..outW];
            DenseLayerMath.Forward(weights, offset, input, target, act);
            offset += inW * outW;
            if (!last)
                b[..outW].CopyTo(a);
        }
    }
}
