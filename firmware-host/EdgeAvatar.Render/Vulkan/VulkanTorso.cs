using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Encodings;
using EdgeAvatar.Kernels.Networks;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Torso;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// The deformable torso (<see cref="TorsoModel"/>'s maths) on the GPU over the model's fixed torso region. Both
/// MLPs fit <see cref="FusedMlpKernel"/>'s layout, so they run on it with the full concatenated input
/// [per-pixel part, per-frame part] (the CPU splits the frame columns off; only the float summation order differs).
/// The pixel coordinates and their frequency encoding never change for a model, so they are computed on the host
/// once (bit-identical to the CPU) and uploaded by the constructor; per frame only the frame input
/// [pose encoding, latent] is uploaded (via the frame buffer). Output: P × 4 raw colour-MLP values (the final
/// composite applies the sigmoid). Not thread-safe.
/// </summary>
internal sealed class VulkanTorso : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly TorsoModel _model;
    private readonly GridEncodingKernel _grid;
    private readonly FusedMlpKernel _deform, _color;
    private readonly RenderKernel<ConcatPush> _concat;
    private readonly RenderKernel<TorsoWarpPush> _warp;
    private readonly GpuBuffer _coordEnc, _coords, _wide, _raw, _positions, _features, _out;
    private GpuBuffer? _table, _deformW, _colorW;

    public VulkanTorso(ComputeDevice device, TorsoConfig config, PixelRect region, CameraIntrinsics camera, int chunk)
    {
        _device = device;
        _model = new TorsoModel(config);
        Region = region;
        Pixels = Math.Max(0, region.Area);
        int ew = config.CoordEncodingWidth, gw = config.Grid.OutputWidth;
        int wide = Math.Max(config.DeformMlp.InputWidth, config.ColorMlp.InputWidth);
        Chunk = GpuBuffers.FitChunk(device, chunk, wide);
        var made = new List<IDisposable>();
        try
        {
            T Add<T>(T d) where T : IDisposable { made.Add(d); return d; }
            _grid = Add(new GridEncodingKernel(device, config.Grid));
            _deform = Add(new FusedMlpKernel(device, config.DeformMlp));
            _color = Add(new FusedMlpKernel(device, config.ColorMlp));
            _concat = Add(new RenderKernel<ConcatPush>(device, "render/concat_rows", 4));
            _warp = Add(new RenderKernel<TorsoWarpPush>(device, "render/torso_warp", 3));
            long c = Chunk;
            _coordEnc = Add(GpuBuffers.Floats(device, (long)Pixels * ew, "torso.coord_encoding"));
            _coords = Add(GpuBuffers.Floats(device, 2L * Pixels, "torso.coords"));
            Output = Add(GpuBuffers.Floats(device, 4L * Pixels, "torso.raw_rgba"));
            _wide = Add(GpuBuffers.Floats(device, c * wide, "torso.mlp_input"));
            _raw = Add(GpuBuffers.Floats(device, c * 2, "torso.deform_out"));
            _positions = Add(GpuBuffers.Floats(device, c * 2, "torso.positions"));
            _features = Add(GpuBuffers.Floats(device, c * gw, "torso.features"));
            _out = Add(GpuBuffers.Floats(device, c * 4, "torso.color_out"));
            UploadCoordinates(camera, ew);
        }
        catch
        {
            for (int i = made.Count - 1; i >= 0; i--) made[i].Dispose();
            throw;
        }
    }

    public PixelRect Region { get; }

    public int Pixels { get; }

    public int Chunk { get; }

    /// <summary>Width of the per-frame input [pose encoding, latent].</summary>
    public int FrameWidth => _model.Config.FrameInputWidth;

    /// <summary>P × 4 raw outputs (R, G, B, α before the sigmoid), region row-major.</summary>
    public GpuBuffer Output { get; }

    /// <summary>Uploads the grid table and both MLPs (<paramref name="parameters"/> is the torso block).</summary>
    public void Load(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != _model.ParameterCount)
            throw new ArgumentException($"torso parameters have {parameters.Length} floats; expected {_model.ParameterCount}.", nameof(parameters));
        ReleaseParameters();
        _table = GpuBuffers.Floats(_device, _model.GridCount, "torso.grid");
        _table.Upload(parameters[.._model.GridCount]);
        _deformW = _deform.CreateWeightBuffer(parameters.Slice(_model.DeformOffset, _model.DeformMlp.ParameterCount));
        _colorW = _color.CreateWeightBuffer(parameters.Slice(_model.ColorOffset, _model.ColorMlp.ParameterCount));
    }

    /// <summary>The frame input [pose encoding, latent] exactly as <see cref="TorsoModel"/> builds it.</summary>
    public void FrameInput(ReadOnlySpan<float> pose, ReadOnlySpan<float> latent, Span<float> input)
    {
        var c = _model.Config;
        _model.EncodePose(pose, input[..c.PoseEncodingWidth]);
        latent.CopyTo(input[c.PoseEncodingWidth..]);
    }

    /// <summary>Records the torso over its region into <see cref="Output"/>, barriers included.</summary>
    public void Record(CommandList list, GpuBuffer frame, FrameLayout layout)
    {
        if (_table is null)
            throw new InvalidOperationException("Load the torso parameters before recording it.");
        var c = _model.Config;
        uint ew = (uint)c.CoordEncodingWidth, gw = (uint)c.Grid.OutputWidth, fw = (uint)c.FrameInputWidth;
        for (int first = 0; first < Pixels; first += Chunk)
        {
            int n = Math.Min(Chunk, Pixels - first);
            _concat.Record(list, n, new ConcatPush(0, 0, (uint)first, ew, 0, fw, (uint)layout.Torso),
                _coordEnc, _coordEnc, frame, _wide);
            list.ComputeBarrier();
            _deform.Record(list, _deformW!, _wide, _raw, n);
            list.ComputeBarrier();
            _warp.Record(list, n, new TorsoWarpPush(0, 0, (uint)first, c.DeformScale), _raw, _coords, _positions);
            list.ComputeBarrier();
            _grid.Record(list, _table, _positions, _features, n);
            list.ComputeBarrier();
            _concat.Record(list, n, new ConcatPush(0, 0, 0, gw, 0, fw, (uint)layout.Torso), _features, _features, frame, _wide);
            list.ComputeBarrier();
            _color.Record(list, _colorW!, _wide, _out, n);
            list.ComputeBarrier();
            list.CopyBuffer(_out, Output, 16L * n, 0, 16L * first);
            list.ComputeBarrier();
        }
    }

    private void UploadCoordinates(CameraIntrinsics camera, int ew)
    {
        var coords = new float[2 * Pixels];
        var enc = new float[(long)Pixels * ew];
        for (int i = 0; i < Pixels; i++)
        {
            int px = Region.X + i % Region.Width, py = Region.Y + i / Region.Width;
            coords[2 * i] = TorsoCoordinates.ToUnit(px, camera.Width);
            coords[2 * i + 1] = TorsoCoordinates.ToUnit(py, camera.Height);
            FrequencyEncoding.Encode(coords.AsSpan(2 * i, 2), _model.Config.CoordFrequencies, enc.AsSpan(i * ew, ew));
        }
        _coords.Upload<float>(coords);
        _coordEnc.Upload<float>(enc);
    }

    private void ReleaseParameters()
    {
        _table?.Dispose(); _deformW?.Dispose(); _colorW?.Dispose();
        _table = _deformW = _colorW = null;
    }

    public void Dispose()
    {
        ReleaseParameters();
        foreach (IDisposable d in new IDisposable[]
                 {
                     _coordEnc, _coords, Output, _wide, _raw, _positions, _features, _out, _concat, _warp, _grid, _deform, _color,
                 })
            d.Dispose();
    }
}
