using System.Numerics;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels.Rendering;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Head;
using EdgeAvatar.Common;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>
/// Head rays on the GPU (render/ray_march.comp, render/sample_scan.comp, render/composite_rays.comp): camera rays
/// over the head ROI, the occupancy-pruned march in two passes (count per ray → exclusive prefix sum on the device →
/// write the compacted sample list, ray-major like <see cref="RaySamples"/>), and front-to-back compositing with the
/// 1e-4 transmittance cutoff. The scan also writes the field's indirect-dispatch arguments, so a frame needs no host
/// read-back between the passes. Owns the ray buffers (sized for the whole image) and the frame's sample buffers:
/// a whole number of field chunks, grown when a frame's <see cref="ReadSampleCount"/> exceeds
/// <see cref="Capacity"/> (that frame is rendered again), never shrunk. Not thread-safe.
/// </summary>
internal sealed class VulkanHeadMarcher : IDisposable
{
    private const int MarchWords = 44;

    private readonly ComputeDevice _device;
    private readonly RenderKernel<RangePush> _count, _write;
    private readonly RenderKernel<CompositePush> _composite;
    private readonly RenderKernel<ScanPush> _scan;
    private readonly GpuBuffer _params, _bits, _counts, _starts, _offsets, _status;
    private readonly HeadModelConfig _config;
    private readonly OccupancyGrid _grid;
    private readonly uint[] _marchWords = new uint[MarchWords];
    private readonly uint[] _statusWords = new uint[2];
    private readonly FrameTransfer _paramsIn, _statusOut;
    private readonly ScanPush _scanShape;

    /// <param name="chunkSamples">The field's chunk: the sample buffers hold a whole number of chunks.</param>
    public VulkanHeadMarcher(ComputeDevice device, HeadModelConfig config, OccupancyGrid occupancy, int maxRays, int chunkSamples)
    {
        // The CPU marcher's constructor is the one place that checks the box lies inside the grid: reuse it.
        _ = new RayMarcher(config.Marcher, occupancy);
        _device = device;
        _config = config;
        _grid = occupancy;
        MaxRays = maxRays;
        ChunkSamples = chunkSamples;
        // Per ChunkKind: samples → elements multiplier and workgroups along y (grid levels).
        _scanShape = new ScanPush(0, 0, (uint)chunkSamples, 0,
            ScanPush.Table(1, 1, 1, 2, 3), ScanPush.Table(1, (uint)VulkanHeadField.SpatialDispatchLevels(config), (uint)config.AmbientGrid.Levels, 1, 1));
        var made = new List<IDisposable>();
        try
        {
            T Add<T>(T d) where T : IDisposable { made.Add(d); return d; }
            _count = Add(new RenderKernel<RangePush>(device, "render/ray_march", 8, Compute.SpecializationConstant.UInt(0, 0)));
            _write = Add(new RenderKernel<RangePush>(device, "render/ray_march", 8, Compute.SpecializationConstant.UInt(0, 1)));
            _composite = Add(new RenderKernel<CompositePush>(device, "render/composite_rays", 5));
            _scan = Add(new RenderKernel<ScanPush>(device, "render/sample_scan", 4));
            _params = Add(GpuBuffers.Floats(device, MarchWords, "march.params"));
            byte[] bitfield = occupancy.Bitfield;
            _bits = Add(GpuBuffers.Floats(device, (bitfield.Length + 3) / 4, "march.occupancy"));
            _bits.Fill(0);
            _bits.Upload<byte>(bitfield);
            Directions = Add(GpuBuffers.Floats(device, 3L * maxRays, "march.directions"));
            _counts = Add(GpuBuffers.Floats(device, maxRays, "march.counts"));
            _starts = Add(GpuBuffers.Floats(device, maxRays, "march.starts"));
            _offsets = Add(GpuBuffers.Floats(device, maxRays + 1L, "march.offsets"));
            Color = Add(GpuBuffers.Floats(device, 3L * maxRays, "head.color"));
            Opacity = Add(GpuBuffers.Floats(device, maxRays, "head.opacity"));
            _status = Add(GpuBuffers.Floats(device, 2, "march.status"));
            _paramsIn = Add(new FrameTransfer(device, _params));
            _statusOut = Add(new FrameTransfer(device, _status));
            Grow(Math.Max(1024, maxRays));
        }
        catch
        {
            for (int i = made.Count - 1; i >= 0; i--) made[i].Dispose();
            ReleaseSamples();
            throw;
        }
    }

