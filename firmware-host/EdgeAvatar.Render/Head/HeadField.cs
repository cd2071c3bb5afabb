using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Networks;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.ErNerf;

namespace EdgeAvatar.Render.Head;

/// <summary>
/// Evaluates the head field (density and colour at sample points, see <see cref="HeadModelConfig"/>) for one frame:
/// every point of a call shares the frame's audio code, eye value and latent. This is the forward pass the renderer
/// runs and the trainer differentiates (it reads the intermediates kept in a <see cref="HeadFieldBatch"/> made with
/// a tape), so a baked model renders exactly as it was trained. A call splits its points into fixed chunks of
/// <see cref="ChunkPoints"/> and runs the whole field on each chunk on one thread (grids, MLPs and the glue between
/// them), so a chunk's intermediates stay in cache and the result is independent of thread timing.
/// Not thread-safe: one instance per render or training thread (it keeps its prepared weights between calls).
/// <para>An r2talker head (<see cref="HeadModelConfig.IsR2Talker"/>) takes the frame's FiLM vector where radnerf takes
/// the audio code, skips the ambient stage, and runs its sigma MLP with <see cref="FilmMlpReference"/> over the whole
/// call between two chunked passes (grids and sigma input; colour), so its forward is that reference's, bit for bit,
/// and the trainer's <c>FilmMlpBackward</c> reads the same saved pre-FiLM activations.</para>
/// <para>An ernerf head (<see cref="HeadModelConfig.IsErNerf"/>) runs, per chunk, <see cref="TriPlaneEncoding"/> for s,
/// <see cref="ErNerf.RegionAttention"/> with the frame's audio code and eye, then the sigma MLP on [s, a ⊙ α, eye ⊙ β]
/// (no first-layer split: every column is per point) and the colour stage as radnerf does.</para>
/// </summary>
public sealed class HeadField
{
    /// <summary>Points per Parallel.For work item of <see cref="Forward"/>: fixed, so results never depend on threads.</summary>
    public const int ChunkPoints = 256;

    private readonly GridEncodingLayout? _spatial, _ambient;
    private readonly FastCpuGridEncoding? _spatialCpu;
    private readonly TriPlaneEncoding? _triPlane;
    private readonly RegionAttention? _attention;
    private readonly FastCpuGridEncoding? _ambientCpu;
    private readonly CpuMlpWeights _ambientW = new(), _sigmaW = new(), _colorW = new();
    private readonly FirstLayerSplit _ambientSplit = new(), _sigmaSplit = new(), _colorSplit = new();
    private readonly ChunkJob _job;
    private readonly Action<int> _runChunk;

    public HeadField(HeadModelConfig config)
    {
        Config = config.EnsureValid();
        if (config.IsErNerf)
        {
            _triPlane = new TriPlaneEncoding(config.TriPlane!.Plane);
            _attention = new RegionAttention(config.RegionAttention);
        }
        else
        {
            _spatial = new GridEncodingLayout(config.SpatialGrid);
            _spatialCpu = new FastCpuGridEncoding(_spatial);
        }
        if (!config.IsR2Talker && !config.IsErNerf)
        {
            _ambient = new GridEncodingLayout(config.AmbientGrid);
            _ambientCpu = new FastCpuGridEncoding(_ambient);
        }
        _job = new ChunkJob(this);
        _runChunk = _job.RunChunk;
    }

    public HeadModelConfig Config { get; }

    /// <summary>The spatial grid's layout (radnerf and r2talker heads).</summary>
    public GridEncodingLayout SpatialLayout => _spatial ?? throw new InvalidOperationException("an ernerf head has no spatial grid.");

    /// <summary>The tri-plane encoding (ernerf heads only).</summary>
    public TriPlaneEncoding TriPlane => _triPlane ?? throw new InvalidOperationException($"a '{Config.Variant}' head has no tri-plane.");

    /// <summary>The region attention (ernerf heads only).</summary>
    public RegionAttention Attention => _attention ?? throw new InvalidOperationException($"a '{Config.Variant}' head has no region attention.");

