using EdgeAvatar.Compute;
using EdgeAvatar.Shaders;

namespace EdgeAvatar.Kernels.Networks;

/// <summary>
/// The fused MLP forward kernel (shaders/network/mlp_forward.comp) for one <see cref="MlpConfig"/>. It owns only
/// the pipeline; weights live in a caller-owned 64 KiB uniform buffer made by <see cref="CreateWeightBuffer"/> (or
/// refreshed with <see cref="UploadWeights"/> after a training step), so one kernel serves any number of networks of
/// the same shape. Not thread-safe: record from one thread at a time.
/// </summary>
public sealed class FusedMlpKernel : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly BindingCache _bindings;

    public FusedMlpKernel(ComputeDevice device, MlpConfig config)
    {
        _device = device;
        Config = config.EnsureValid();
        uint act4 = (uint)Math.Max((config.InputWidth + 3) / 4, (config.HiddenWidth + 3) / 4);
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.UniformBuffer],
            pushConstantBytes: 8,
            specialization: KernelSpecialization.Mlp(config, new SpecializationConstant(7, act4)),
            name: $"mlp_forward {config.InputWidth}->{config.HiddenWidth}x{config.HiddenLayers}->{config.OutputWidth} {config.WeightPrecision}");
        _kernel = device.CreateKernel(ShaderLibrary.Load("network/mlp_forward"), layout);
        _bindings = new BindingCache(_kernel);
    }

    public MlpConfig Config { get; }

    /// <summary>A new uniform buffer holding <paramref name="weights"/> (flat layout, see <see cref="MlpConfig"/>).</summary>
    public GpuBuffer CreateWeightBuffer(ReadOnlySpan<float> weights)
    {
        GpuBuffer buffer = _device.CreateBuffer(MlpConfig.MaxPackedWeightBytes, BufferUsage.Uniform);
        try
        {
            UploadWeights(buffer, weights);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Packs and uploads weights into a buffer from <see cref="CreateWeightBuffer"/>; not while in use.</summary>
    public void UploadWeights(GpuBuffer weightBuffer, ReadOnlySpan<float> weights)
    {
        ArgumentNullException.ThrowIfNull(weightBuffer);
        weightBuffer.Upload<uint>(FusedMlpWeights.Pack(Config, weights));
    }

    /// <summary>
    /// Records the forward pass of N points: inputs (N × InputWidth floats) → outputs (N × OutputWidth floats).
    /// The caller adds barriers between this and the producer of inputs / consumer of outputs.
    /// </summary>
    public void Record(CommandList list, GpuBuffer weights, GpuBuffer inputs, GpuBuffer outputs, int n)
    {
        ArgumentNullException.ThrowIfNull(list);
        KernelBuffers.CheckSize(weights, MlpConfig.MaxPackedWeightBytes, "weights");
        KernelBuffers.CheckSize(inputs, (long)n * Config.InputWidth * sizeof(float), "inputs");
        KernelBuffers.CheckSize(outputs, (long)n * Config.OutputWidth * sizeof(float), "outputs");
        BindingSet set = _bindings.Get(inputs, outputs, weights);
        foreach (var (push, groups) in PointRange.Split(n))
        {
            // Dispatches of one call write disjoint ranges, but hazard tracking sees the whole bound buffer.
            if (push.First != 0)
                list.ComputeBarrier();
            list.Dispatch(_kernel, set, groups, 1, 1, in push);
        }
    }

    /// <summary>
    /// Records the forward pass of at most <paramref name="maxPoints"/> points as one indirect dispatch: the workgroup
    /// counts (ceil(N / 64), 1, 1) for the real N ≤ maxPoints were written by an earlier kernel into
    /// <paramref name="arguments"/> at <paramref name="offsetBytes"/>. Invocations of the last group past N compute
    /// rows below maxPoints from whatever the inputs hold there; the caller ignores those rows.
    /// </summary>
    public void RecordIndirect(CommandList list, GpuBuffer weights, GpuBuffer inputs, GpuBuffer outputs, int maxPoints,
        GpuBuffer arguments, long offsetBytes)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPoints, PointRange.MaxPointsPerDispatch);
        KernelBuffers.CheckSize(weights, MlpConfig.MaxPackedWeightBytes, "weights");
        KernelBuffers.CheckSize(inputs, (long)maxPoints * Config.InputWidth * sizeof(float), "inputs");
        KernelBuffers.CheckSize(outputs, (long)maxPoints * Config.OutputWidth * sizeof(float), "outputs");
        BindingSet set = _bindings.Get(inputs, outputs, weights);
        list.DispatchIndirect(_kernel, set, arguments, offsetBytes, new PointRange((uint)maxPoints, 0));
    }

    /// <summary>Records, submits and waits: the simple path for tests and tools.</summary>
    public void Forward(GpuBuffer weights, GpuBuffer inputs, GpuBuffer outputs, int n)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        Record(list, weights, inputs, outputs, n);
        list.End();
        _device.SubmitAndWait(list);
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _kernel.Dispose();
    }
}
