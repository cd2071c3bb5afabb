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
    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _levels;
    private readonly GpuBuffer _noPositionGrad;
    private readonly BindingCache _bindings;

    /// <param name="planes">1 (one grid) or 3 (a tri-plane of this 2-D grid).</param>
    public GridEncodingBackwardKernel(ComputeDevice device, GridEncodingConfig config, int planes = 1)
    {
        Shape = new GridKernelShape(config, planes);
        BackwardKernelRequirements.Check(device);
        _device = device;
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer,
                BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            pushConstantBytes: Marshal.SizeOf<Push>(),
            specialization: Shape.Specialization,
            name: $"grid_encode_backward {Shape.Description}");
        _kernel = device.CreateKernel(TrainShaderLibrary.Load("encoding/grid_encode_backward"), layout);
        _levels = Shape.CreateLevelUniforms(device);
        // Bound in place of the position-gradient buffer when none is wanted (the shader never touches it then).
        _noPositionGrad = device.CreateBuffer(16, BufferUsage.Storage);
        _bindings = new BindingCache(_kernel);
    }

    /// <summary>The widths and dispatch extent, shared with the forward kernel (<see cref="GridEncodingKernel.Shape"/>).</summary>
    public GridKernelShape Shape { get; }

    public GridEncodingConfig Config => Shape.Config;

    /// <summary>
    /// Records the backward pass of N points: adds dL/d(table) to <paramref name="tableGrad"/> and, when
    /// <paramref name="positionGrad"/> is not null, dL/d(positions) (N × D) to it. Zero them first (FillBuffer 0) for
    /// a plain gradient. The caller adds barriers against producers of the inputs and consumers of the gradients.
    /// </summary>
    public void Record(CommandList list, GpuBuffer table, GpuBuffer positions, GpuBuffer outputGrad,
        GpuBuffer tableGrad, GpuBuffer? positionGrad, int n)
    {
        ArgumentNullException.ThrowIfNull(list);
        Shape.CheckTable(table, "table");
        Shape.CheckTable(tableGrad, "tableGrad");
        Shape.CheckPositions(positions, n, "positions");
        Shape.CheckOutputs(outputGrad, n, "outputGrad");
        if (positionGrad is not null)
            Shape.CheckPositions(positionGrad, n, "positionGrad");
        BindingSet set = _bindings.Get(positions, table, outputGrad, tableGrad, positionGrad ?? _noPositionGrad, _levels);
        uint flags = positionGrad is null ? 0u : 1u;
        foreach (var (range, groups) in PointRange.Split(n))
        {
            // Atomic adds of successive dispatches hit the same entries: order them for hazard tracking.
            if (range.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, Shape.GroupsY, 1, new Push(range.N, range.First, flags));
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
