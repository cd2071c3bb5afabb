using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Head;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// The head field (<see cref="HeadField.Forward"/>'s maths, see <see cref="HeadModelConfig"/>) on the GPU: the grids
/// and MLPs run on the shared <see cref="GridEncodingKernel"/> / <see cref="FusedMlpKernel"/> (the trainer's
/// kernels, so a baked model renders as trained); the glue (box → unit, concatenations, tanh → [0, 1], SH4 + latent,
/// trunc-exp, sigmoid, the gated sigma input) runs in small shaders/render/ kernels. Samples are processed in chunks of
/// <see cref="ChunkSamples"/> so every intermediate stays inside one storage binding; only σ (M) and rgb (M × 3)
/// are written for the whole frame. Parameters are uploaded once by <see cref="Load"/>. Not thread-safe.
/// <para>An r2talker head (<see cref="HeadModelConfig.IsR2Talker"/>) has no ambient stage: its sigma input is
/// [spatial, eye] and its sigma MLP is the FiLM variant of the fused kernel, reading the frame's FiLM vector from the
/// frame buffer's code slot (<see cref="FrameLayout"/>: the code the CPU <see cref="HeadField"/> takes, written with the
/// rest of the frame's constants), so all samples of a call share one frame's condition as on the CPU.</para>
/// <para>An ernerf head (<see cref="HeadModelConfig.IsErNerf"/>) has no ambient stage either: the spatial kernel is
/// the grid kernel in tri-plane mode (s, N × 3·L·F), the two region-attention MLPs run on s, and
/// render/head_attention_in.comp builds the sigma row [s, a ⊙ α, eye ⊙ sigmoid(z)] (the CPU <see cref="HeadField"/>'s
/// row, from <see cref="ErNerf.RegionAttention"/>).</para>
/// </summary>
public sealed class VulkanHeadField : IDisposable
{
    /// <summary>Default chunk: 2^17 samples (~50 MiB of intermediates at RAD-NeRF sizes).</summary>
    public const int DefaultChunkSamples = 1 << 17;

    private readonly ComputeDevice _device;
    private readonly GridEncodingKernel _spatialGrid;
    private readonly GridEncodingKernel? _ambientGrid;
    private readonly FusedMlpKernel? _ambientMlp;
    private readonly FusedMlpKernel? _audioAttention, _eyeAttention;
    private readonly RenderKernel<HeadAttentionInPush>? _attentionIn;
    private readonly FusedMlpKernel _sigmaMlp, _colorMlp;
    private readonly RenderKernel<UnitBoxPush> _unit;
    private readonly RenderKernel<ConcatPush> _concat;
    private readonly RenderKernel<ActivatePush> _activate;
    private readonly RenderKernel<HeadColorInPush> _colorIn;
    private readonly RenderKernel<HeadSigmaInPush> _sigmaIn;
    // Chunk-local intermediates (C = ChunkSamples points each); one "wide" buffer holds each MLP's input row in turn.
    private readonly HeadChunkBuffers _chunk;
    private GpuBuffer? _spatialTable, _ambientTable, _ambientW, _sigmaW, _colorW, _audioAttentionW, _eyeAttentionW;

