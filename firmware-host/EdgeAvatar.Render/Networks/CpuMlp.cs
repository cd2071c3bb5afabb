using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Render.Networks;

/// <summary>
/// Fast CPU forward of a fused, bias-free <see cref="MlpConfig"/> network (same maths as
/// <see cref="FusedMlpReference"/>, the specification it is tested against; only the summation order differs).
/// Each layer is computed as y = Σ_k x_k · Wᵀ[k, :], skipping the zeros that ReLU leaves in x, with SIMD rows.
/// Optionally keeps every hidden layer's post-activation output, which is what the trainer's backward pass needs.
/// Points are split into fixed chunks (set by the point count only), so results do not depend on thread timing.
/// </summary>
public static class CpuMlp
{
    public const int ChunkPoints = 256;

    /// <summary>Floats per point that <paramref name="hidden"/> needs: HiddenLayers × HiddenWidth.</summary>
    public static int HiddenFloats(MlpConfig c) => c.HiddenLayers * c.HiddenWidth;

    /// <param name="weights">ParameterCount floats, flat layout (layers back to back, row-major [out][in]).</param>
    /// <param name="inputs">M × InputWidth.</param>
    /// <param name="outputs">M × OutputWidth (pre output-activation, which is None or ReLU per the config).</param>
    /// <param name="hidden">Empty, or M × <see cref="HiddenFloats"/>: receives hidden activations.</param>
    public static unsafe void Forward(MlpConfig c, ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs,
        Span<float> outputs, Span<float> hidden)
    {
        int m = inputs.Length / c.InputWidth;
        if (weights.Length != c.ParameterCount) throw new ArgumentException("weights size.", nameof(weights));
        if (inputs.Length != m * c.InputWidth || outputs.Length != m * c.OutputWidth)
            throw new ArgumentException("inputs/outputs size.");
        int hf = HiddenFloats(c);
        if (!hidden.IsEmpty && hidden.Length != m * hf) throw new ArgumentException("hidden size.", nameof(hidden));
        float[] wt = Transposed(c, weights);
        bool keep = !hidden.IsEmpty;
        fixed (float* ip = inputs, op = outputs, hp = hidden)
        {
            nint ipn = (nint)ip, opn = (nint)op, hpn = (nint)hp;
            int chunks = (m + ChunkPoints - 1) / ChunkPoints;
            Parallel.For(0, chunks, chunk =>
            {
                int width = Math.Max(c.HiddenWidth, c.OutputWidth);
                Span<float> a = stackalloc float[Math.Max(c.InputWidth, width)];
                Span<float> b = stackalloc float[width];
                int end = Math.Min(m, (chunk + 1) * ChunkPoints);
                for (int i = chunk * ChunkPoints; i < end; i++)
                {
                    var x = new ReadOnlySpan<float>((float*)ipn + (long)i * c.InputWidth, c.InputWidth);
                    var y = new Span<float>((float*)opn + (long)i * c.OutputWidth, c.OutputWidth);
                    var h = keep ? new Span<float>((float*)hpn + (long)i * hf, hf) : default;
                    Point(c, wt, x, y, h, a, b);
                }
            });
        }
    }

    private static void Point(MlpConfig c, float[] wt, ReadOnlySpan<float> x, Span<float> y, Span<float> hidden,
        Span<float> a, Span<float> b)
    {
        x.CopyTo(a);
        int offset = 0;
        for (int layer = 0; layer < c.LayerCount; layer++)
        {
            int inW = c.LayerInputWidth(layer), outW = c.LayerOutputWidth(layer);
            bool last = layer == c.HiddenLayers;
            Span<float> target = last ? y : b[..outW];
            target.Clear();
            for (int k = 0; k < inW; k++)
            {
                float v = a[k];
                if (v != 0f) VectorMath.Axpy(v, new ReadOnlySpan<float>(wt, offset + k * outW, outW), target);
            }
            var act = last ? c.OutputActivation : c.Activation;
            if (act == MlpActivation.ReLU)
                for (int o = 0; o < outW; o++) target[o] = MathF.Max(target[o], 0f);
            offset += inW * outW;
            if (!last)
            {
                if (!hidden.IsEmpty) target.CopyTo(hidden.Slice(layer * c.HiddenWidth, outW));
                target.CopyTo(a);
            }
        }
    }

    /// <summary>
    /// Each layer's [out][in] weights as [in][out] (rows of Wᵀ are what the forward accumulates). Fp16 configs get
    /// their weights rounded to <see cref="Half"/> here, as the reference (and the device packing) does.
    /// </summary>
    private static float[] Transposed(MlpConfig c, ReadOnlySpan<float> w)
    {
        var t = new float[w.Length];
        bool half = c.WeightPrecision == MlpWeightPrecision.Fp16;
        for (int layer = 0; layer < c.LayerCount; layer++)
        {
            int off = c.LayerWeightOffset(layer), inW = c.LayerInputWidth(layer), outW = c.LayerOutputWidth(layer);
            for (int o = 0; o < outW; o++)
                for (int k = 0; k < inW; k++)
                    t[off + k * outW + o] = half ? (float)(Half)w[off + o * inW + k] : w[off + o * inW + k];
        }
        return t;
    }
}
