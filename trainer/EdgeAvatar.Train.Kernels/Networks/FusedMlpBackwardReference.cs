using System.Numerics.Tensors;

using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Kernels.Networks;

/// <summary>
/// Plain C# backward pass of a <see cref="MlpConfig"/> (the specification shaders/network/mlp_backward.comp is
/// tested against, itself checked by finite differences). Per point it recomputes the forward of
/// <see cref="FusedMlpReference"/>, then backpropagates G = dL/d(outputs):
/// δ_last = G ⊙ act'(y_last); dL/dW_k += δ_k ⊗ a_k (a_k = input of layer k); δ_{k−1} = (W_kᵀ δ_k) ⊙ act'(a_k).
/// ReLU'(s) is 1 where the activation is &gt; 0 and 0 elsewhere (PyTorch's convention at the kink).
/// <para>Fp16 weights: the forward uses weights rounded to <see cref="Half"/>, so the gradient is taken at those
/// rounded weights, in fp32, and applied to the fp32 master weights (straight-through, as mixed-precision
/// training does).</para>
/// <para>Determinism: points are cut into at most <see cref="MaxChunks"/> chunks fixed by N alone; each chunk
/// accumulates its own weight gradient in point order, and chunks are added in chunk order — bit-reproducible for
/// any thread count.</para>
/// </summary>
public static class FusedMlpBackwardReference
{
    /// <summary>Upper bound on partial weight-gradient buffers (memory: MaxChunks × ParameterCount floats).</summary>
    public const int MaxChunks = 32;

    private const int MinChunkPoints = 64;

    /// <summary>Computes weight gradients (added to <paramref name="weightGrad"/>) and input gradients.</summary>
    /// <param name="config">The network.</param>
    /// <param name="weights">ParameterCount floats, flat layout (see <see cref="MlpConfig"/>).</param>
    /// <param name="inputs">N × InputWidth, point-major.</param>
    /// <param name="outputGrad">dL/d(outputs), N × OutputWidth, point-major.</param>
    /// <param name="weightGrad">ParameterCount floats, flat layout; Σ over the batch is <b>added</b>.</param>
    /// <param name="inputGrad">Empty, or N × InputWidth floats, <b>overwritten</b> with dL/d(inputs).</param>
    public static void Backward(MlpConfig config, ReadOnlySpan<float> weights, ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> outputGrad, Span<float> weightGrad, Span<float> inputGrad)
    {
        config.EnsureValid();
        int p = config.ParameterCount;
        if (weights.Length != p)
            throw new ArgumentException($"weights has {weights.Length} floats; the network has {p}.", nameof(weights));
        if (weightGrad.Length != p)
            throw new ArgumentException($"weightGrad has {weightGrad.Length} floats; the network has {p}.", nameof(weightGrad));
        if (inputs.Length % config.InputWidth != 0)
            throw new ArgumentException($"inputs has {inputs.Length} floats, not a multiple of {config.InputWidth}.", nameof(inputs));
        int n = inputs.Length / config.InputWidth;
        if (outputGrad.Length != (long)n * config.OutputWidth)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {n} points need {(long)n * config.OutputWidth}.", nameof(outputGrad));
        if (!inputGrad.IsEmpty && inputGrad.Length != inputs.Length)
            throw new ArgumentException($"inputGrad has {inputGrad.Length} floats; expected 0 or {inputs.Length}.", nameof(inputGrad));

        float[] w = weights.ToArray();
        if (config.WeightPrecision == MlpWeightPrecision.Fp16)
            for (int i = 0; i < w.Length; i++)
                w[i] = (float)(Half)w[i];
        float[] x = inputs.ToArray(), g = outputGrad.ToArray();
        float[]? ig = inputGrad.IsEmpty ? null : new float[inputs.Length];

        int chunks = Math.Clamp((n + MinChunkPoints - 1) / MinChunkPoints, 1, MaxChunks);
        int per = (n + chunks - 1) / chunks;
        var partial = new float[chunks][];
        Parallel.For(0, chunks, chunk =>
        {
            var acc = new float[p];
            var state = new PointState(config);
            int end = Math.Min(n, (chunk + 1) * per);
            for (int i = chunk * per; i < end; i++)
                BackwardPoint(config, w, x, g, i, acc, ig, state);
            partial[chunk] = acc;
        });
        for (int c = 0; c < chunks; c++)
            TensorPrimitives.Add(weightGrad, partial[c], weightGrad);
        ig?.CopyTo(inputGrad);
    }

