namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// Plain C# forward of a <see cref="MlpConfig"/> with FiLM conditioning at every hidden layer (R2-Talker's
/// progressive multilayer conditioning): h_0 = x; for each hidden layer l,
/// h_{l+1} = act(W_l h_l) ⊙ (1 + scale_l) + shift_l; y = outAct(W_L h_L). Weights, precision and activations are
/// those of <see cref="FusedMlpReference"/>, and with an all-zero FiLM vector the two give the same bits. This is
/// the specification a FiLM variant of shaders/network/mlp_forward.comp is to be tested against.
/// <para>FiLM vector: one per frame, shared by all N points, <see cref="FilmFloats"/> = 2 × HiddenLayers ×
/// HiddenWidth floats, for hidden layer l the HiddenWidth scales then the HiddenWidth shifts (scale_l[j] at
/// 2·l·H + j, shift_l[j] at (2·l + 1)·H + j).</para>
/// <para>Saved activations: a_l = act(W_l h_l), before FiLM, N × HiddenLayers × HiddenWidth (point-major, then
/// layer-major). The backward needs a_l, not h_{l+1}: FiLM's shift can make h negative where the activation was
/// active, so act' must be read from a_l; h_{l+1} is recomputed from a_l and the FiLM vector.</para>
/// </summary>
public static class FilmMlpReference
{
    private const int ChunkPoints = 256;

    /// <summary>Floats of the FiLM vector of <paramref name="config"/>: 2 × HiddenLayers × HiddenWidth.</summary>
    public static int FilmFloats(MlpConfig config) => 2 * config.HiddenLayers * config.HiddenWidth;

    /// <summary>Floats of one point's saved activations: HiddenLayers × HiddenWidth.</summary>
    public static int HiddenFloats(MlpConfig config) => config.HiddenLayers * config.HiddenWidth;

    /// <summary>Runs N = inputs.Length / InputWidth points of one frame.</summary>
    /// <param name="config">The network (HiddenLayers ≥ 1: FiLM acts on hidden layers).</param>
    /// <param name="weights"><see cref="MlpConfig.ParameterCount"/> floats, the layout of <see cref="MlpConfig"/>.</param>
    /// <param name="film"><see cref="FilmFloats"/> floats (layout on the type).</param>
    /// <param name="inputs">N × InputWidth, point-major.</param>
    /// <param name="outputs">N × OutputWidth, point-major.</param>
    /// <param name="hidden">Empty, or N × <see cref="HiddenFloats"/>, overwritten with the pre-FiLM activations.</param>
    public static unsafe void Forward(MlpConfig config, ReadOnlySpan<float> weights, ReadOnlySpan<float> film,
        ReadOnlySpan<float> inputs, Span<float> outputs, Span<float> hidden)
    {
        int n = DenseLayerMath.CheckPoints(config, weights, inputs, outputs), hf = HiddenFloats(config);
        if (config.HiddenLayers < 1)
            throw new ArgumentException("a FiLM MLP needs at least one hidden layer.", nameof(config));
        if (film.Length != FilmFloats(config))
            throw new ArgumentException($"film has {film.Length} floats; the network needs {FilmFloats(config)}.", nameof(film));
        if (!hidden.IsEmpty && hidden.Length != (long)n * hf)
            throw new ArgumentException($"hidden has {hidden.Length} floats; expected 0 or {(long)n * hf}.", nameof(hidden));

        float[] w = DenseLayerMath.StoredWeights(config, weights), f = film.ToArray();

        bool save = !hidden.IsEmpty;
        fixed (float* inPtr = inputs)
        fixed (float* outPtr = outputs)
        fixed (float* hidPtr = hidden)
        {
            nint ip = (nint)inPtr, op = (nint)outPtr, hp = (nint)hidPtr;
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
                    var s = save ? new Span<float>((float*)hp + (long)i * hf, hf) : default;
                    ForwardPoint(config, w, f, x, y, s, a, b);
                }
            });
        }
    }

    private static void ForwardPoint(MlpConfig config, float[] weights, float[] film, ReadOnlySpan<float> x,
        Span<float> y, Span<float> saved, Span<float> a, Span<float> b)
    {
        x.CopyTo(a);
        int offset = 0, h = config.HiddenWidth;
        for (int layer = 0; layer < config.LayerCount; layer++)
        {
            int inW = config.LayerInputWidth(layer), outW = config.LayerOutputWidth(layer);
            bool last = layer == config.HiddenLayers;
            MlpActivation act = last ? config.OutputActivation : config.Activation;
            ReadOnlySpan<float> input = a[..inW];
            Span<float> target = last ? y : b[..outW];
            DenseLayerMath.Forward(weights, offset, input, target, act);
            offset += inW * outW;
            if (last)
                break;
            if (!saved.IsEmpty)
                target.CopyTo(saved.Slice(layer * h, h));
            int scale = 2 * layer * h, shift = scale + h;
            for (int j = 0; j < h; j++)
                a[j] = target[j] * (1f + film[scale + j]) + film[shift + j];
        }
    }
}
