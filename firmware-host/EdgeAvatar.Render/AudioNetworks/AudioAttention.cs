namespace EdgeAvatar.Render.AudioNetworks;

/// <summary>
/// RAD-NeRF's AudioAttNet (see <see cref="AudioNetConfig"/>): smooths a frame's audio code over its
/// <see cref="AudioNetConfig.AttentionFrames"/> neighbours (gathered by the caller, frames i−4 .. i+3 for 8) with
/// learned softmax weights. Stateless; thread-safe.
/// </summary>
public static class AudioAttention
{
    /// <summary>Smooths N codes.</summary>
    /// <param name="c">The network.</param>
    /// <param name="parameters"><see cref="AudioNetConfig.AttentionParameterCount"/> floats.</param>
    /// <param name="neighbourCodes">N × AttentionFrames × OutputWidth, frame-major within a sample.</param>
    /// <param name="smoothed">N × OutputWidth: Σ_t weights[t] · code[t].</param>
    /// <param name="weights">N × AttentionFrames: the softmax weights (each row sums to 1).</param>
    public static void Forward(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> neighbourCodes,
        Span<float> smoothed, Span<float> weights)
    {
        int n = CheckShapes(c, parameters, neighbourCodes);
        if (smoothed.Length != n * c.OutputWidth)
            throw new ArgumentException($"smoothed has {smoothed.Length} floats; {n} samples need {n * c.OutputWidth}.", nameof(smoothed));
        if (weights.Length != n * c.AttentionFrames)
            throw new ArgumentException($"weights has {weights.Length} floats; {n} samples need {n * c.AttentionFrames}.", nameof(weights));
        int frames = c.AttentionFrames, d = c.OutputWidth;
        float[][] acts = CreateActivations(c);
        for (int s = 0; s < n; s++)
        {
            ReadOnlySpan<float> codes = neighbourCodes.Slice(s * frames * d, frames * d);
            ForwardSample(c, parameters, codes, acts);
            float[] w = acts[^1];
            w.CopyTo(weights.Slice(s * frames, frames));
            Span<float> y = smoothed.Slice(s * d, d);
            y.Clear();
            for (int t = 0; t < frames; t++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(codes.Slice(t * d, d), w[t], y, y);
        }
    }

    /// <summary>
    /// Buffers for <see cref="ForwardSample"/>: [0] the codes transposed to [dim][frame]; [1 .. L] each conv's
    /// output after LeakyReLU; [L + 1] the softmax weights over frames.
    /// </summary>
    public static float[][] CreateActivations(AudioNetConfig c)
    {
        IReadOnlyList<Conv1dLayer> convs = c.AttentionConvLayers;
        var acts = new float[convs.Count + 2][];
        acts[0] = new float[c.OutputWidth * c.AttentionFrames];
        for (int l = 0; l < convs.Count; l++)
            acts[l + 1] = new float[convs[l].OutputFloats];
        acts[convs.Count + 1] = new float[c.AttentionFrames];
        return acts;
    }

    /// <summary>Computes one sample's attention weights, leaving every activation in <paramref name="acts"/>.</summary>
    public static void ForwardSample(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> codes,
        float[][] acts)
    {
        int frames = c.AttentionFrames, d = c.OutputWidth;
        float[] x = acts[0];
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < d; j++)
                x[j * frames + t] = codes[t * d + j];
        IReadOnlyList<Conv1dLayer> convs = c.AttentionConvLayers;
        for (int l = 0; l < convs.Count; l++)
            AudioLayerMath.Conv1dForward(convs[l], parameters, acts[l], acts[l + 1], leaky: true, c.LeakySlope);
        // The last conv has one channel: its [1][frames] output is the dense layer's input vector.
        float[] w = acts[convs.Count + 1];
        AudioLayerMath.DenseForward(c.AttentionDense, parameters, acts[convs.Count], w, leaky: false, 0f);
        AudioLayerMath.Softmax(w);
    }

    /// <summary>Validates config and input shapes; returns N.</summary>
    public static int CheckShapes(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> neighbourCodes)
    {
        c.EnsureValid();
        if (parameters.Length != c.AttentionParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} floats; the attention net has "
                + $"{c.AttentionParameterCount}.", nameof(parameters));
        int per = c.AttentionFrames * c.OutputWidth;
        if (neighbourCodes.Length % per != 0)
            throw new ArgumentException($"neighbourCodes has {neighbourCodes.Length} floats, not a multiple of "
                + $"AttentionFrames × OutputWidth = {per}.", nameof(neighbourCodes));
        return neighbourCodes.Length / per;
    }
}
