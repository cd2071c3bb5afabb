using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;
using EdgeAvatar.Kernels.Rendering;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// Evaluates the head field (density and colour at sample points, see <see cref="HeadModelConfig"/>) for one frame:
/// every point of a call shares the frame's audio code, eye value and latent. This is the forward pass the renderer
/// runs and the trainer differentiates (it reads the intermediates kept in a <see cref="HeadFieldBatch"/> made with
/// a tape), so a baked model renders exactly as it was trained.
/// </summary>
public sealed class HeadField
{
    private readonly GridEncodingLayout _spatial, _ambient;
    private float[] _sh = [];

    public HeadField(HeadModelConfig config)
    {
        Config = config.EnsureValid();
        _spatial = new GridEncodingLayout(config.SpatialGrid);
        _ambient = new GridEncodingLayout(config.AmbientGrid);
    }

    public HeadModelConfig Config { get; }

    public GridEncodingLayout SpatialLayout => _spatial;

    public GridEncodingLayout AmbientLayout => _ambient;

    /// <summary>
    /// Forward for M = positions.Length / 3 points.
    /// </summary>
    /// <param name="parameters">The avatar's flat parameters; the head's blocks are read through <paramref name="blocks"/>.</param>
    /// <param name="blocks">Where the head's blocks sit.</param>
    /// <param name="positions">M × 3 world (head-frame) positions inside the box.</param>
    /// <param name="rayDirections">R × 3 unit directions; point i uses ray <paramref name="rayIndex"/>[i].</param>
    /// <param name="rayIndex">M ray indices.</param>
    /// <param name="audio">The frame's audio code, <see cref="HeadModelConfig.AudioWidth"/> floats.</param>
    /// <param name="eye">The frame's eye value.</param>
    /// <param name="latent"><see cref="HeadModelConfig.LatentWidth"/> floats.</param>
    /// <param name="batch">Receives the intermediates (the hidden activations only when it keeps a tape),
    /// <see cref="HeadFieldBatch.Sigma"/> and <see cref="HeadFieldBatch.Rgb"/>.</param>
    public void Forward(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> positions,
        ReadOnlySpan<float> rayDirections, ReadOnlySpan<int> rayIndex, ReadOnlySpan<float> audio, float eye,
        ReadOnlySpan<float> latent, HeadFieldBatch batch)
    {
        var c = Config;
        int m = positions.Length / 3;
        if (rayIndex.Length != m) throw new ArgumentException($"rayIndex has {rayIndex.Length} entries for {m} points.", nameof(rayIndex));
        if (audio.Length != c.AudioWidth) throw new ArgumentException($"audio code has {audio.Length} floats, expected {c.AudioWidth}.", nameof(audio));
        if (latent.Length != c.LatentWidth) throw new ArgumentException($"latent has {latent.Length} floats, expected {c.LatentWidth}.", nameof(latent));
        batch.Resize(m);
        int s = c.SpatialGrid.OutputWidth, q = c.AmbientGrid.OutputWidth, g = c.GeometryWidth;
        int aIn = c.AmbientMlp.InputWidth, sIn = c.SigmaMlp.InputWidth, sOut = c.SigmaMlp.OutputWidth, cIn = c.ColorMlp.InputWidth;

        // Box → unit cube for the grid (points outside encode to zero by the grid's contract).
        var box = c.Bounds;
        var unit = batch.Unit.AsSpan(0, 3 * m);
        for (int i = 0; i < m; i++)
        {
            unit[3 * i] = (positions[3 * i] - box.Min.X) / box.Size.X;
            unit[3 * i + 1] = (positions[3 * i + 1] - box.Min.Y) / box.Size.Y;
            unit[3 * i + 2] = (positions[3 * i + 2] - box.Min.Z) / box.Size.Z;
        }
        var spatial = batch.Spatial.AsSpan(0, m * s);
        CpuGridEncoding.Forward(_spatial, parameters.Slice(blocks.SpatialGrid.Offset, blocks.SpatialGrid.Count), unit, spatial);

        var ambientIn = batch.AmbientIn.AsSpan(0, m * aIn);
        for (int i = 0; i < m; i++)
        {
            spatial.Slice(i * s, s).CopyTo(ambientIn.Slice(i * aIn, s));
            audio.CopyTo(ambientIn.Slice(i * aIn + s, c.AudioWidth));
        }
        int o = c.AmbientOutputs;
        var ambientOut = batch.AmbientOut.AsSpan(0, o * m);
        CpuMlp.Forward(c.AmbientMlp, parameters.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count), ambientIn, ambientOut,
            Tape(batch.AmbientHidden, m, c.AmbientMlp));
        var coord = batch.AmbientCoord.AsSpan(0, 2 * m);
        for (int i = 0; i < m; i++)
        {
            coord[2 * i] = 0.5f * (MathF.Tanh(ambientOut[o * i]) + 1f);
            coord[2 * i + 1] = 0.5f * (MathF.Tanh(ambientOut[o * i + 1]) + 1f);
        }
        var gate = batch.Gate.AsSpan(0, c.AudioGate ? m : 0);
        for (int i = 0; i < gate.Length; i++)
            gate[i] = 1f / (1f + MathF.Exp(-ambientOut[o * i + 2]));
        var ambient = batch.Ambient.AsSpan(0, m * q);
        CpuGridEncoding.Forward(_ambient, parameters.Slice(blocks.AmbientGrid.Offset, blocks.AmbientGrid.Count), coord, ambient);

