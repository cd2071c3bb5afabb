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
/// </summary>
public sealed class GridEncodingBackwardKernel : IDisposable
{
    private const int LevelUniformBytes = GridEncodingConfig.MaxLevels * 2 * 16;

    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _levels;
    private readonly GpuBuffer _noPositionGrad;
    private readonly BindingCache _bindings;

    public GridEncodingBackwardKernel(ComputeDevice device, GridEncodingConfig config)
    {
        BackwardKernelRequirements.Check(device);
        _device = device;
        Layout = new GridEncodingLayout(config);
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer,
                BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            pushConstantBytes: Marshal.SizeOf<Push>(),
            specialization: KernelSpecialization.Grid(config),
            name: $"grid_encode_backward {config.Dimensions}D {config.Storage} {config.Levels}x{config.FeaturesPerLevel}");
        _kernel = device.CreateKernel(TrainShaderLibrary.Load("encoding/grid_encode_backward"), layout);
        _levels = device.CreateBuffer(LevelUniformBytes, BufferUsage.Uniform);
        _levels.Upload<uint>(Layout.ToUniformWords());
        // Bound in place of the position-gradient buffer when none is wanted (the shader never touches it then).
        _noPositionGrad = device.CreateBuffer(16, BufferUsage.Storage);
        _bindings = new BindingCache(_kernel);
    }

    public GridEncodingConfig Config => Layout.Config;

    public GridEncodingLayout Layout { get; }

    /// <summary>Bytes of a table (or table-gradient) buffer for this config.</summary>
    public long TableBytes => Layout.TableFloats * sizeof(float);

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
        KernelBuffers.CheckSize(positions, (long)n * Config.Dimensions * sizeof(float), "positions");
        KernelBuffers.CheckSize(outputGrad, (long)n * Config.OutputWidth * sizeof(float), "outputGrad");
        if (positionGrad is not null)
            KernelBuffers.CheckSize(positionGrad, (long)n * Config.Dimensions * sizeof(float), "positionGrad");
        BindingSet set = _bindings.Get(positions, table, outputGrad, tableGrad, positionGrad ?? _noPositionGrad, _levels);
        uint flags = positionGrad is null ? 0u : 1u;
        foreach (var (range, groups) in PointRange.Split(n))
        {
            // Atomic adds of successive dispatches hit the same entries: order them for hazard tracking.
            if (range.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, (uint)Config.Levels, 1, new Push(range.N, range.First, flags));
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
