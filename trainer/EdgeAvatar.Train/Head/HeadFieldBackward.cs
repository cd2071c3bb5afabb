using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Render.Networks;
using EdgeAvatar.Train.Networks;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Train.Kernels.Encodings;
using EdgeAvatar.Train.Kernels.Rendering;
using EdgeAvatar.Train.Conditioning;
using EdgeAvatar.Train.ErNerf;

namespace EdgeAvatar.Train.Head;

/// <summary>
/// Hand-written backward pass of <see cref="HeadField.Forward"/>: from dL/dσ and dL/drgb at the M sample points of a
/// <see cref="HeadFieldBatch"/> to gradients of every head parameter block, of the frame's audio code and latent.
/// It reads only the batch's saved intermediates and the parameters the forward used (unchanged since).
/// Parameter gradients are <b>added</b> into <c>gradients</c> (same layout as the parameters).
/// <para>An ernerf head's sigma input gradient splits into the s columns and the attended columns; the latter go
/// through <see cref="RegionAttentionBackward"/> (into both attention MLPs, s and the audio code), then the summed
/// s gradient through <see cref="TriPlaneEncodingBackward"/>. The eye value is data (no gradient).</para>
/// </summary>
public sealed class HeadFieldBackward
{
    private float[] _dColorOut = [], _dColorIn = [], _dSigmaOut = [], _dSigmaIn = [], _dAmbient = [],
        _dCoord = [], _dAmbientOut = [], _dAmbientIn = [], _dSpatial = [], _dAttended = [];

    public HeadFieldBackward(HeadField field) => Field = field;

    public HeadField Field { get; }

    /// <param name="gradSigma">dL/dσ, M floats.</param>
    /// <param name="gradRgb">dL/drgb, M × 3.</param>
    /// <param name="gradCoord">Empty, or M × 2 extra dL/d(tanh output) (the ambient-coordinate regulariser).</param>
    /// <param name="gradGate">Empty, or M extra dL/dγ (the gate regulariser; gated heads only).</param>
    /// <param name="gradAudio">The frame code's gradient, FrameCodeWidth floats (the audio code's, or an r2talker head's
    /// FiLM vector's); added.</param>
    /// <param name="gradLatent">LatentWidth floats; added.</param>
    /// <param name="gradAttentionNorm">Empty, or M extra dL/d‖α‖ (an ernerf head's audio-attention penalty,
    /// <see cref="ErNerf.AttentionRegulariser"/>).</param>
    public void Backward(ReadOnlySpan<float> parameters, HeadParameters blocks, HeadFieldBatch batch,
        ReadOnlySpan<float> gradSigma, ReadOnlySpan<float> gradRgb, ReadOnlySpan<float> gradCoord,
        ReadOnlySpan<float> gradGate, Span<float> gradients, Span<float> gradAudio, Span<float> gradLatent,
        ReadOnlySpan<float> gradAttentionNorm = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.KeepsTape)
            throw new ArgumentException("the batch has no tape of hidden activations: make it with keepTape: true.", nameof(batch));
        var c = Field.Config;
        int m = batch.Count;
        int s = c.SpatialWidth, q = c.AmbientGrid.OutputWidth, g = c.GeometryWidth, a = c.AudioWidth;
        int aIn = c.AmbientMlp.InputWidth, sIn = c.SigmaMlp.InputWidth, sOut = c.SigmaMlp.OutputWidth, cIn = c.ColorMlp.InputWidth;
        Ensure(m);