    public int MaxRays { get; }

    /// <summary>Samples per field chunk.</summary>
    public int ChunkSamples { get; }

    /// <summary>Samples the sample buffers hold: <see cref="Chunks"/> × <see cref="ChunkSamples"/>.</summary>
    public int Capacity => Chunks * ChunkSamples;

    /// <summary>Field chunks a frame records.</summary>
    public int Chunks { get; private set; }

    /// <summary>Indirect-dispatch arguments of every chunk (<see cref="ChunkDispatch.BlockBytes"/> each).</summary>
    public GpuBuffer Arguments { get; private set; } = null!;

    /// <summary>R × 3 unit directions of the current ROI's rays.</summary>
    public GpuBuffer Directions { get; }

    /// <summary>R × 3 premultiplied head colour per ROI pixel (after <see cref="RecordComposite"/>).</summary>
    public GpuBuffer Color { get; }

    /// <summary>R head opacities.</summary>
    public GpuBuffer Opacity { get; }

    /// <summary>M × 3 sample positions (valid after the write pass).</summary>
    public GpuBuffer Positions { get; private set; } = null!;

    /// <summary>M owning rays.</summary>
    public GpuBuffer RayIndex { get; private set; } = null!;

    /// <summary>M densities (the field writes them).</summary>
    public GpuBuffer Sigma { get; private set; } = null!;

    /// <summary>M × 3 colours (the field writes them).</summary>
    public GpuBuffer Rgb { get; private set; } = null!;


    /// <summary>Uploads this frame's camera and ROI (ray r = pixel (X + r % W, Y + r / W)).</summary>
    public void SetCamera(PinholeCamera camera, PixelRect roi)
    {
        if (roi.Area > MaxRays)
            throw new ArgumentException($"ROI of {roi.Area} rays exceeds the {MaxRays} the marcher was sized for.", nameof(roi));
        var m = _config.Marcher;
        Span<float> f = stackalloc float[MarchWords];
        Put(f, 0, camera.Origin, m.MinNear);
        Put(f, 4, camera.AxisX, camera.Fx);
        Put(f, 8, camera.AxisY, camera.Fy);
        Put(f, 12, camera.AxisZ, camera.Cx);
        Put(f, 16, m.Box.Min, camera.Cy);
        Put(f, 20, m.Box.Max, m.StepSize);
        Put(f, 24, _grid.Bounds.Min, 0f);
        Put(f, 28, _grid.CellSize, 0f);
        // Same expression as RayMarcher (Vector3.One / cell) so the GPU walks the identical lattice.
        Put(f, 32, Vector3.One / _grid.CellSize, 0f);
        for (int i = 0; i < 36; i++) _marchWords[i] = BitConverter.SingleToUInt32Bits(f[i]);
        _marchWords[36] = (uint)roi.X; _marchWords[37] = (uint)roi.Y;
        _marchWords[38] = (uint)roi.Width; _marchWords[39] = (uint)roi.Height;
        _marchWords[40] = (uint)_grid.Resolution; _marchWords[41] = (uint)m.MaxSteps;
        _marchWords[42] = 0; _marchWords[43] = 0;
        _paramsIn.Write<uint>(_marchWords);
    }

    /// <summary>Records the copy of <see cref="SetCamera"/>'s parameters where they go through staging memory.</summary>
    public bool RecordUploads(CommandList list) => _paramsIn.RecordUpload(list);

