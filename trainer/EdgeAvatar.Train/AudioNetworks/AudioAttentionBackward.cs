using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Backward of <see cref="AudioAttention"/>. With w = softmax(z) and y = Σ_t w_t·x_t:
/// dL/dw_t = ⟨g, x_t⟩; dL/dz_t = w_t·(dL/dw_t − Σ_s w_s·dL/dw_s); dL/dx_t = w_t·g + (the path through the convs that
/// produced z). Recomputes each sample's forward; samples run in index order (bit-reproducible).
/// </summary>
public static class AudioAttentionBackward
{
    /// <summary>Accumulates parameter gradients and <b>overwrites</b> dL/d(neighbourCodes).</summary>
    /// <param name="c">The network.</param>
    /// <param name="parameters">AttentionParameterCount floats.</param>
    /// <param name="neighbourCodes">N × AttentionFrames × OutputWidth.</param>
    /// <param name="gradSmoothed">dL/d(smoothed), N × OutputWidth.</param>
    /// <param name="gradParameters">AttentionParameterCount floats; gradients are added.</param>
    /// <param name="gradNeighbourCodes">N × AttentionFrames × OutputWidth; overwritten.</param>
    public static void Backward(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> neighbourCodes,
        ReadOnlySpan<float> gradSmoothed, Span<float> gradParameters, Span<float> gradNeighbourCodes)
    {
        int n = AudioAttention.CheckShapes(c, parameters, neighbourCodes);
        int frames = c.AttentionFrames, d = c.OutputWidth, per = frames * d;
        if (gradSmoothed.Length != n * d)
            throw new ArgumentException($"gradSmoothed has {gradSmoothed.Length} floats; {n} samples need {n * d}.", nameof(gradSmoothed));
        if (gradParameters.Length != c.AttentionParameterCount)
            throw new ArgumentException($"gradParameters has {gradParameters.Length} floats; the attention net has "
                + $"{c.AttentionParameterCount}.", nameof(gradParameters));
        if (gradNeighbourCodes.Length != neighbourCodes.Length)
            throw new ArgumentException($"gradNeighbourCodes has {gradNeighbourCodes.Length} floats; expected "
                + $"{neighbourCodes.Length}.", nameof(gradNeighbourCodes));

        IReadOnlyList<Conv1dLayer> convs = c.AttentionConvLayers;
        int lc = convs.Count;
        float[][] acts = AudioAttention.CreateActivations(c);
        float[][] grads = AudioAttention.CreateActivations(c);
        for (int s = 0; s < n; s++)
        {
            ReadOnlySpan<float> x = neighbourCodes.Slice(s * per, per);
            ReadOnlySpan<float> g = gradSmoothed.Slice(s * d, d);
            Span<float> gx = gradNeighbourCodes.Slice(s * per, per);
            AudioAttention.ForwardSample(c, parameters, x, acts);
            float[] w = acts[lc + 1], gz = grads[lc + 1];

            // Softmax backward: gz_t = w_t (gw_t − Σ_s w_s gw_s), gw_t = ⟨g, x_t⟩.
            float dotSum = 0f;
            for (int t = 0; t < frames; t++)
            {
                gz[t] = System.Numerics.Tensors.TensorPrimitives.Dot(g, x.Slice(t * d, d));
                dotSum += w[t] * gz[t];
            }
            for (int t = 0; t < frames; t++)
                gz[t] = w[t] * (gz[t] - dotSum);

            AudioLayerGradients.DenseBackward(c.AttentionDense, parameters, acts[lc], w, gz, leaky: false, 0f,
                gradParameters, grads[lc]);
            for (int l = lc - 1; l >= 0; l--)
                AudioLayerGradients.Conv1dBackward(convs[l], parameters, acts[l], acts[l + 1], grads[l + 1],
                    leaky: true, c.LeakySlope, gradParameters, grads[l]);

            // Direct path w_t·g plus the conv path (grads[0] is [dim][frame]).
            float[] gin = grads[0];
            for (int t = 0; t < frames; t++)
                for (int j = 0; j < d; j++)
                    gx[t * d + j] = w[t] * g[j] + gin[j * frames + t];
        }
    }
}