        // Colour: rgb = sigmoid(colorOut).
        var dColorOut = _dColorOut.AsSpan(0, 3 * m);
        ActivationsBackward.SigmoidBackward(batch.Rgb.AsSpan(0, 3 * m), gradRgb, dColorOut);
        var dColorIn = _dColorIn.AsSpan(0, m * cIn);
        CpuMlpBackward.Backward(c.ColorMlp, Slice(parameters, blocks.ColorMlp), batch.ColorIn.AsSpan(0, m * cIn),
            batch.ColorHidden.AsSpan(0, m * CpuMlp.HiddenFloats(c.ColorMlp)),
            dColorOut, gradients.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count), dColorIn);

        // Sigma MLP output = [density pre-activation, geometry features].
        var dSigmaOut = _dSigmaOut.AsSpan(0, m * sOut);
        var sigmaOut = batch.SigmaOut.AsSpan(0, m * sOut);
        for (int i = 0; i < m; i++)
        {
            float x = MathF.Min(sigmaOut[i * sOut], ActivationsBackward.TruncExpGradientClamp);
            dSigmaOut[i * sOut] = gradSigma[i] * MathF.Exp(x);
            dColorIn.Slice(i * cIn, g).CopyTo(dSigmaOut.Slice(i * sOut + 1, g));
            var dl = dColorIn.Slice(i * cIn + g + HeadModelConfig.DirectionWidth, c.LatentWidth);
            for (int k = 0; k < dl.Length; k++) gradLatent[k] += dl[k];
        }
        var dSigmaIn = _dSigmaIn.AsSpan(0, m * sIn);
        if (c.IsR2Talker)
        {
            R2TalkerSigmaBackward(parameters, blocks, batch, dSigmaOut, dSigmaIn, gradients, gradAudio);
            return;
        }
        CpuMlpBackward.Backward(c.SigmaMlp, Slice(parameters, blocks.SigmaMlp), batch.SigmaIn.AsSpan(0, m * sIn),
            batch.SigmaHidden.AsSpan(0, m * CpuMlp.HiddenFloats(c.SigmaMlp)),
            dSigmaOut, gradients.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count), dSigmaIn);
        if (c.IsErNerf)
        {
            ErNerfBackward(parameters, blocks, batch, dSigmaIn, gradients, gradAudio, gradAttentionNorm);
            return;
        }

        // Split the sigma input gradient: spatial part (finished below), ambient-grid part, gated audio part
        // (γ·a: dL/da += γ·g, dL/dγ = Σ g·a, finished with the ambient MLP's third output).
        int o = c.AmbientOutputs;
        var dSpatial = _dSpatial.AsSpan(0, m * s);
        var dAmbient = _dAmbient.AsSpan(0, m * q);
        var dAmbientOut = _dAmbientOut.AsSpan(0, o * m);
        var gate = batch.Gate.AsSpan(0, c.AudioGate ? m : 0);
        var audio = batch.AmbientIn.AsSpan(s, a); // every row carries the same code
        for (int i = 0; i < m; i++)
        {
            dSigmaIn.Slice(i * sIn, s).CopyTo(dSpatial.Slice(i * s, s));
            dSigmaIn.Slice(i * sIn + s, q).CopyTo(dAmbient.Slice(i * q, q));
            if (!c.AudioGate) continue;
            var dga = dSigmaIn.Slice(i * sIn + s + q, a);
            float gi = gate[i], dGate = gradGate.IsEmpty ? 0f : gradGate[i];
            for (int k = 0; k < a; k++)
            {
                gradAudio[k] += gi * dga[k];
                dGate += dga[k] * audio[k];
            }
            dAmbientOut[o * i + 2] = dGate * gi * (1f - gi);
        }

        // Ambient grid at coord = (tanh(u) + 1) / 2.
        var dCoord = _dCoord.AsSpan(0, 2 * m);
        dCoord.Clear();
        var coord = batch.AmbientCoord.AsSpan(0, 2 * m);
        CpuGridEncodingBackward.Backward(Field.AmbientLayout, Slice(parameters, blocks.AmbientGrid), coord, dAmbient,
            gradients.Slice(blocks.AmbientGrid.Offset, blocks.AmbientGrid.Count), dCoord);
        for (int i = 0; i < 2 * m; i++)
        {
            float t = 2f * coord[i] - 1f; // tanh(u)
            float dT = 0.5f * dCoord[i] + (gradCoord.IsEmpty ? 0f : gradCoord[i]);
            dAmbientOut[o * (i >> 1) + (i & 1)] = dT * (1f - t * t);
        }
        var dAmbientIn = _dAmbientIn.AsSpan(0, m * aIn);
        CpuMlpBackward.Backward(c.AmbientMlp, Slice(parameters, blocks.AmbientMlp), batch.AmbientIn.AsSpan(0, m * aIn),
            batch.AmbientHidden.AsSpan(0, m * CpuMlp.HiddenFloats(c.AmbientMlp)),
            dAmbientOut, gradients.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count), dAmbientIn);
        for (int i = 0; i < m; i++)
        {
            var row = dAmbientIn.Slice(i * aIn, aIn);
            var ds = dSpatial.Slice(i * s, s);
            for (int k = 0; k < s; k++) ds[k] += row[k];
            for (int k = 0; k < a; k++) gradAudio[k] += row[s + k];
        }

        // Spatial grid (positions are data: no position gradient).
        CpuGridEncodingBackward.Backward(Field.SpatialLayout, Slice(parameters, blocks.SpatialGrid), batch.Unit.AsSpan(0, 3 * m),
            dSpatial, gradients.Slice(blocks.SpatialGrid.Offset, blocks.SpatialGrid.Count), []);
    }

    /// <summary>
    /// r2talker below the sigma MLP's output: the FiLM MLP's backward (its FiLM gradient, summed over the call's points,
    /// is the frame code's: <paramref name="gradFilm"/>, added), then the spatial grid; no ambient stage exists.
    /// </summary>
    private void R2TalkerSigmaBackward(ReadOnlySpan<float> parameters, HeadParameters blocks, HeadFieldBatch batch,
        ReadOnlySpan<float> dSigmaOut, Span<float> dSigmaIn, Span<float> gradients, Span<float> gradFilm)
    {
        var c = Field.Config;
        int m = batch.Count, s = c.SpatialGrid.OutputWidth, sIn = c.SigmaMlp.InputWidth;
        FilmMlpBackward.Backward(c.SigmaMlp, Slice(parameters, blocks.SigmaMlp), batch.FrameCode, batch.SigmaIn.AsSpan(0, m * sIn),
            batch.SigmaHidden.AsSpan(0, m * CpuMlp.HiddenFloats(c.SigmaMlp)), dSigmaOut,
            gradients.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count), gradFilm, dSigmaIn);
        var dSpatial = _dSpatial.AsSpan(0, m * s);
        for (int i = 0; i < m; i++)
            dSigmaIn.Slice(i * sIn, s).CopyTo(dSpatial.Slice(i * s, s));
        CpuGridEncodingBackward.Backward(Field.SpatialLayout, Slice(parameters, blocks.SpatialGrid), batch.Unit.AsSpan(0, 3 * m),
            dSpatial, gradients.Slice(blocks.SpatialGrid.Offset, blocks.SpatialGrid.Count), []);
    }

    /// <summary>
    /// ernerf below the sigma MLP's input: dL/ds = the s columns of <paramref name="dSigmaIn"/> + the attention's s
    /// gradient; dL/da (the frame's audio code, summed over the call's points) is added to <paramref name="gradAudio"/>.
    /// </summary>
    private void ErNerfBackward(ReadOnlySpan<float> parameters, HeadParameters blocks, HeadFieldBatch batch,
        ReadOnlySpan<float> dSigmaIn, Span<float> gradients, Span<float> gradAudio, ReadOnlySpan<float> gradAttentionNorm)
    {
        var c = Field.Config;
        int m = batch.Count, s = c.SpatialWidth, sIn = c.SigmaMlp.InputWidth, r = sIn - s;
        var dSpatial = _dSpatial.AsSpan(0, m * s);
        var dAttended = _dAttended.AsSpan(0, m * r);
        for (int i = 0; i < m; i++)
        {
            dSigmaIn.Slice(i * sIn, s).CopyTo(dSpatial.Slice(i * s, s));
            dSigmaIn.Slice(i * sIn + s, r).CopyTo(dAttended.Slice(i * r, r));
        }
        ParameterBlock audioAttention = blocks.AudioAttention!, eyeAttention = blocks.EyeAttention!, plane = blocks.TriPlane!;
        var spatial = batch.Spatial.AsSpan(0, m * s);
        float eye = batch.Eye;
        RegionAttentionBackward.Backward(Field.Attention, Slice(parameters, audioAttention), Slice(parameters, eyeAttention),
            spatial, batch.FrameCode, new ReadOnlySpan<float>(in eye), dAttended,
            gradients.Slice(audioAttention.Offset, audioAttention.Count), gradients.Slice(eyeAttention.Offset, eyeAttention.Count),
            dSpatial, gradAudio, [], gradAttentionNorm.IsEmpty ? default : gradAttentionNorm[..m]);
        // Positions are data: no position gradient.
        TriPlaneEncodingBackward.Backward(Field.TriPlane, Slice(parameters, plane), batch.Unit.AsSpan(0, 3 * m), dSpatial,
            gradients.Slice(plane.Offset, plane.Count), []);
    }

    private static ReadOnlySpan<float> Slice(ReadOnlySpan<float> p, ParameterBlock b) => p.Slice(b.Offset, b.Count);

    private void Ensure(int m)
    {
        if (_dColorOut.Length >= 3 * m) return;
        var c = Field.Config;
        int cap = Math.Max(m, _dColorOut.Length / 3 * 3 / 2);
        _dColorOut = new float[3 * cap];
        _dColorIn = new float[cap * c.ColorMlp.InputWidth];
        _dSigmaOut = new float[cap * c.SigmaMlp.OutputWidth];
        _dSigmaIn = new float[cap * c.SigmaMlp.InputWidth];
        int ambient = c.IsR2Talker || c.IsErNerf ? 0 : cap;
        _dAmbient = new float[ambient * c.AmbientGrid.OutputWidth];
        _dCoord = new float[2 * ambient];
        _dAmbientOut = new float[c.AmbientOutputs * ambient];
        _dAmbientIn = new float[ambient * c.AmbientMlp.InputWidth];
        _dSpatial = new float[cap * c.SpatialWidth];
        _dAttended = new float[c.IsErNerf ? cap * (c.SigmaMlp.InputWidth - c.SpatialWidth) : 0];
    }
}
