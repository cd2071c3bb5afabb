using System.Numerics.Tensors;
using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Conditioning;

/// <summary>
/// Backward of <see cref="FilmMlpReference.Forward"/> from its saved pre-FiLM activations a_l (no forward
/// recomputation beyond h_{l+1} = a_l ⊙ (1 + scale_l) + shift_l). Given δ = dL/dy (output activation None):
/// for layer k from last to first, dW_k += δ ⊗ h_k and g = W_kᵀ δ; below a hidden layer l = k − 1:
/// dscale_l += g ⊙ a_l, dshift_l += g, δ = g ⊙ (1 + scale_l) ⊙ act'(a_l), with ReLU'(z) = [a_l &gt; 0] (FiLM's shift
/// does not enter the mask). dx = W_0ᵀ δ at the bottom.
/// <para>Fp16 weights: differentiated at the rounded weights the forward used (straight-through, as
/// FusedMlpBackwardReference). Determinism: points are cut into chunks fixed by N alone, each accumulating its own
/// weight and FiLM gradients in point order; chunks are added in order, so results are bit-reproducible.</para>
/// </summary>
public static class FilmMlpBackward
{
    private const int MaxChunks = 32;
    private const int MinChunkPoints = 64;

    /// <param name="config">The network (OutputActivation None, HiddenLayers ≥ 1).</param>
    /// <param name="weights">ParameterCount floats.</param>
    /// <param name="film">The frame's FiLM vector, <see cref="FilmMlpReference.FilmFloats"/> floats.</param>
    /// <param name="inputs">N × InputWidth, as given to the forward.</param>
    /// <param name="hidden">N × HiddenFloats, the forward's saved pre-FiLM activations.</param>
    /// <param name="outputGrad">dL/d(outputs), N × OutputWidth.</param>
    /// <param name="weightGrad">ParameterCount floats; Σ over points <b>added</b>.</param>
    /// <param name="filmGrad">FilmFloats floats (layout of the FiLM vector); Σ over points <b>added</b>.</param>
    /// <param name="inputGrad">Empty, or N × InputWidth, <b>overwritten</b>.</param>
    public static void Backward(MlpConfig config, ReadOnlySpan<float> weights, ReadOnlySpan<float> film,
        ReadOnlySpan<float> inputs, ReadOnlySpan<float> hidden, ReadOnlySpan<float> outputGrad,
        Span<float> weightGrad, Span<float> filmGrad, Span<float> inputGrad)
    {
        config.EnsureValid();
        if (config.OutputActivation != MlpActivation.None)
            throw new NotSupportedException("FilmMlpBackward expects a linear output layer.");
        if (config.HiddenLayers < 1)
            throw new ArgumentException("a FiLM MLP needs at least one hidden layer.", nameof(config));
        int p = config.ParameterCount, ff = FilmMlpReference.FilmFloats(config), hf = FilmMlpReference.HiddenFloats(config);
        if (weights.Length != p || weightGrad.Length != p)
            throw new ArgumentException($"weights and weightGrad need {p} floats; they have {weights.Length} and {weightGrad.Length}.", nameof(weights));
        if (film.Length != ff || filmGrad.Length != ff)
            throw new ArgumentException($"film and filmGrad need {ff} floats; they have {film.Length} and {filmGrad.Length}.", nameof(film));
        if (inputs.Length % config.InputWidth != 0)
            throw new ArgumentException($"inputs has {inputs.Length} floats, not a multiple of {config.InputWidth}.", nameof(inputs));
        int n = inputs.Length / config.InputWidth;
        if (hidden.Length != (long)n * hf)
            throw new ArgumentException($"hidden has {hidden.Length} floats; {n} points saved {(long)n * hf}.", nameof(hidden));
        if (outputGrad.Length != (long)n * config.OutputWidth)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {n} points need {(long)n * config.OutputWidth}.", nameof(outputGrad));
        if (!inputGrad.IsEmpty && inputGrad.Length != inputs.Length)
            throw new ArgumentException($"inputGrad has {inputGrad.Length} floats; expected 0 or {inputs.Length}.", nameof(inputGrad));
        if (n == 0)
            return;

        float[] w = weights.ToArray(), f = film.ToArray(), x = inputs.ToArray(), a = hidden.ToArray(), g = outputGrad.ToArray();
        if (config.WeightPrecision == MlpWeightPrecision.Fp16)
            for (int i = 0; i < w.Length; i++)
                w[i] = (float)(Half)w[i];
        float[]? ig = inputGrad.IsEmpty ? null : new float[inputs.Length];

        int chunks = Math.Clamp((n + MinChunkPoints - 1) / MinChunkPoints, 1, MaxChunks);
        int per = (n + chunks - 1) / chunks;
        var partialW = new float[chunks][];
        var partialF = new float[chunks][];
        Parallel.For(0, chunks, chunk =>
        {
            var accW = new float[p];
            var accF = new float[ff];
            int width = Math.Max(config.InputWidth, Math.Max(config.HiddenWidth, config.OutputWidth));
            var delta = new float[width];
            var back = new float[width];
            var hIn = new float[config.HiddenWidth];
            int end = Math.Min(n, (chunk + 1) * per);
            for (int i = chunk * per; i < end; i++)
            {
                Array.Copy(g, (long)i * config.OutputWidth, delta, 0, config.OutputWidth);
                Point(config, w, f, new ReadOnlySpan<float>(x, i * config.InputWidth, config.InputWidth),
                    new ReadOnlySpan<float>(a, i * hf, hf), delta, back, hIn, accW, accF,
                    ig is null ? default : new Span<float>(ig, i * config.InputWidth, config.InputWidth));
            }
            partialW[chunk] = accW;
            partialF[chunk] = accF;
        });
        for (int k = 0; k < chunks; k++)
        {
            TensorPrimitives.Add(weightGrad, partialW[k], weightGrad);
            TensorPrimitives.Add(filmGrad, partialF[k], filmGrad);
        }
        ig?.CopyTo(inputGrad);
    }