    /// <summary>The ambient grid's layout (radnerf heads only).</summary>
    public GridEncodingLayout AmbientLayout => _ambient ?? throw new InvalidOperationException("an r2talker head has no ambient grid.");

    /// <summary>
    /// Forward for M = positions.Length / 3 points.
    /// </summary>
    /// <param name="parameters">The avatar's flat parameters; the head's blocks are read through <paramref name="blocks"/>.</param>
    /// <param name="blocks">Where the head's blocks sit.</param>
    /// <param name="positions">M × 3 world (head-frame) positions inside the box.</param>
    /// <param name="rayDirections">R × 3 unit directions; point i uses ray <paramref name="rayIndex"/>[i].</param>
    /// <param name="rayIndex">M ray indices.</param>
    /// <param name="audio">The frame's code, <see cref="HeadModelConfig.FrameCodeWidth"/> floats: the audio code
    /// (radnerf) or the FiLM vector of the frame's landmark condition (r2talker).</param>
    /// <param name="eye">The frame's eye value.</param>
    /// <param name="latent"><see cref="HeadModelConfig.LatentWidth"/> floats.</param>
    /// <param name="batch">Receives the intermediates (the hidden activations only when it keeps a tape),
    /// <see cref="HeadFieldBatch.Sigma"/> and <see cref="HeadFieldBatch.Rgb"/>.</param>
    public unsafe void Forward(ReadOnlySpan<float> parameters, HeadParameters blocks, ReadOnlySpan<float> positions,
        ReadOnlySpan<float> rayDirections, ReadOnlySpan<int> rayIndex, ReadOnlySpan<float> audio, float eye,
        ReadOnlySpan<float> latent, HeadFieldBatch batch)
    {
        var c = Config;
        int m = positions.Length / 3;
        if (rayIndex.Length != m) throw new ArgumentException($"rayIndex has {rayIndex.Length} entries for {m} points.", nameof(rayIndex));
        if (audio.Length != c.FrameCodeWidth) throw new ArgumentException($"the frame code has {audio.Length} floats, expected {c.FrameCodeWidth}.", nameof(audio));
        if (latent.Length != c.LatentWidth) throw new ArgumentException($"latent has {latent.Length} floats, expected {c.LatentWidth}.", nameof(latent));
        foreach (int r in rayIndex)
            if ((uint)r >= (uint)(rayDirections.Length / 3))
                throw new ArgumentOutOfRangeException(nameof(rayIndex), $"ray index {r} is outside the {rayDirections.Length / 3} rays.");
        batch.Resize(m);
        if (!c.IsR2Talker)
            _sigmaW.Load(c.SigmaMlp, parameters.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count));
        if (!c.IsR2Talker && !c.IsErNerf)
            _ambientW.Load(c.AmbientMlp, parameters.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count));
        _colorW.Load(c.ColorMlp, parameters.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count));
        audio.CopyTo(batch.FrameCode);
        batch.Eye = eye;
        PrepareSplits(audio, eye, latent);
        var job = _job;
        job.Batch = batch; job.Eye = eye; job.Count = m;
        fixed (float* pp = parameters, pos = positions, dirs = rayDirections, au = audio, lat = latent)
        fixed (int* ri = rayIndex)
        {
            job.Parameters = (nint)pp; job.ParameterCount = parameters.Length; job.Blocks = blocks;
            job.Positions = (nint)pos; job.Directions = (nint)dirs; job.RayIndex = (nint)ri;
            job.Audio = (nint)au; job.Latent = (nint)lat;
            int chunks = (m + ChunkPoints - 1) / ChunkPoints;
            if (!c.IsR2Talker)
            {
                job.Stage = c.IsErNerf ? ChunkStage.ErNerf : ChunkStage.Whole;
                RunChunks(job, chunks, m);
            }
            else
            {
                job.Stage = ChunkStage.SigmaInput;
                RunChunks(job, chunks, m);
                int sIn = c.SigmaMlp.InputWidth, sOut = c.SigmaMlp.OutputWidth;
                FilmMlpReference.Forward(c.SigmaMlp, parameters.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count), audio,
                    batch.SigmaIn.AsSpan(0, m * sIn), batch.SigmaOut.AsSpan(0, m * sOut),
                    Tape(batch.SigmaHidden, 0, m, CpuMlp.HiddenFloats(c.SigmaMlp)));
                job.Stage = ChunkStage.Colour;
                RunChunks(job, chunks, m);
            }
            job.Batch = null!;
        }
        // The activations over the whole batch in one call each, as before the chunked pipeline: TensorPrimitives
        // may take a different (scalar) path for a short span, so per-chunk calls could change the last bit.
        var sigma = batch.Sigma.AsSpan(0, m);
        Activations.TruncExpForward(sigma, sigma);
        Activations.SigmoidForward(batch.ColorOut.AsSpan(0, 3 * m), batch.Rgb.AsSpan(0, 3 * m));
    }

    private void RunChunks(ChunkJob job, int chunks, int m)
    {
        if (chunks == 1) job.Run(0, m);
        else Parallel.For(0, chunks, _runChunk);
    }

    /// <summary>
    /// The first-layer columns every point of a call shares (the frame's audio code, eye value and latent) enter as
    /// precomputed terms: ambient [s | a], sigma [s, q | γ·a, eye] (γ the per-point gate), colour [h, SH | latent].
    /// </summary>
    private void PrepareSplits(ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent)
    {
        var c = Config;
        _colorSplit.PointWidth = c.GeometryWidth + SphericalHarmonics.Degree4Width;
        _colorSplit.SetConstant(_colorW, _colorSplit.PointWidth, latent);
        // r2talker: the FiLM sigma MLP takes its whole input row; ernerf: every sigma column is per point. No ambient MLP.
        if (c.IsR2Talker || c.IsErNerf) return;
        int s = c.SpatialGrid.OutputWidth, q = c.AmbientGrid.OutputWidth;
        _ambientSplit.PointWidth = s;
        _ambientSplit.SetConstant(_ambientW, s, audio);
        _sigmaSplit.PointWidth = s + q;
        _sigmaSplit.SetScaled(_sigmaW, s + q, c.AudioGate ? audio : []);
        _sigmaSplit.SetConstant(_sigmaW, c.SigmaMlp.InputWidth - 1, new ReadOnlySpan<float>(in eye));
    }

    /// <summary>
    /// Everything up to the output activations for points [start, end), on one thread: the grids, the three MLPs
    /// and the glue between them run on a chunk that stays in cache, and every intermediate lands in the batch's
    /// arrays at the point's position (so the result does not depend on how points are split over threads).
    /// </summary>
    // An MLP's hidden-activation slice of the batch for points [start, start + n), or empty (not recorded) for a
    // batch without a tape.
    private static Span<float> Tape(float[] hidden, int start, int n, int perPoint)
        => hidden.Length == 0 ? default : hidden.AsSpan(start * perPoint, n * perPoint);

    /// <summary>
    /// What a chunk pass computes: everything (radnerf; the ErNerf stage for an ernerf head), or r2talker's two
    /// passes around its FiLM sigma MLP.
    /// </summary>
    private enum ChunkStage { Whole, SigmaInput, Colour, ErNerf }

    private sealed unsafe class ChunkJob(HeadField field)
    {
        public ChunkStage Stage;
        public nint Parameters, Positions, Directions, RayIndex, Audio, Latent;
        public int ParameterCount, Count;
        public float Eye;
        public HeadParameters Blocks = null!;
        public HeadFieldBatch Batch = null!;

        public void RunChunk(int k) => Run(k * ChunkPoints, Math.Min(Count, (k + 1) * ChunkPoints));

        public void Run(int start, int end)
        {
            var c = field.Config;
            var batch = Batch;
            float eye = Eye;
            int n = end - start;
            int s = c.SpatialGrid.OutputWidth, q = c.AmbientGrid.OutputWidth, g = c.GeometryWidth;
            int aIn = c.AmbientMlp.InputWidth, sIn = c.SigmaMlp.InputWidth, sOut = c.SigmaMlp.OutputWidth, cIn = c.ColorMlp.InputWidth;
            int o = c.AmbientOutputs, aw = c.AudioWidth;
            var parameters = new ReadOnlySpan<float>((float*)Parameters, ParameterCount);
            var positions = new ReadOnlySpan<float>((float*)Positions + 3L * start, 3 * n);
            var rayIndex = new ReadOnlySpan<int>((int*)RayIndex + start, n);
            var audio = new ReadOnlySpan<float>((float*)Audio, c.FrameCodeWidth);
            var latent = new ReadOnlySpan<float>((float*)Latent, c.LatentWidth);
            float* directions = (float*)Directions;
            if (Stage == ChunkStage.Colour)
            {
                Colour(start, n, rayIndex, latent, directions);
                return;
            }

            // Box → unit cube for the grid (points outside encode to zero by the grid's contract).
            var box = c.Bounds;
            var unit = batch.Unit.AsSpan(3 * start, 3 * n);
            for (int i = 0; i < n; i++)
            {
                unit[3 * i] = (positions[3 * i] - box.Min.X) / box.Size.X;
                unit[3 * i + 1] = (positions[3 * i + 1] - box.Min.Y) / box.Size.Y;
                unit[3 * i + 2] = (positions[3 * i + 2] - box.Min.Z) / box.Size.Z;
            }
            if (Stage == ChunkStage.ErNerf)
            {
                ErNerfChunk(start, n, unit, parameters, audio, rayIndex, latent, directions);
                return;
            }
            var spatial = batch.Spatial.AsSpan(start * s, n * s);
            field._spatialCpu!.Encode(parameters.Slice(Blocks.SpatialGrid.Offset, Blocks.SpatialGrid.Count), unit, spatial);
            if (Stage == ChunkStage.SigmaInput)
            {
                // r2talker: [spatial, eye]; the condition enters every hidden layer through FiLM instead.
                var input = batch.SigmaIn.AsSpan(start * sIn, n * sIn);
                for (int i = 0; i < n; i++)
                {
                    spatial.Slice(i * s, s).CopyTo(input.Slice(i * sIn, s));
                    input[i * sIn + sIn - 1] = eye;
                }
                return;
            }

            var ambientIn = batch.AmbientIn.AsSpan(start * aIn, n * aIn);
            for (int i = 0; i < n; i++)
            {
                spatial.Slice(i * s, s).CopyTo(ambientIn.Slice(i * aIn, s));
                audio.CopyTo(ambientIn.Slice(i * aIn + s, aw));
            }
            var ambientOut = batch.AmbientOut.AsSpan(start * o, n * o);
            int ah = CpuMlp.HiddenFloats(c.AmbientMlp);
            CpuMlp.ForwardChunk(field._ambientW, ambientIn, ambientOut, Tape(batch.AmbientHidden, start, n, ah),
                field._ambientSplit, []);
            var coord = batch.AmbientCoord.AsSpan(2 * start, 2 * n);
            for (int i = 0; i < n; i++)
            {
                coord[2 * i] = 0.5f * (MathF.Tanh(ambientOut[o * i]) + 1f);
                coord[2 * i + 1] = 0.5f * (MathF.Tanh(ambientOut[o * i + 1]) + 1f);
            }
            var gate = c.AudioGate ? batch.Gate.AsSpan(start, n) : default;
            for (int i = 0; i < gate.Length; i++)
                gate[i] = 1f / (1f + MathF.Exp(-ambientOut[o * i + 2]));
            var ambient = batch.Ambient.AsSpan(start * q, n * q);
            field._ambientCpu!.Encode(parameters.Slice(Blocks.AmbientGrid.Offset, Blocks.AmbientGrid.Count), coord, ambient);

            var sigmaIn = batch.SigmaIn.AsSpan(start * sIn, n * sIn);
            for (int i = 0; i < n; i++)
            {
                var row = sigmaIn.Slice(i * sIn, sIn);
                spatial.Slice(i * s, s).CopyTo(row);
                ambient.Slice(i * q, q).CopyTo(row[s..]);
                if (c.AudioGate)
                {
                    var ga = row.Slice(s + q, aw);
                    for (int k = 0; k < ga.Length; k++) ga[k] = gate[i] * audio[k];
                }
                row[sIn - 1] = eye;
            }
            var sigmaOut = batch.SigmaOut.AsSpan(start * sOut, n * sOut);
            int sh = CpuMlp.HiddenFloats(c.SigmaMlp);
            CpuMlp.ForwardChunk(field._sigmaW, sigmaIn, sigmaOut, Tape(batch.SigmaHidden, start, n, sh),
                field._sigmaSplit, gate);
            Colour(start, n, rayIndex, latent, directions);
        }

        /// <summary>
        /// An ernerf head's points [start, start + n), from their unit-cube positions: tri-plane → region attention →
        /// sigma row [s, a ⊙ α, eye ⊙ β] → sigma MLP → colour. The attention's α and β are not kept: the backward
        /// recomputes them from s.
        /// </summary>
        private void ErNerfChunk(int start, int n, ReadOnlySpan<float> unit, ReadOnlySpan<float> parameters,
            ReadOnlySpan<float> audio, ReadOnlySpan<int> rayIndex, ReadOnlySpan<float> latent, float* directions)
        {
            var c = field.Config;
            var batch = Batch;
            int s = c.SpatialWidth, sIn = c.SigmaMlp.InputWidth, sOut = c.SigmaMlp.OutputWidth, r = sIn - s;
            ParameterBlock plane = Blocks.TriPlane!, audioAttention = Blocks.AudioAttention!, eyeAttention = Blocks.EyeAttention!;
            var spatial = batch.Spatial.AsSpan(start * s, n * s);
            field._triPlane!.Forward(parameters.Slice(plane.Offset, plane.Count), unit, spatial);
            var attended = batch.Attended.AsSpan(start * r, n * r);
            float eye = Eye;
            field._attention!.Forward(parameters.Slice(audioAttention.Offset, audioAttention.Count),
                parameters.Slice(eyeAttention.Offset, eyeAttention.Count), spatial, audio, new ReadOnlySpan<float>(in eye), attended);
            var sigmaIn = batch.SigmaIn.AsSpan(start * sIn, n * sIn);
            for (int i = 0; i < n; i++)
            {
                spatial.Slice(i * s, s).CopyTo(sigmaIn.Slice(i * sIn, s));
                attended.Slice(i * r, r).CopyTo(sigmaIn.Slice(i * sIn + s, r));
            }
            int sh = CpuMlp.HiddenFloats(c.SigmaMlp);
            CpuMlp.ForwardChunk(field._sigmaW, sigmaIn, batch.SigmaOut.AsSpan(start * sOut, n * sOut),
                Tape(batch.SigmaHidden, start, n, sh));
            Colour(start, n, rayIndex, latent, directions);
        }

        /// <summary>The colour stage of points [start, start + n) from the sigma MLP's outputs already in the batch.</summary>
        private void Colour(int start, int n, ReadOnlySpan<int> rayIndex, ReadOnlySpan<float> latent, float* directions)
        {
            var c = field.Config;
            var batch = Batch;
            int g = c.GeometryWidth, sOut = c.SigmaMlp.OutputWidth, cIn = c.ColorMlp.InputWidth;
            var sigmaOut = batch.SigmaOut.AsSpan(start * sOut, n * sOut);
            var colorIn = batch.ColorIn.AsSpan(start * cIn, n * cIn);
            var sigma = batch.Sigma.AsSpan(start, n);
            for (int i = 0; i < n; i++)
            {
                var row = colorIn.Slice(i * cIn, cIn);
                sigmaOut.Slice(i * sOut + 1, g).CopyTo(row);
                // The ray's direction encoded per sample: the same function of the same three floats as encoding
                // each ray once, without a per-ray table.
                float* d = directions + 3L * rayIndex[i];
                SphericalHarmonics.EncodeOne(d[0], d[1], d[2], row.Slice(g, SphericalHarmonics.Degree4Width));
                latent.CopyTo(row[(g + SphericalHarmonics.Degree4Width)..]);
                sigma[i] = sigmaOut[i * sOut];
            }
            int ch = CpuMlp.HiddenFloats(c.ColorMlp);
            CpuMlp.ForwardChunk(field._colorW, colorIn, batch.ColorOut.AsSpan(3 * start, 3 * n), Tape(batch.ColorHidden, start, n, ch),
                field._colorSplit, []);
        }
    }
}
