using System.Numerics.Tensors;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;
using EdgeAvatar.Train.Kernels.Networks;

namespace EdgeAvatar.Train.Networks;

/// <summary>
/// Backward of <see cref="CpuMlp.Forward"/> from its saved hidden activations (no forward recomputation):
/// per layer, G += δᵀ·a_in and δ_in = δ·W masked by ReLU'(a_in), skipping zero δ entries. Specification:
/// <see cref="FusedMlpBackwardReference"/> (tested equal to rounding). Weight gradients are summed per fixed chunk
/// and the chunks added in order, so the result is deterministic.
/// </summary>
public static class CpuMlpBackward
{
    private const int MaxChunks = 32;

    /// <param name="inputs">M × InputWidth, as given to the forward.</param>
    /// <param name="hidden">M × HiddenFloats, the forward's saved hidden activations.</param>
    /// <param name="outputGrad">dL/d(outputs) M × OutputWidth (the config's output activation is None).</param>
    /// <param name="weightGrad">ParameterCount floats; added.</param>
    /// <param name="inputGrad">Empty, or M × InputWidth; overwritten.</param>
    public static unsafe void Backward(MlpConfig c, ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> hidden, ReadOnlySpan<float> outputGrad, Span<float> weightGrad, Span<float> inputGrad)
    {
        if (c.OutputActivation != MlpActivation.None)
            throw new NotSupportedException("CpuMlpBackward expects a linear output layer.");
        int m = inputs.Length / c.InputWidth, p = c.ParameterCount, hf = CpuMlp.HiddenFloats(c);
        if (weights.Length != p || weightGrad.Length != p) throw new ArgumentException("weights/weightGrad size.");
        if (inputs.Length != m * c.InputWidth) throw new ArgumentException("inputs size.", nameof(inputs));
        if (hidden.Length != m * hf || outputGrad.Length != m * c.OutputWidth) throw new ArgumentException("hidden/outputGrad size.");
        if (!inputGrad.IsEmpty && inputGrad.Length != inputs.Length) throw new ArgumentException("inputGrad size.", nameof(inputGrad));
        if (m == 0) return;
        float[] w = weights.ToArray();
        // Fp16 configs: the forward ran with Half-rounded weights, so differentiate at those (straight-through, as
        // FusedMlpBackwardReference does).
        if (c.WeightPrecision == MlpWeightPrecision.Fp16)
            for (int i = 0; i < w.Length; i++) w[i] = (float)(Half)w[i];
        bool wantInput = !inputGrad.IsEmpty;
        int chunks = Math.Clamp((m + CpuMlp.ChunkPoints - 1) / CpuMlp.ChunkPoints, 1, MaxChunks);
        int per = (m + chunks - 1) / chunks;
        var partial = new float[chunks][];
        fixed (float* ip = inputs, hp = hidden, gp = outputGrad, igp = inputGrad)
        {
            nint ipn = (nint)ip, hpn = (nint)hp, gpn = (nint)gp, igpn = (nint)igp;
            Parallel.For(0, chunks, chunk =>
            {
                var acc = new float[p];
                int width = Math.Max(c.InputWidth, Math.Max(c.HiddenWidth, c.OutputWidth));
                var delta = new float[width];
                var back = new float[width];
                int end = Math.Min(m, (chunk + 1) * per);
                for (int i = chunk * per; i < end; i++)
                {
                    var x = new ReadOnlySpan<float>((float*)ipn + (long)i * c.InputWidth, c.InputWidth);
                    var h = new ReadOnlySpan<float>((float*)hpn + (long)i * hf, hf);
                    new ReadOnlySpan<float>((float*)gpn + (long)i * c.OutputWidth, c.OutputWidth).CopyTo(delta);
                    var ig = wantInput ? new Span<float>((float*)igpn + (long)i * c.InputWidth, c.InputWidth) : default;
                    Point(c, w, x, h, delta, back, acc, ig);
                }
                partial[chunk] = acc;
            });
        }
        for (int k = 0; k < chunks; k++)
            if (partial[k] is { } acc) TensorPrimitives.Add(weightGrad, acc, weightGrad);
    }

    private static void Point(MlpConfig c, float[] w, ReadOnlySpan<float> x, ReadOnlySpan<float> hidden, float[] delta,
        float[] back, float[] acc, Span<float> inputGrad)
    {
        for (int layer = c.HiddenLayers; layer >= 0; layer--)
        {
            int inW = c.LayerInputWidth(layer), outW = c.LayerOutputWidth(layer), off = c.LayerWeightOffset(layer);
            ReadOnlySpan<float> aIn = layer == 0 ? x : hidden.Slice((layer - 1) * c.HiddenWidth, inW);
            bool needBack = layer > 0 || !inputGrad.IsEmpty;
            var b = back.AsSpan(0, inW);
            if (needBack) b.Clear();
            for (int o = 0; o < outW; o++)
            {
                float d = delta[o];
                if (d == 0f) continue;
                VectorMath.Axpy(d, aIn, acc.AsSpan(off + o * inW, inW));
                if (needBack) VectorMath.Axpy(d, new ReadOnlySpan<float>(w, off + o * inW, inW), b);
            }
            if (layer == 0)
            {
                if (!inputGrad.IsEmpty) b.CopyTo(inputGrad);
                break;
            }
            // ReLU': the saved activation is > 0 exactly where the pre-activation was.
            for (int k = 0; k < inW; k++) delta[k] = aIn[k] > 0f ? b[k] : 0f;
        }
    }
}