    /// <summary>
    /// Pass 1 and the scan: directions, per-ray counts and first-sample t for <paramref name="rays"/> rays, then the
    /// offsets, the frame's sample count and the chunks' dispatch arguments, all on the device. Ends with a barrier.
    /// </summary>
    public void RecordCount(CommandList list, int rays)
    {
        _count.Record(list, rays, new RangePush(), Bindings());
        list.ComputeBarrier();
        // One workgroup: RenderKernel's n is the group count here, and the push block's real fields follow.
        _scan.Record(list, 1, _scanShape with { Rays = (uint)rays, Capacity = (uint)Capacity, Chunks = (uint)Chunks },
            _counts, _offsets, _status, Arguments);
        list.ComputeBarrier();
        _statusOut.RecordReadBack(list, 8);
    }

    /// <summary>
    /// The last submitted frame's head samples (after its fence): the count before clamping to <see cref="Capacity"/>,
    /// so a value above it means that frame overflowed and must be rendered again after <see cref="EnsureCapacity"/>.
    /// </summary>
    public int ReadSampleCount()
    {
        _statusOut.Read<uint>(_statusWords);
        return checked((int)_statusWords[0]);
    }

    /// <summary>
    /// Grows the sample buffers to hold <paramref name="samples"/> with a quarter's headroom (whole chunks). Returns
    /// true when they were reallocated (callers drop binding sets that point at the old ones).
    /// </summary>
    public bool EnsureCapacity(int samples)
    {
        if (samples <= Capacity)
            return false;
        _count.ClearBindings(); _write.ClearBindings(); _composite.ClearBindings(); _scan.ClearBindings();
        ReleaseSamples();
        Grow((int)Math.Min(int.MaxValue / 2, samples + samples / 4L));
        return true;
    }

    /// <summary>Pass 2: writes positions and ray indices at each ray's offset.</summary>
    public void RecordWrite(CommandList list, int rays)
        => _write.Record(list, rays, new RangePush(), Bindings());

    /// <summary>Composites Sigma/Rgb into Color/Opacity for <paramref name="rays"/> rays.</summary>
    public void RecordComposite(CommandList list, int rays)
        => _composite.Record(list, rays, new CompositePush(0, 0, _config.StepSize, VolumeCompositor.DefaultTransmittanceThreshold),
            _offsets, Sigma, Rgb, Color, Opacity);

    private GpuBuffer[] Bindings() => [_params, _bits, Directions, _counts, _starts, _offsets, Positions, RayIndex];

    private void Grow(int samples)
    {
        Chunks = (samples + ChunkSamples - 1) / ChunkSamples;
        long capacity = Capacity;
        Arguments = GpuBuffers.Floats(_device, (long)Chunks * ChunkDispatch.BlockBytes / 4, "head.chunk_arguments");
        Positions = GpuBuffers.Floats(_device, 3L * capacity, "head.sample_positions");
        RayIndex = GpuBuffers.Floats(_device, capacity, "head.sample_rays");
        Sigma = GpuBuffers.Floats(_device, capacity, "head.sample_sigma");
        Rgb = GpuBuffers.Floats(_device, 3L * capacity, "head.sample_rgb");
        // Kernels of a chunk's last workgroup read rows past the frame's samples (their results are never used):
        // start them from zeros, i.e. ray 0 and finite positions, rather than whatever the memory held.
        Positions.Fill(0); RayIndex.Fill(0);
    }

    private void ReleaseSamples()
    {
        Arguments?.Dispose(); Positions?.Dispose(); RayIndex?.Dispose(); Sigma?.Dispose(); Rgb?.Dispose();
    }

    private static void Put(Span<float> f, int at, Vector3 v, float w)
    {
        f[at] = v.X; f[at + 1] = v.Y; f[at + 2] = v.Z; f[at + 3] = w;
    }

    public void Dispose()
    {
        ReleaseSamples();
        foreach (IDisposable d in new IDisposable[] { _params, _bits, Directions, _counts, _starts, _offsets, _status, _paramsIn, _statusOut, Color, Opacity, _count, _write, _composite, _scan })
            d.Dispose();
    }
}