        var sigmaIn = batch.SigmaIn.AsSpan(0, m * sIn);
        for (int i = 0; i < m; i++)
        {
            var row = sigmaIn.Slice(i * sIn, sIn);
            spatial.Slice(i * s, s).CopyTo(row);
            ambient.Slice(i * q, q).CopyTo(row[s..]);
            if (c.AudioGate)
            {
                var ga = row.Slice(s + q, c.AudioWidth);
                for (int k = 0; k < ga.Length; k++) ga[k] = gate[i] * audio[k];
            }
            row[sIn - 1] = eye;
        }
        var sigmaOut = batch.SigmaOut.AsSpan(0, m * sOut);
        CpuMlp.Forward(c.SigmaMlp, parameters.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count), sigmaIn, sigmaOut,
            Tape(batch.SigmaHidden, m, c.SigmaMlp));

        if (_sh.Length < 16 * m) _sh = new float[Math.Max(16 * m, _sh.Length * 3 / 2)];
        var sh = _sh.AsSpan(0, 16 * m);
        SphericalHarmonics.EncodeSamples(rayDirections, rayIndex, sh);
        var colorIn = batch.ColorIn.AsSpan(0, m * cIn);
        var sigma = batch.Sigma.AsSpan(0, m);
        for (int i = 0; i < m; i++)
        {
            var row = colorIn.Slice(i * cIn, cIn);
            sigmaOut.Slice(i * sOut + 1, g).CopyTo(row);
            sh.Slice(16 * i, 16).CopyTo(row[g..]);
            latent.CopyTo(row[(g + 16)..]);
            sigma[i] = sigmaOut[i * sOut];
        }
        Activations.TruncExpForward(sigma, sigma);
        var colorOut = batch.ColorOut.AsSpan(0, 3 * m);
        CpuMlp.Forward(c.ColorMlp, parameters.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count), colorIn, colorOut,
            Tape(batch.ColorHidden, m, c.ColorMlp));
        Activations.SigmoidForward(colorOut, batch.Rgb.AsSpan(0, 3 * m));
    }

    // An MLP's hidden-activation slice of the batch, or empty (not recorded) for a batch without a tape.
    private static Span<float> Tape(float[] hidden, int m, MlpConfig mlp)
        => hidden.Length == 0 ? default : hidden.AsSpan(0, m * CpuMlp.HiddenFloats(mlp));
}
