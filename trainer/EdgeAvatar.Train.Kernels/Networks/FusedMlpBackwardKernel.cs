using System.Runtime.InteropServices;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels;
using EdgeAvatar.Train.Shaders;

using EdgeAvatar.Kernels.Networks;

namespace EdgeAvatar.Train.Kernels.Networks;

/// <summary>
/// The fused MLP backward kernel (trainer/EdgeAvatar.Train.Shaders/network/mlp_backward.comp) for one <see cref="MlpConfig"/>: recomputes
/// the forward per point from the same packed weight buffer the forward uses (<see cref="FusedMlpKernel.CreateWeightBuffer"/>),
/// adds dL/d(weights) (public flat layout, fp32) with subgroup + shared-memory reduction and float atomics, and
/// optionally writes dL/d(inputs). Semantics are <see cref="FusedMlpBackwardReference"/>'s up to atomic summation
/// order. Requires <see cref="DeviceInfo.SupportsAtomicFloatAdd"/>. Not thread-safe.
/// </summary>
public sealed class FusedMlpBackwardKernel : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly GpuBuffer _noInputGrad;
    private readonly BindingCache _bindings;

    public FusedMlpBackwardKernel(ComputeDevice device, MlpConfig config)
    {
        BackwardKernelRequirements.Check(device);
        _device = device;
        Config = config.EnsureValid();
        uint in4 = (uint)(config.InputWidth + 3) / 4, hid4 = (uint)(config.HiddenWidth + 3) / 4;
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer,
                BindingKind.StorageBuffer, BindingKind.StorageBuffer],
            pushConstantBytes: Marshal.SizeOf<Push>(),
            specialization: KernelSpecialization.Mlp(config,
                new SpecializationConstant(7, Math.Max(in4, hid4)),
                new SpecializationConstant(8, in4 + (uint)config.HiddenLayers * hid4)),
            name: $"mlp_backward {config.InputWidth}->{config.HiddenWidth}x{config.HiddenLayers}->{config.OutputWidth} {config.WeightPrecision}");
        _kernel = device.CreateKernel(TrainShaderLibrary.Load("network/mlp_backward"), layout);
        _noInputGrad = device.CreateBuffer(16, BufferUsage.Storage);
        _bindings = new BindingCache(_kernel);
    }

    public MlpConfig Config { get; }

    /// <summary>Bytes of the weight-gradient buffer (ParameterCount fp32, public flat layout).</summary>
    public long WeightGradBytes => (long)Config.ParameterCount * sizeof(float);

    /// <summary>
    /// Records the backward pass of N points: adds Σ dL/d(weights) to <paramref name="weightGrad"/> (zero it first for
    /// a plain gradient) and, when <paramref name="inputGrad"/> is not null, overwrites it with dL/d(inputs) (N × InputWidth).
    /// <paramref name="packedWeights"/> is the forward's uniform weight buffer. The caller adds barriers.
    /// </summary>
    public void Record(CommandList list, GpuBuffer packedWeights, GpuBuffer inputs, GpuBuffer outputGrad,
        GpuBuffer weightGrad, GpuBuffer? inputGrad, int n)
    {
        ArgumentNullException.ThrowIfNull(list);
        KernelBuffers.CheckSize(packedWeights, MlpConfig.MaxPackedWeightBytes, "packedWeights");
        KernelBuffers.CheckSize(inputs, (long)n * Config.InputWidth * sizeof(float), "inputs");
        KernelBuffers.CheckSize(outputGrad, (long)n * Config.OutputWidth * sizeof(float), "outputGrad");
        KernelBuffers.CheckSize(weightGrad, WeightGradBytes, "weightGrad");
        if (inputGrad is not null)
            KernelBuffers.CheckSize(inputGrad, (long)n * Config.InputWidth * sizeof(float), "inputGrad");
        BindingSet set = _bindings.Get(inputs, outputGrad, packedWeights, weightGrad, inputGrad ?? _noInputGrad);
        uint flags = inputGrad is null ? 0u : 1u;
        foreach (var (range, groups) in PointRange.Split(n))
        {
            if (range.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, 1, 1, new Push(range.N, range.First, flags));
        }
    }

    /// <summary>Zeroes <paramref name="weightGrad"/>, records, submits and waits: the simple path for tests and tools.</summary>
    public void Backward(GpuBuffer packedWeights, GpuBuffer inputs, GpuBuffer outputGrad, GpuBuffer weightGrad,
        GpuBuffer? inputGrad, int n)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        list.FillBuffer(weightGrad, 0);
        list.ComputeBarrier();
        Record(list, packedWeights, inputs, outputGrad, weightGrad, inputGrad, n);
        list.End();
        _device.SubmitAndWait(list);
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _noInputGrad.Dispose();
        _kernel.Dispose();
    }

    /// <summary>The shader's push block: n, first, flags (bit 0: input gradients).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Push(uint N, uint First, uint Flags);
}
