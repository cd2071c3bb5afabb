using EdgeAvatar.Render.ErNerf;
using EdgeAvatar.Render.Networks;
using EdgeAvatar.Train.Kernels.Networks;
using EdgeAvatar.Train.Networks;

namespace EdgeAvatar.Train.ErNerf;

/// <summary>
/// Backward of <see cref="RegionAttention.Forward"/> for one frame's N points, given G = dL/d(output):
/// <list type="bullet">
/// <item>dL/da_j += Σ_n G[n, j] · α[n, j]; dL/de_k += Σ_n G[n, A + k] · β[n, k] (summed in point order);</item>
/// <item>dL/dα[n, j] = G[n, j] · a_j and dL/dz[n, k] = G[n, A + k] · e_k · β(1 − β) (z the eye MLP's pre-sigmoid
/// output), which <see cref="CpuMlpBackward"/> (SIMD; specification <see cref="FusedMlpBackwardReference"/>) carries to
/// each MLP's weights and to s;</item>
/// <item>dL/ds = the two MLPs' input gradients, added;</item>
/// <item>optionally an extra dL/d‖α[n]‖ per point (the outside-face penalty, <see cref="AttentionRegulariser"/>).</item>
/// </list>
/// The attention vectors and the MLPs' hidden activations are recomputed from s (one MLP forward each), so the forward
/// saves nothing.
/// Every gradient is <b>added</b> to its buffer, because s, a and e also receive gradients elsewhere (s from the sigma
/// MLP's input row, a and e from every frame's points).
/// </summary>
public static class RegionAttentionBackward
{
    /// <param name="attention">The module.</param>
    /// <param name="audioWeights">The audio attention MLP's weights.</param>
    /// <param name="eyeWeights">The eye attention MLP's weights.</param>
    /// <param name="spatial">N × SpatialWidth, as given to the forward.</param>
    /// <param name="audio">AudioWidth floats, the frame's audio code.</param>
    /// <param name="eye">EyeWidth floats, the frame's eye feature.</param>
    /// <param name="outputGrad">dL/d(output), N × OutputWidth.</param>
    /// <param name="audioWeightGrad">Like <paramref name="audioWeights"/>; <b>added</b>.</param>
    /// <param name="eyeWeightGrad">Like <paramref name="eyeWeights"/>; <b>added</b>.</param>
    /// <param name="spatialGrad">Empty, or N × SpatialWidth; <b>added</b>.</param>
    /// <param name="audioGrad">Empty, or AudioWidth; <b>added</b>.</param>
    /// <param name="eyeGrad">Empty, or EyeWidth; <b>added</b>.</param>
    /// <param name="alphaNormGrad">Empty, or N floats: an extra dL/d‖α[n]‖ (<see cref="AttentionRegulariser"/>), carried
    /// on as dL/dα[n, j] += alphaNormGrad[n] · α[n, j] / ‖α[n]‖ (nothing where ‖α[n]‖ = 0, where the norm has no
    /// gradient).</param>
    public static void Backward(RegionAttention attention, ReadOnlySpan<float> audioWeights, ReadOnlySpan<float> eyeWeights,
        ReadOnlySpan<float> spatial, ReadOnlySpan<float> audio, ReadOnlySpan<float> eye, ReadOnlySpan<float> outputGrad,
        Span<float> audioWeightGrad, Span<float> eyeWeightGrad, Span<float> spatialGrad, Span<float> audioGrad,
        Span<float> eyeGrad, ReadOnlySpan<float> alphaNormGrad = default)
    {
        ArgumentNullException.ThrowIfNull(attention);
        RegionAttentionConfig c = attention.Config;
        int n = attention.PointCount(audioWeights, eyeWeights, spatial, audio, eye);
        if (outputGrad.Length != (long)n * c.OutputWidth)
            throw new ArgumentException($"outputGrad has {outputGrad.Length} floats; {n} points need {(long)n * c.OutputWidth}.", nameof(outputGrad));
        if (!spatialGrad.IsEmpty && spatialGrad.Length != spatial.Length)
            throw new ArgumentException($"spatialGrad has {spatialGrad.Length} floats; expected 0 or {spatial.Length}.", nameof(spatialGrad));
        if (!audioGrad.IsEmpty && audioGrad.Length != c.AudioWidth)
            throw new ArgumentException($"audioGrad has {audioGrad.Length} floats; expected 0 or {c.AudioWidth}.", nameof(audioGrad));
        if (!eyeGrad.IsEmpty && eyeGrad.Length != c.EyeWidth)
            throw new ArgumentException($"eyeGrad has {eyeGrad.Length} floats; expected 0 or {c.EyeWidth}.", nameof(eyeGrad));
        if (!alphaNormGrad.IsEmpty && alphaNormGrad.Length != n)
            throw new ArgumentException($"alphaNormGrad has {alphaNormGrad.Length} floats; expected 0 or {n}.", nameof(alphaNormGrad));

        int aw = c.AudioWidth, ew = c.EyeWidth, ow = c.OutputWidth;
        var alpha = new float[n * aw];
        var logits = new float[n * ew];
        // The forward again, keeping each MLP's hidden activations for the SIMD backward below.
        var audioHidden = new float[n * CpuMlp.HiddenFloats(c.AudioMlp)];
        var eyeHidden = new float[n * CpuMlp.HiddenFloats(c.EyeMlp)];
        attention.Attention(audioWeights, eyeWeights, spatial, alpha, logits, audioHidden, eyeHidden);

        var alphaGrad = new float[n * aw];
        var logitGrad = new float[n * ew];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < aw; j++)
            {
                float g = outputGrad[i * ow + j];
                alphaGrad[i * aw + j] = g * audio[j];
                if (!audioGrad.IsEmpty)
                    audioGrad[j] += g * alpha[i * aw + j];
            }
            if (!alphaNormGrad.IsEmpty && alphaNormGrad[i] != 0)
            {
                ReadOnlySpan<float> a = alpha.AsSpan(i * aw, aw);
                double sq = 0;
                for (int j = 0; j < aw; j++) sq += (double)a[j] * a[j];
                if (sq > 0)
                {
                    float scale = (float)(alphaNormGrad[i] / Math.Sqrt(sq));
                    for (int j = 0; j < aw; j++) alphaGrad[i * aw + j] += scale * a[j];
                }
            }
            for (int k = 0; k < ew; k++)
            {
                float g = outputGrad[i * ow + aw + k];
                float beta = RegionAttention.Sigmoid(logits[i * ew + k]);
                logitGrad[i * ew + k] = g * eye[k] * beta * (1f - beta);
                if (!eyeGrad.IsEmpty)
                    eyeGrad[k] += g * beta;
            }
        }

        bool wantSpatial = !spatialGrad.IsEmpty;
        var fromAudio = wantSpatial ? new float[spatial.Length] : [];
        var fromEye = wantSpatial ? new float[spatial.Length] : [];
        CpuMlpBackward.Backward(c.AudioMlp, audioWeights, spatial, audioHidden, alphaGrad, audioWeightGrad, fromAudio);
        CpuMlpBackward.Backward(c.EyeMlp, eyeWeights, spatial, eyeHidden, logitGrad, eyeWeightGrad, fromEye);
        for (int i = 0; i < fromAudio.Length; i++)
            spatialGrad[i] += fromAudio[i] + fromEye[i];
    }
}