    /// <summary>Scratch of one worker: every layer's input activation and the running δ.</summary>
    private sealed class PointState
    {
        public PointState(MlpConfig config)
        {
            int width = Math.Max(config.InputWidth, Math.Max(config.HiddenWidth, config.OutputWidth));
            Acts = new float[config.LayerCount + 1][];
            for (int k = 0; k <= config.LayerCount; k++)
                Acts[k] = new float[k == 0 ? config.InputWidth : config.LayerOutputWidth(k - 1)];
            Delta = new float[width];
            Back = new float[width];
        }

        /// <summary>Acts[k] = input of layer k (Acts[0] = x); Acts[LayerCount] = network output.</summary>
        public float[][] Acts { get; }

        public float[] Delta { get; }

        public float[] Back { get; }
    }

    private static void BackwardPoint(MlpConfig config, float[] w, float[] x, float[] g, int i, float[] acc,
        float[]? inputGrad, PointState s)
    {
        int layers = config.LayerCount;
        Array.Copy(x, (long)i * config.InputWidth, s.Acts[0], 0, config.InputWidth);
        for (int k = 0; k < layers; k++)
        {
            int inW = config.LayerInputWidth(k), outW = config.LayerOutputWidth(k), off = config.LayerWeightOffset(k);
            MlpActivation act = k == config.HiddenLayers ? config.OutputActivation : config.Activation;
            float[] a = s.Acts[k], y = s.Acts[k + 1];
            for (int o = 0; o < outW; o++)
            {
                float v = TensorPrimitives.Dot(new ReadOnlySpan<float>(w, off + o * inW, inW), a);
                y[o] = act == MlpActivation.ReLU ? MathF.Max(v, 0f) : v;
            }
        }

        Span<float> delta = s.Delta.AsSpan(0, config.OutputWidth);
        float[] yOut = s.Acts[layers];
        for (int o = 0; o < config.OutputWidth; o++)
        {
            float go = g[(long)i * config.OutputWidth + o];
            delta[o] = config.OutputActivation == MlpActivation.ReLU && !(yOut[o] > 0f) ? 0f : go;
        }

        for (int k = layers - 1; k >= 0; k--)
        {
            int inW = config.LayerInputWidth(k), outW = config.LayerOutputWidth(k), off = config.LayerWeightOffset(k);
            ReadOnlySpan<float> a = s.Acts[k];
            delta = s.Delta.AsSpan(0, outW);
            for (int o = 0; o < outW; o++)
            {
                Span<float> row = acc.AsSpan(off + o * inW, inW);
                TensorPrimitives.MultiplyAdd(a, delta[o], row, row);
            }
            if (k == 0 && inputGrad is null)
                break;
            Span<float> back = s.Back.AsSpan(0, inW);
            back.Clear();
            for (int o = 0; o < outW; o++)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(w, off + o * inW, inW), delta[o], back, back);
            if (k == 0)
            {
                if (inputGrad is not null)
                    back.CopyTo(inputGrad.AsSpan(i * config.InputWidth, inW));
                break;
            }
            // a = act(hidden pre-activation): its derivative is read off the stored activation.
            bool relu = config.Activation == MlpActivation.ReLU;
            Span<float> next = s.Delta.AsSpan(0, inW);
            for (int j = 0; j < inW; j++)
                next[j] = relu && !(a[j] > 0f) ? 0f : back[j];
        }
    }
}
