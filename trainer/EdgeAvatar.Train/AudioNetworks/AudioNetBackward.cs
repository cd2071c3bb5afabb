using EdgeAvatar.Render.AudioNetworks;

namespace EdgeAvatar.Train.AudioNetworks;

/// <summary>
/// Backward of <see cref="AudioNet"/>: recomputes each window's forward (cheap; N is one window per frame in a
/// batch) and accumulates dL/d(parameters). Samples run in index order, so the sums are bit-reproducible.
/// </summary>
public static class AudioNetBackward
{
    /// <summary>Accumulates (+=) the parameter gradient of Σ_n ⟨gradCodes_n, code_n⟩.</summary>
    /// <param name="c">The network.</param>
    /// <param name="parameters">ParameterCount floats (those the forward used).</param>
    /// <param name="windows">N × WindowFrames × MelBands, frame-major.</param>
    /// <param name="gradCodes">dL/d(codes), N × OutputWidth.</param>
    /// <param name="gradParameters">ParameterCount floats; gradients are added.</param>
    public static void Backward(AudioNetConfig c, ReadOnlySpan<float> parameters, ReadOnlySpan<float> windows,
        ReadOnlySpan<float> gradCodes, Span<float> gradParameters)
    {
        int n = AudioNet.CheckShapes(c, parameters, windows, gradCodes.Length, nameof(gradCodes));
        if (gradParameters.Length != c.ParameterCount)
            throw new ArgumentException($"gradParameters has {gradParameters.Length} floats; the network has "
                + $"{c.ParameterCount}.", nameof(gradParameters));
        IReadOnlyList<Conv1dLayer> convs = c.ConvLayers;
        IReadOnlyList<DenseLayer> dense = c.DenseLayers;
        int lc = convs.Count;
        float[][] acts = AudioNet.CreateActivations(c);
        float[][] grads = AudioNet.CreateActivations(c); // same shapes: dL/d(each activation)
        for (int s = 0; s < n; s++)
        {
            AudioNet.ForwardSample(c, parameters, windows.Slice(s * c.WindowFloats, c.WindowFloats), acts);
            gradCodes.Slice(s * c.OutputWidth, c.OutputWidth).CopyTo(grads[lc + 2]);
            AudioLayerGradients.DenseBackward(dense[1], parameters, acts[lc + 1], acts[lc + 2], grads[lc + 2],
                leaky: false, 0f, gradParameters, grads[lc + 1]);
            AudioLayerGradients.DenseBackward(dense[0], parameters, acts[lc], acts[lc + 1], grads[lc + 1],
                leaky: true, c.LeakySlope, gradParameters, grads[lc]);
            for (int l = lc - 1; l >= 0; l--)
                AudioLayerGradients.Conv1dBackward(convs[l], parameters, acts[l], acts[l + 1], grads[l + 1],
                    leaky: true, c.LeakySlope, gradParameters, l == 0 ? [] : grads[l]);
        }
    }
}
