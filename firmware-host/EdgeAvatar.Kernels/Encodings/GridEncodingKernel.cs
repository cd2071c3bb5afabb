using EdgeAvatar.Compute;
using EdgeAvatar.Shaders;

namespace EdgeAvatar.Kernels.Encodings;

/// <summary>
/// The grid-encoding forward kernel (shaders/encoding/grid_encode.comp) for one <see cref="GridEncodingConfig"/>.
/// It owns the pipeline and the small per-level uniform buffer; the table, positions and output buffers belong to
/// the caller, so one kernel serves the renderer and the trainer alike (any number of tables of this config).
/// Not thread-safe: record from one thread at a time.
/// <para>With <c>planes: 3</c> it is ER-NeRF's tri-plane over a 2-D config (the C# reference is
/// <c>EdgeAvatar.Render.ErNerf.TriPlaneEncoding</c>): positions are N × 3, the table is the three planes' tables back
/// to back, and each point's row holds xy's, yz's and xz's features in turn (<see cref="OutputWidth"/>).</para>
/// </summary>
public sealed class GridEncodingKernel : IDisposable
{
    private const int LevelUniformBytes = GridEncodingConfig.MaxLevels * 2 * 16;

    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _levels;
    private readonly BindingCache _bindings;

    /// <param name="planes">1 (one grid) or 3 (a tri-plane of this 2-D grid).</param>
    public GridEncodingKernel(ComputeDevice device, GridEncodingConfig config, int planes = 1)
    {
        SpecializationConstant[] specialization = KernelSpecialization.Grid(config, planes);
        _device = device;
        Layout = new GridEncodingLayout(config);
        Planes = planes;
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            pushConstantBytes: 8,
            specialization: specialization,
            name: $"grid_encode {config.Dimensions}D {config.Storage} {config.Levels}x{config.FeaturesPerLevel}{(planes == 3 ? " triplane" : "")}");
        _kernel = device.CreateKernel(ShaderLibrary.Load("encoding/grid_encode"), layout);
        _levels = device.CreateBuffer(LevelUniformBytes, BufferUsage.Uniform);
        _levels.Upload<uint>(Layout.ToUniformWords());
        _bindings = new BindingCache(_kernel);
    }

    public GridEncodingConfig Config => Layout.Config;

    public GridEncodingLayout Layout { get; }

    /// <summary>1, or 3 for a tri-plane.</summary>
    public int Planes { get; }

    /// <summary>Bytes of a table buffer for this config (float [entry][feature]; a tri-plane's three back to back).</summary>
    public long TableBytes => Planes * Layout.TableFloats * sizeof(float);

    /// <summary>Floats per point of the positions: the grid's dimensions, or 3 for a tri-plane.</summary>
    public int PositionWidth => Planes == 3 ? 3 : Config.Dimensions;

    /// <summary>Floats per point of the output: Planes × Levels × Features.</summary>
    public int OutputWidth => Planes * Config.OutputWidth;

    /// <summary>
    /// Records the encoding of N points: positions (N × <see cref="PositionWidth"/> floats in [0, 1]) → output
    /// (N × <see cref="OutputWidth"/> floats).
    /// Binding sets are cached per buffer triple, so recording with the same buffers every frame allocates nothing.
    /// The caller adds barriers between this and whatever produces positions or consumes output.
    /// </summary>
    public void Record(CommandList list, GpuBuffer table, GpuBuffer positions, GpuBuffer output, int n)
    {
        ArgumentNullException.ThrowIfNull(list);
        KernelBuffers.CheckSize(table, TableBytes, "table");
        KernelBuffers.CheckSize(positions, (long)n * PositionWidth * sizeof(float), "positions");
        KernelBuffers.CheckSize(output, (long)n * OutputWidth * sizeof(float), "output");
        // Order = the shader's bindings 0..3.
        BindingSet set = _bindings.Get(positions, table, output, _levels);
        foreach (var (push, groups) in PointRange.Split(n))
        {
            // Dispatches of one call write disjoint ranges, but hazard tracking sees the whole bound buffer.
            if (push.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, (uint)(Planes * Config.Levels), 1, in push);
        }
    }

    /// <summary>
    /// Records the encoding of at most <paramref name="maxPoints"/> points as one indirect dispatch: the workgroup
    /// counts (ceil(N / 64), Planes × Levels, 1) for the real N ≤ maxPoints were written by an earlier kernel into
    /// <paramref name="arguments"/> at <paramref name="offsetBytes"/>. Invocations of the last group past N encode
    /// rows below maxPoints from whatever the positions hold there; the caller ignores those rows.
    /// </summary>
    public void RecordIndirect(CommandList list, GpuBuffer table, GpuBuffer positions, GpuBuffer output, int maxPoints,
        GpuBuffer arguments, long offsetBytes)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPoints, PointRange.MaxPointsPerDispatch);
        KernelBuffers.CheckSize(table, TableBytes, "table");
        KernelBuffers.CheckSize(positions, (long)maxPoints * PositionWidth * sizeof(float), "positions");
        KernelBuffers.CheckSize(output, (long)maxPoints * OutputWidth * sizeof(float), "output");
        BindingSet set = _bindings.Get(positions, table, output, _levels);
        list.DispatchIndirect(_kernel, set, arguments, offsetBytes, new PointRange((uint)maxPoints, 0));
    }

    /// <summary>Records, submits and waits: the simple path for tests and tools.</summary>
    public void Forward(GpuBuffer table, GpuBuffer positions, GpuBuffer output, int n)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        Record(list, table, positions, output, n);
        list.End();
        _device.SubmitAndWait(list);
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _levels.Dispose();
        _kernel.Dispose();
    }
}