    /// <param name="chunkSamples">Samples per chunk (clamped so the widest intermediate fits one binding).</param>
    public VulkanHeadField(ComputeDevice device, HeadModelConfig config, int chunkSamples = DefaultChunkSamples)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Config = config.EnsureValid();
        int wide = HeadChunkBuffers.WideFloats(config);
        ChunkSamples = GpuBuffers.FitChunk(device, chunkSamples, wide);
        var made = new List<IDisposable>();
        try
        {
            T Add<T>(T d) where T : IDisposable { made.Add(d); return d; }
            _spatialGrid = Add(config.IsErNerf
                ? new GridEncodingKernel(device, config.TriPlane!.Plane, ErNerf.TriPlaneEncoding.PlaneCount)
                : new GridEncodingKernel(device, config.SpatialGrid));
            if (config.IsErNerf)
            {
                var attention = config.RegionAttention;
                _audioAttention = Add(new FusedMlpKernel(device, attention.AudioMlp));
                _eyeAttention = Add(new FusedMlpKernel(device, attention.EyeMlp));
                _attentionIn = Add(new RenderKernel<HeadAttentionInPush>(device, "render/head_attention_in", 5));
            }
            else if (!config.IsR2Talker)
            {
                _ambientGrid = Add(new GridEncodingKernel(device, config.AmbientGrid));
                _ambientMlp = Add(new FusedMlpKernel(device, config.AmbientMlp));
            }
            _sigmaMlp = Add(new FusedMlpKernel(device, config.SigmaMlp, film: config.IsR2Talker));
            _colorMlp = Add(new FusedMlpKernel(device, config.ColorMlp));
            _unit = Add(new RenderKernel<UnitBoxPush>(device, "render/unit_box", 2));
            _concat = Add(new RenderKernel<ConcatPush>(device, "render/concat_rows", 4));
            _activate = Add(new RenderKernel<ActivatePush>(device, "render/activate", 2));
            _colorIn = Add(new RenderKernel<HeadColorInPush>(device, "render/head_color_in", 6));
            _sigmaIn = Add(new RenderKernel<HeadSigmaInPush>(device, "render/head_sigma_in", 5));
            _chunk = Add(new HeadChunkBuffers(device, config, ChunkSamples, separateInputs: false));
        }
        catch
        {
            for (int i = made.Count - 1; i >= 0; i--) made[i].Dispose();
            throw;
        }
    }

    public HeadModelConfig Config { get; }

    /// <summary>Samples evaluated per chunk.</summary>
    public int ChunkSamples { get; }

    /// <summary>
    /// Workgroups along y of the spatial encoding's dispatch (render/sample_scan.comp's table): the grid's levels, or
    /// three planes' levels for an ernerf head's tri-plane.
    /// </summary>
    internal static int SpatialDispatchLevels(HeadModelConfig c)
        => c.IsErNerf ? ErNerf.TriPlaneEncoding.PlaneCount * c.TriPlane!.Plane.Levels : c.SpatialGrid.Levels;

    /// <summary>True once <see cref="Load"/> has uploaded parameters.</summary>
    public bool IsLoaded => _spatialTable is not null;

    /// <summary>Uploads the head's grids and MLP weights (once per model).</summary>
    public void Load(ReadOnlySpan<float> parameters, HeadParameters blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Config != Config && !blocks.Config.Equals(Config))
            throw new ArgumentException("blocks describe another head config.", nameof(blocks));
        ReleaseParameters();
        if (Config.IsErNerf)
        {
            Avatar.ParameterBlock plane = blocks.TriPlane!, audio = blocks.AudioAttention!, eye = blocks.EyeAttention!;
            _spatialTable = Table(parameters.Slice(plane.Offset, plane.Count), "head.triplane");
            _audioAttentionW = _audioAttention!.CreateWeightBuffer(parameters.Slice(audio.Offset, audio.Count));
            _eyeAttentionW = _eyeAttention!.CreateWeightBuffer(parameters.Slice(eye.Offset, eye.Count));
        }
        else
            _spatialTable = Table(parameters.Slice(blocks.SpatialGrid.Offset, blocks.SpatialGrid.Count), "head.spatial_grid");
        if (_ambientMlp is not null)
        {
            _ambientTable = Table(parameters.Slice(blocks.AmbientGrid.Offset, blocks.AmbientGrid.Count), "head.ambient_grid");
            _ambientW = _ambientMlp.CreateWeightBuffer(parameters.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count));
        }
        _sigmaW = _sigmaMlp.CreateWeightBuffer(parameters.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count));
        _colorW = _colorMlp.CreateWeightBuffer(parameters.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count));
    }

    /// <summary>
    /// Re-uploads the MLPs' weights (three, or an ernerf head's sigma, colour and two attention MLPs) into the
    /// existing weight buffers (the trainer, after its optimiser moved them on the host); the grids stay as they are
    /// on the device.
    /// </summary>
    public void UploadNetworks(ReadOnlySpan<float> parameters, HeadParameters blocks)
    {
        if (!IsLoaded)
            throw new InvalidOperationException("Load the head parameters before updating them.");
        _ambientMlp?.UploadWeights(_ambientW!, parameters.Slice(blocks.AmbientMlp.Offset, blocks.AmbientMlp.Count));
        if (Config.IsErNerf)
        {
            _audioAttention!.UploadWeights(_audioAttentionW!, parameters.Slice(blocks.AudioAttention!.Offset, blocks.AudioAttention.Count));
            _eyeAttention!.UploadWeights(_eyeAttentionW!, parameters.Slice(blocks.EyeAttention!.Offset, blocks.EyeAttention.Count));
        }
        _sigmaMlp.UploadWeights(_sigmaW!, parameters.Slice(blocks.SigmaMlp.Offset, blocks.SigmaMlp.Count));
        _colorMlp.UploadWeights(_colorW!, parameters.Slice(blocks.ColorMlp.Offset, blocks.ColorMlp.Count));
    }

    // The loaded parameters, for the trainer's backward pass and optimiser (grids: the parameter layout as is;
    // MLPs: FusedMlpKernel's packed uniform layout).
    /// <summary>The spatial grid's table on the device (after <see cref="Load"/>): an ernerf head's three plane tables.</summary>
    public GpuBuffer SpatialTable => _spatialTable ?? throw new InvalidOperationException("not loaded");
    /// <summary>The ambient grid's table on the device (radnerf heads).</summary>
    public GpuBuffer AmbientTable => _ambientTable ?? throw new InvalidOperationException(IsLoaded ? "an r2talker head has no ambient grid" : "not loaded");
    /// <summary>The ambient MLP's packed weights (radnerf heads).</summary>
    public GpuBuffer AmbientWeights => _ambientW ?? throw new InvalidOperationException(IsLoaded ? "an r2talker head has no ambient MLP" : "not loaded");
    /// <summary>The audio attention MLP's packed weights (ernerf heads).</summary>
    public GpuBuffer AudioAttentionWeights => _audioAttentionW ?? throw new InvalidOperationException(IsLoaded ? $"a '{Config.Variant}' head has no region attention" : "not loaded");
    /// <summary>The eye attention MLP's packed weights (ernerf heads).</summary>
    public GpuBuffer EyeAttentionWeights => _eyeAttentionW ?? throw new InvalidOperationException(IsLoaded ? $"a '{Config.Variant}' head has no region attention" : "not loaded");
    /// <summary>The sigma MLP's packed weights.</summary>
    public GpuBuffer SigmaWeights => _sigmaW ?? throw new InvalidOperationException("not loaded");
    /// <summary>The colour MLP's packed weights.</summary>
    public GpuBuffer ColorWeights => _colorW ?? throw new InvalidOperationException("not loaded");

    /// <summary>
    /// Records the field for M samples. Inputs: positions (M × 3 world), rayIndex (M uint), directions (R × 3 unit),
    /// frame (the <see cref="FrameLayout"/> vector; an r2talker head reads its FiLM vector from the code slot at 0). Outputs: sigma (M), rgb (M × 3). Barriers are recorded between
    /// every step and after the last one, so the caller may read sigma/rgb next.
    /// </summary>
    internal void Record(CommandList list, GpuBuffer positions, GpuBuffer rayIndex, GpuBuffer directions,
        GpuBuffer frame, FrameLayout layout, int m, GpuBuffer sigma, GpuBuffer rgb)
    {
        for (int first = 0; first < m; first += ChunkSamples)
            RecordChunk(list, positions, rayIndex, directions, frame, layout, first, Math.Min(ChunkSamples, m - first), _chunk, sigma, rgb);
    }

    /// <summary>
    /// Records the field over a frame whose sample count the device wrote (render/sample_scan.comp): chunk c covers
    /// samples [c · ChunkSamples, (c + 1) · ChunkSamples) of <paramref name="chunks"/>, every kernel dispatched
    /// indirectly from the chunk's block of <paramref name="arguments"/> (c × <see cref="ChunkDispatch.BlockBytes"/>).
    /// Chunks past the count dispatch nothing. The sample buffers must hold chunks × ChunkSamples samples.
    /// </summary>
    internal void RecordIndirect(CommandList list, GpuBuffer positions, GpuBuffer rayIndex, GpuBuffer directions,
        GpuBuffer frame, FrameLayout layout, int chunks, GpuBuffer arguments, GpuBuffer sigma, GpuBuffer rgb)
    {
        for (int c = 0; c < chunks; c++)
            RecordChunk(list, positions, rayIndex, directions, frame, layout, c * ChunkSamples,
                ChunkDispatch.Indirect(ChunkSamples, arguments, (long)c * ChunkDispatch.BlockBytes), _chunk, sigma, rgb);
    }

    /// <summary>
    /// Records the field for samples [first, first + n) (n ≤ ChunkSamples) with <paramref name="buffers"/> as the
    /// chunk's intermediates: afterwards they hold every stage's input and output for those samples (the trainer's
    /// backward reads them), σ and rgb are written at [first, first + n). Ends with a barrier.
    /// </summary>
    public void RecordChunk(CommandList list, GpuBuffer positions, GpuBuffer rayIndex, GpuBuffer directions,
        GpuBuffer frame, FrameLayout layout, int first, int n, HeadChunkBuffers buffers, GpuBuffer sigma, GpuBuffer rgb)
        => RecordChunk(list, positions, rayIndex, directions, frame, layout, first, ChunkDispatch.Direct(n), buffers, sigma, rgb);

    private void RecordChunk(CommandList list, GpuBuffer positions, GpuBuffer rayIndex, GpuBuffer directions,
        GpuBuffer frame, FrameLayout layout, int first, ChunkDispatch size, HeadChunkBuffers buffers, GpuBuffer sigma, GpuBuffer rgb)
    {
        if (!IsLoaded)
            throw new InvalidOperationException("Load the head parameters before recording the field.");
        var c = Config;
        var box = c.Bounds;
        int s = c.SpatialWidth, q = c.AmbientGrid.OutputWidth;
        uint o = (uint)c.AmbientOutputs;
        uint b = (uint)first;
        var k = buffers;
        _unit.Record(list, size, ChunkKind.Points, 1, new UnitBoxPush(0, 0, b, 0, box.Min.X, box.Min.Y, box.Min.Z,
            box.Size.X, box.Size.Y, box.Size.Z), positions, k.Unit);
        list.ComputeBarrier();
        Grid(_spatialGrid, list, _spatialTable!, k.Unit, k.Spatial, size, ChunkKind.SpatialGrid);
        list.ComputeBarrier();
        if (c.IsErNerf)
        {
            // Region attention: α and the eye logit from s, then the sigma row [s, a ⊙ α, eye ⊙ sigmoid(z)].
            Mlp(_audioAttention!, list, _audioAttentionW!, k.Spatial, k.Alpha, size);
            Mlp(_eyeAttention!, list, _eyeAttentionW!, k.Spatial, k.EyeLogit, size);
            list.ComputeBarrier();
            _attentionIn!.Record(list, size, ChunkKind.Points, 1, new HeadAttentionInPush(0, 0, (uint)s, (uint)c.AudioWidth,
                (uint)layout.Audio, (uint)layout.Eye), k.Spatial, k.Alpha, k.EyeLogit, frame, k.SigmaIn);
            list.ComputeBarrier();
            Mlp(_sigmaMlp, list, _sigmaW!, k.SigmaIn, k.SigmaOut, size);
            list.ComputeBarrier();
            RecordColour(list, rayIndex, directions, frame, layout, b, size, k, sigma, rgb);
            return;
        }
        if (c.IsR2Talker)
        {
            // [spatial, eye]: no ambient stage; the condition enters every hidden layer through FiLM instead.
            _concat.Record(list, size, ChunkKind.Points, 1, new ConcatPush(0, 0, 0, (uint)s, 0, 1, (uint)layout.Eye),
                k.Spatial, k.Spatial, frame, k.SigmaIn);
            list.ComputeBarrier();
            // The FiLM vector is the frame buffer's code slot, which starts the buffer (FrameLayout.Audio = 0).
            Mlp(_sigmaMlp, list, _sigmaW!, k.SigmaIn, k.SigmaOut, size, film: frame);
            list.ComputeBarrier();
            RecordColour(list, rayIndex, directions, frame, layout, b, size, k, sigma, rgb);
            return;
        }
        _concat.Record(list, size, ChunkKind.Points, 1, new ConcatPush(0, 0, 0, (uint)s, 0, (uint)c.AudioWidth, (uint)layout.Audio),
            k.Spatial, k.Spatial, frame, k.AmbientIn);
        list.ComputeBarrier();
        Mlp(_ambientMlp!, list, _ambientW!, k.AmbientIn, k.AmbientOut, size);
        list.ComputeBarrier();
        // The first two of every o ambient outputs → the 2-D coordinate.
        _activate.Record(list, size, ChunkKind.Pairs, 2, new ActivatePush(0, 0, 0, o, 0, ActivatePush.TanhUnit, 2), k.AmbientOut, k.Coord);
        list.ComputeBarrier();
        Grid(_ambientGrid!, list, _ambientTable!, k.Coord, k.Ambient, size, ChunkKind.AmbientGrid);
        list.ComputeBarrier();
        if (c.AudioGate)
            _sigmaIn.Record(list, size, ChunkKind.Points, 1, new HeadSigmaInPush(0, 0, (uint)s, (uint)q, (uint)c.AudioWidth,
                (uint)layout.Audio, (uint)layout.Eye), k.Spatial, k.Ambient, k.AmbientOut, frame, k.SigmaIn);
        else
            _concat.Record(list, size, ChunkKind.Points, 1, new ConcatPush(0, 0, 0, (uint)s, (uint)q, 1, (uint)layout.Eye),
                k.Spatial, k.Ambient, frame, k.SigmaIn);
        list.ComputeBarrier();
        Mlp(_sigmaMlp, list, _sigmaW!, k.SigmaIn, k.SigmaOut, size);
        list.ComputeBarrier();
        RecordColour(list, rayIndex, directions, frame, layout, b, size, k, sigma, rgb);
    }

    // Sigma output → σ (written at the chunk's samples) and the colour stage → rgb; ends with a barrier.
    private void RecordColour(CommandList list, GpuBuffer rayIndex, GpuBuffer directions, GpuBuffer frame,
        FrameLayout layout, uint b, ChunkDispatch size, HeadChunkBuffers k, GpuBuffer sigma, GpuBuffer rgb)
    {
        var c = Config;
        int g = c.GeometryWidth;
        _colorIn.Record(list, size, ChunkKind.Points, 1, new HeadColorInPush(0, 0, b, (uint)g, (uint)c.LatentWidth, (uint)layout.Latent),
            k.SigmaOut, rayIndex, directions, frame, k.ColorIn, sigma);
        list.ComputeBarrier();
        Mlp(_colorMlp, list, _colorW!, k.ColorIn, k.ColorOut, size);
        list.ComputeBarrier();
        _activate.Record(list, size, ChunkKind.Triples, 3, new ActivatePush(0, 0, 0, 1, 3 * b, ActivatePush.Sigmoid), k.ColorOut, rgb);
        list.ComputeBarrier();
    }

    private static void Grid(GridEncodingKernel kernel, CommandList list, GpuBuffer table, GpuBuffer positions,
        GpuBuffer output, ChunkDispatch size, ChunkKind kind)
    {
        if (size.IsIndirect)
            kernel.RecordIndirect(list, table, positions, output, size.N, size.Arguments!, size.Offset(kind));
        else
            kernel.Record(list, table, positions, output, size.N);
    }

    private static void Mlp(FusedMlpKernel kernel, CommandList list, GpuBuffer weights, GpuBuffer inputs,
        GpuBuffer outputs, ChunkDispatch size, GpuBuffer? film = null)
    {
        if (size.IsIndirect)
            kernel.RecordIndirect(list, weights, inputs, outputs, size.N, size.Arguments!, size.Offset(ChunkKind.Points), film);
        else
            kernel.Record(list, weights, inputs, outputs, size.N, film);
    }

    /// <summary>
    /// Uploads, evaluates and downloads (tests and tools): the same contract as <see cref="HeadField.Forward"/>
    /// with its σ and rgb as outputs. <paramref name="sigma"/> is M floats, <paramref name="rgb"/> M × 3.
    /// <paramref name="audio"/> is the frame code: the audio code (radnerf) or the FiLM vector (r2talker).
    /// </summary>
    public void Forward(ReadOnlySpan<float> positions, ReadOnlySpan<float> rayDirections, ReadOnlySpan<int> rayIndex,
        ReadOnlySpan<float> audio, float eye, ReadOnlySpan<float> latent, Span<float> sigma, Span<float> rgb)
    {
        int m = positions.Length / 3;
        if (positions.Length != 3 * m || rayIndex.Length != m || sigma.Length != m || rgb.Length != 3 * m)
            throw new ArgumentException("positions, rayIndex, sigma and rgb must describe the same M samples.");
        int rays = rayDirections.Length / 3;
        foreach (int r in rayIndex)
            if ((uint)r >= (uint)rays) throw new ArgumentOutOfRangeException(nameof(rayIndex), $"ray {r} is outside [0, {rays}).");
        var layout = new FrameLayout(Config, 0);
        var frameData = new float[layout.Length];
        layout.Write(frameData, audio, eye, latent, []);
        using GpuBuffer pos = GpuBuffers.Floats(_device, 3L * m, "head.positions");
        using GpuBuffer idx = GpuBuffers.Floats(_device, m, "head.ray_index");
        using GpuBuffer dirs = GpuBuffers.Floats(_device, 3L * rays, "head.directions");
        using GpuBuffer frame = GpuBuffers.Floats(_device, layout.Length, "head.frame");
        using GpuBuffer sig = GpuBuffers.Floats(_device, m, "head.sigma");
        using GpuBuffer col = GpuBuffers.Floats(_device, 3L * m, "head.rgb");
        pos.Upload(positions);
        idx.Upload(rayIndex);
        dirs.Upload(rayDirections);
        frame.Upload<float>(frameData);
        try
        {
            using (CommandList list = _device.CreateCommandList())
            {
                list.Begin();
                Record(list, pos, idx, dirs, frame, layout, m, sig, col);
                list.End();
                _device.SubmitAndWait(list);
            }
            sig.Download(sigma);
            col.Download(rgb);
        }
        finally
        {
            // The temporary buffers die with this call: drop the binding sets that point at them.
            ClearBindings();
        }
    }

    /// <summary>
    /// Drops cached binding sets of the glue kernels and of the FiLM sigma MLP, which binds the frame buffer (before
    /// caller-owned buffers are disposed).
    /// </summary>
    public void ClearBindings()
    {
        if (_sigmaMlp.IsFilm)
            _sigmaMlp.ClearBindings();
        _unit.ClearBindings();
        _concat.ClearBindings();
        _activate.ClearBindings();
        _colorIn.ClearBindings();
        _sigmaIn.ClearBindings();
        _attentionIn?.ClearBindings();
    }

    private GpuBuffer Table(ReadOnlySpan<float> table, string name)
    {
        GpuBuffer buffer = GpuBuffers.Floats(_device, table.Length, name);
        buffer.Upload(table);
        return buffer;
    }

    private void ReleaseParameters()
    {
        _spatialTable?.Dispose(); _ambientTable?.Dispose();
        _ambientW?.Dispose(); _sigmaW?.Dispose(); _colorW?.Dispose();
        _audioAttentionW?.Dispose(); _eyeAttentionW?.Dispose();
        _spatialTable = _ambientTable = _ambientW = _sigmaW = _colorW = _audioAttentionW = _eyeAttentionW = null;
    }

    public void Dispose()
    {
        ReleaseParameters();
        foreach (IDisposable? d in new IDisposable?[]
                 {
                     _chunk,
                     _unit, _concat, _activate, _colorIn, _sigmaIn, _attentionIn, _spatialGrid, _ambientGrid, _ambientMlp,
                     _audioAttention, _eyeAttention, _sigmaMlp, _colorMlp,
                 })
            d?.Dispose();
    }
}