    private static void Point(MlpConfig c, float[] w, float[] film, ReadOnlySpan<float> x, ReadOnlySpan<float> saved,
        float[] delta, float[] back, float[] hIn, float[] accW, float[] accF, Span<float> inputGrad)
    {
        int h = c.HiddenWidth;
        for (int layer = c.HiddenLayers; layer >= 0; layer--)
        {
            int inW = c.LayerInputWidth(layer), outW = c.LayerOutputWidth(layer), off = c.LayerWeightOffset(layer);
            ReadOnlySpan<float> aIn;
            if (layer == 0)
                aIn = x;
            else
            {
                // h_layer = a_{layer−1} ⊙ (1 + scale) + shift, recomputed exactly as the forward did.
                ReadOnlySpan<float> aPrev = saved.Slice((layer - 1) * h, h);
                int scale = 2 * (layer - 1) * h, shift = scale + h;
                for (int j = 0; j < h; j++)
                    hIn[j] = aPrev[j] * (1f + film[scale + j]) + film[shift + j];
                aIn = hIn;
            }
            bool needBack = layer > 0 || !inputGrad.IsEmpty;
            var b = back.AsSpan(0, inW);
            b.Clear();
            for (int o = 0; o < outW; o++)
            {
                float d = delta[o];
                if (d == 0f)
                    continue;
                for (int i = 0; i < inW; i++)
                    accW[off + o * inW + i] += d * aIn[i];
                if (needBack)
                    for (int i = 0; i < inW; i++)
                        b[i] += d * w[off + o * inW + i];
            }
            if (layer == 0)
            {
                if (!inputGrad.IsEmpty)
                    b.CopyTo(inputGrad);
                break;
            }
            int l = layer - 1, sOff = 2 * l * h, tOff = sOff + h;
            ReadOnlySpan<float> act = saved.Slice(l * h, h);
            bool relu = c.Activation == MlpActivation.ReLU;
            for (int j = 0; j < h; j++)
            {
                accF[sOff + j] += b[j] * act[j];
                accF[tOff + j] += b[j];
                float da = b[j] * (1f + film[sOff + j]);
                delta[j] = !relu || act[j] > 0f ? da : 0f;
            }
        }
    }
}
