using System.Runtime.InteropServices;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels;
using EdgeAvatar.Train.Shaders;

using EdgeAvatar.Kernels.Encodings;

namespace EdgeAvatar.Train.Kernels.Encodings;

/// <summary>
/// The grid-encoding backward kernel (trainer/EdgeAvatar.Train.Shaders/encoding/grid_encode_backward.comp) for one
/// <see cref="GridEncodingConfig"/>: adds dL/d(table) and optionally dL/d(positions) with float atomics (requires
/// <see cref="DeviceInfo.SupportsAtomicFloatAdd"/>). Semantics are <see cref="CpuGridEncodingBackward"/>'s up
/// to the summation order of the atomics. All data buffers belong to the caller. Not thread-safe.
/// <para>With <c>planes: 3</c> it is the backward of the forward kernel's tri-plane mode over a 2-D config
/// (specification: <c>TriPlaneEncodingBackward</c>): positions N × 3, the three planes' tables back to back.</para>
/// </summary>
public sealed class GridEncodingBackwardKernel : IDisposable
{
    private const int LevelUniformBytes = GridEncodingConfig.MaxLevels * 2 * 16;

    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _levels;
    private readonly GpuBuffer _noPositionGrad;
    private readonly BindingCache _bindings;

    /// <param name="planes">1 (one grid) or 3 (a tri-plane of this 2-D grid).</param>
    public GridEncodingBackwardKernel(ComputeDevice device, GridEncodingConfig config, int planes = 1)
    {
        SpecializationConstant[] specialization = KernelSpecialization.Grid(config, planes);
        BackwardKernelRequirements.Check(device);
        _device = device;
        Layout = new GridEncodingLayout(config);
        Planes = planes;
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer,
                BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            pushConstantBytes: Marshal.SizeOf<Push>(),
            specialization: specialization,
            name: $"grid_encode_backward {config.Dimensions}D {config.Storage} {config.Levels}x{config.FeaturesPerLevel}{(planes == 3 ? " triplane" : "")}");
        _kernel = device.CreateKernel(TrainShaderLibrary.Load("encoding/grid_encode_backward"), layout);
        _levels = device.CreateBuffer(LevelUniformBytes, BufferUsage.Uniform);
        _levels.Upload<uint>(Layout.ToUniformWords());
        // Bound in place of the position-gradient buffer when none is wanted (the shader never touches it then).
        _noPositionGrad = device.CreateBuffer(16, BufferUsage.Storage);
        _bindings = new BindingCache(_kernel);
    }

    public GridEncodingConfig Config => Layout.Config;

    public GridEncodingLayout Layout { get; }

    /// <summary>1, or 3 for a tri-plane.</summary>
    public int Planes { get; }

    /// <summary>Bytes of a table (or table-gradient) buffer for this config (a tri-plane's three tables).</summary>
    public long TableBytes => Planes * Layout.TableFloats * sizeof(float);

    /// <summary>Floats per point of the positions (and their gradient): the grid's dimensions, or 3 for a tri-plane.</summary>
    public int PositionWidth => Planes == 3 ? 3 : Config.Dimensions;

    /// <summary>Floats per point of the output gradient: Planes × Levels × Features.</summary>
    public int OutputWidth => Planes * Config.OutputWidth;

    /// <summary>
    /// Records the backward pass of N points: adds dL/d(table) to <paramref name="tableGrad"/> and, when
    /// <paramref name="positionGrad"/> is not null, dL/d(positions) (N × D) to it. Zero them first (FillBuffer 0) for
    /// a plain gradient. The caller adds barriers against producers of the inputs and consumers of the gradients.
    /// </summary>
    public void Record(CommandList list, GpuBuffer table, GpuBuffer positions, GpuBuffer outputGrad,
        GpuBuffer tableGrad, GpuBuffer? positionGrad, int n)
    {
        ArgumentNullException.ThrowIfNull(list);
        KernelBuffers.CheckSize(table, TableBytes, "table");
        KernelBuffers.CheckSize(tableGrad, TableBytes, "tableGrad");
        KernelBuffers.CheckSize(positions, (long)n * PositionWidth * sizeof(float), "positions");
        KernelBuffers.CheckSize(outputGrad, (long)n * OutputWidth * sizeof(float), "outputGrad");
        if (positionGrad is not null)
            KernelBuffers.CheckSize(positionGrad, (long)n * PositionWidth * sizeof(float), "positionGrad");
        BindingSet set = _bindings.Get(positions, table, outputGrad, tableGrad, positionGrad ?? _noPositionGrad, _levels);
        uint flags = positionGrad is null ? 0u : 1u;
        foreach (var (range, groups) in PointRange.Split(n))
        {
            // Atomic adds of successive dispatches hit the same entries: order them for hazard tracking.
            if (range.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, (uint)(Planes * Config.Levels), 1, new Push(range.N, range.First, flags));
        }
    }

    /// <summary>Zeroes the gradient buffers, records, submits and waits: the simple path for tests and tools.</summary>
    public void Backward(GpuBuffer table, GpuBuffer positions, GpuBuffer outputGrad, GpuBuffer tableGrad,
        GpuBuffer? positionGrad, int n)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        list.FillBuffer(tableGrad, 0);
        if (positionGrad is not null)
            list.FillBuffer(positionGrad, 0);
        list.ComputeBarrier();
        Record(list, table, positions, outputGrad, tableGrad, positionGrad, n);
        list.End();
        _device.SubmitAndWait(list);
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _noPositionGrad.Dispose();
        _levels.Dispose();
        _kernel.Dispose();
    }

    /// <summary>The shader's push block: n, first, flags (bit 0: position gradients).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Push(uint N, uint First, uint Flags);
}
