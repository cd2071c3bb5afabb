using System.Buffers;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;

namespace EdgeAvatar.Render.ErNerf;

/// <summary>
/// Forward of ER-NeRF's region attention (<see cref="RegionAttentionConfig"/> has the formula) for the N sample
/// points of one frame: the audio code and eye feature are that frame's, shared by every point.
/// <para>Layouts: spatial N × SpatialWidth (the tri-plane output row); audio AudioWidth; eye EyeWidth; output
/// N × OutputWidth, per point the AudioWidth attended audio floats then the EyeWidth attended eye floats.
/// Parameters are two buffers in <see cref="MlpConfig"/> layout: the audio attention MLP's and the eye's.</para>
/// </summary>
public sealed class RegionAttention
{
    public RegionAttention(RegionAttentionConfig config)
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).EnsureValid();
    }

    public RegionAttentionConfig Config { get; }

    /// <summary>N, after checking every buffer's length (throws <see cref="ArgumentException"/> naming it).</summary>
    public int PointCount(ReadOnlySpan<float> audioWeights, ReadOnlySpan<float> eyeWeights, ReadOnlySpan<float> spatial,
        ReadOnlySpan<float> audio, ReadOnlySpan<float> eye)
    {
        RegionAttentionConfig c = Config;
        if (audioWeights.Length != c.AudioMlp.ParameterCount)
            throw new ArgumentException($"audioWeights has {audioWeights.Length} floats; the audio attention has {c.AudioMlp.ParameterCount}.", nameof(audioWeights));
        if (eyeWeights.Length != c.EyeMlp.ParameterCount)
            throw new ArgumentException($"eyeWeights has {eyeWeights.Length} floats; the eye attention has {c.EyeMlp.ParameterCount}.", nameof(eyeWeights));
        if (spatial.Length % c.SpatialWidth != 0)
            throw new ArgumentException($"spatial has {spatial.Length} floats, not a multiple of {c.SpatialWidth}.", nameof(spatial));
        if (audio.Length != c.AudioWidth)
            throw new ArgumentException($"audio has {audio.Length} floats; expected {c.AudioWidth}.", nameof(audio));
        if (eye.Length != c.EyeWidth)
            throw new ArgumentException($"eye has {eye.Length} floats; expected {c.EyeWidth}.", nameof(eye));
        return spatial.Length / c.SpatialWidth;
    }

    /// <summary>The attention vectors of N points: α (N × AudioWidth) and the eye MLP's pre-sigmoid output (N × EyeWidth).</summary>
    /// <remarks>Through the SIMD <see cref="CpuMlp"/> (the same network as <see cref="FusedMlpReference"/>, its
    /// specification; only the summation order differs): on the CPU the two attention MLPs run on every head sample
    /// and are the larger part of an ernerf head's cost.</remarks>
    /// <param name="audioHidden">Empty, or N × <see cref="CpuMlp.HiddenFloats"/> of the audio MLP: receives its hidden
    /// activations (what the trainer's backward needs).</param>
    /// <param name="eyeHidden">Likewise for the eye MLP.</param>
    public void Attention(ReadOnlySpan<float> audioWeights, ReadOnlySpan<float> eyeWeights, ReadOnlySpan<float> spatial,
        Span<float> audioAttention, Span<float> eyeLogits, Span<float> audioHidden = default, Span<float> eyeHidden = default)
    {
        CpuMlp.Forward(Config.AudioMlp, audioWeights, spatial, audioAttention, audioHidden);
        CpuMlp.Forward(Config.EyeMlp, eyeWeights, spatial, eyeLogits, eyeHidden);
    }

    /// <summary>Attends one frame's audio and eye to N points (layouts on the type).</summary>
    /// <param name="output">N × OutputWidth, overwritten.</param>
    public void Forward(ReadOnlySpan<float> audioWeights, ReadOnlySpan<float> eyeWeights, ReadOnlySpan<float> spatial,
        ReadOnlySpan<float> audio, ReadOnlySpan<float> eye, Span<float> output)
    {
        RegionAttentionConfig c = Config;
        int n = PointCount(audioWeights, eyeWeights, spatial, audio, eye);
        if (output.Length != (long)n * c.OutputWidth)
            throw new ArgumentException($"output has {output.Length} floats; {n} points need {(long)n * c.OutputWidth}.", nameof(output));
        // Pooled: the renderer calls this per chunk of points, on every frame.
        float[] alphaRent = ArrayPool<float>.Shared.Rent(n * c.AudioWidth), logitRent = ArrayPool<float>.Shared.Rent(n * c.EyeWidth);
        try
        {
            Span<float> alpha = alphaRent.AsSpan(0, n * c.AudioWidth), logits = logitRent.AsSpan(0, n * c.EyeWidth);
            Attention(audioWeights, eyeWeights, spatial, alpha, logits);
            for (int i = 0; i < n; i++)
            {
                Span<float> row = output.Slice(i * c.OutputWidth, c.OutputWidth);
                for (int j = 0; j < c.AudioWidth; j++)
                    row[j] = audio[j] * alpha[i * c.AudioWidth + j];
                for (int k = 0; k < c.EyeWidth; k++)
                    row[c.AudioWidth + k] = eye[k] * Sigmoid(logits[i * c.EyeWidth + k]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(alphaRent);
            ArrayPool<float>.Shared.Return(logitRent);
        }
    }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
