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
/// to back, and each point's row holds xy's, yz's and xz's features in turn (<see cref="GridKernelShape.OutputWidth"/>).</para>
/// </summary>
public sealed class GridEncodingKernel : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _levels;
    private readonly BindingCache _bindings;

    /// <param name="planes">1 (one grid) or 3 (a tri-plane of this 2-D grid).</param>
    public GridEncodingKernel(ComputeDevice device, GridEncodingConfig config, int planes = 1)
    {
        Shape = new GridKernelShape(config, planes);
        _device = device;
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            pushConstantBytes: 8,
            specialization: Shape.Specialization,
            name: $"grid_encode {Shape.Description}");
        _kernel = device.CreateKernel(ShaderLibrary.Load("encoding/grid_encode"), layout);
        _levels = Shape.CreateLevelUniforms(device);
        _bindings = new BindingCache(_kernel);
    }

    /// <summary>The widths and dispatch extent this kernel shares with its backward.</summary>
    public GridKernelShape Shape { get; }

    public GridEncodingConfig Config => Shape.Config;

    /// <summary>
    /// Records the encoding of N points: positions (N × <see cref="GridKernelShape.PositionWidth"/> floats in [0, 1]) → output
    /// (N × <see cref="GridKernelShape.OutputWidth"/> floats).
    /// Binding sets are cached per buffer triple, so recording with the same buffers every frame allocates nothing.
    /// The caller adds barriers between this and whatever produces positions or consumes output.
    /// </summary>
    public void Record(CommandList list, GpuBuffer table, GpuBuffer positions, GpuBuffer output, int n)
    {
        ArgumentNullException.ThrowIfNull(list);
        Shape.CheckTable(table, "table");
        Shape.CheckPositions(positions, n, "positions");
        Shape.CheckOutputs(output, n, "output");
        // Order = the shader's bindings 0..3.
        BindingSet set = _bindings.Get(positions, table, output, _levels);
        foreach (var (push, groups) in PointRange.Split(n))
        {
            // Dispatches of one call write disjoint ranges, but hazard tracking sees the whole bound buffer.
            if (push.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, Shape.GroupsY, 1, in push);
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
        Shape.CheckTable(table, "table");
        Shape.CheckPositions(positions, maxPoints, "positions");
        Shape.CheckOutputs(output, maxPoints, "output");
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
