using System.Runtime.InteropServices;
using EdgeAvatar.Compute;
using EdgeAvatar.Kernels;
using EdgeAvatar.Train.Shaders;

namespace EdgeAvatar.Train.Kernels.Optimizers;

/// <summary>
/// The Adam step kernel (shaders/optim/adam.comp): one dispatch per parameter group (and per 65535 × 256
/// parameters) over caller-owned flat fp32 buffers params / grads / m / v. Semantics are <see cref="CpuAdam"/>'s.
/// The caller keeps the step counter (1-based) and zeroes the gradients between steps. Not thread-safe.
/// </summary>
public sealed class AdamKernel : IDisposable
{
    private const int GroupSize = 256;
    private const int MaxGroupsPerDispatch = 65535;

    private readonly ComputeDevice _device;
    private readonly Kernel _kernel;
    private readonly BindingCache _bindings;

    public AdamKernel(ComputeDevice device, AdamConfig config)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Config = config.EnsureValid();
        var layout = new KernelLayout(
            bindings: [BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer, BindingKind.StorageBuffer],
            pushConstantBytes: Marshal.SizeOf<Push>(),
            name: "adam");
        _kernel = device.CreateKernel(TrainShaderLibrary.Load("optim/adam"), layout);
        _bindings = new BindingCache(_kernel);
    }

    public AdamConfig Config { get; }

    /// <summary>Records step <paramref name="step"/> (1-based) for every group; buffers hold ≥ the groups' extent in floats.</summary>
    public void Record(CommandList list, IReadOnlyList<AdamParameterGroup> groups, int step,
        GpuBuffer parameters, GpuBuffer gradients, GpuBuffer m, GpuBuffer v)
    {
        ArgumentNullException.ThrowIfNull(list);
        long floats = Math.Min(Math.Min(parameters.SizeBytes, gradients.SizeBytes), Math.Min(m.SizeBytes, v.SizeBytes)) / sizeof(float);
        CpuAdam.ValidateGroups(groups, floats);
        BindingSet set = _bindings.Get(parameters, gradients, m, v);
        bool first = true;
        foreach (AdamParameterGroup group in groups)
        {
            (float stepSize, float invSqrtBias2) = Config.BiasCorrection(group.LearningRate, step);
            int end = group.Offset + group.Count;
            for (int start = group.Offset; start < end; start += GroupSize * MaxGroupsPerDispatch)
            {
                // Ranges are disjoint, but hazard tracking sees whole buffers: order the read-modify-writes.
                if (!first)
                    list.ComputeBarrier();
                first = false;
                int count = Math.Min(GroupSize * MaxGroupsPerDispatch, end - start);
                var push = new Push((uint)start, (uint)end, stepSize, invSqrtBias2, Config.Beta1, Config.Beta2,
                    Config.Epsilon, Config.WeightDecay, 0);
                list.Dispatch(_kernel, set, (uint)((count + GroupSize - 1) / GroupSize), in push);
            }
        }
    }

    /// <summary>Records, submits and waits: the simple path for tests and tools.</summary>
    public void Step(IReadOnlyList<AdamParameterGroup> groups, int step, GpuBuffer parameters, GpuBuffer gradients,
        GpuBuffer m, GpuBuffer v)
    {
        using CommandList list = _device.CreateCommandList();
        list.Begin();
        Record(list, groups, step, parameters, gradients, m, v);
        list.End();
        _device.SubmitAndWait(list);
    }

    public void Dispose()
    {
        _bindings.Dispose();
        _kernel.Dispose();
    }

    /// <summary>The shader's 36-byte push block.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Push(uint First, uint End, float StepSize, float InvSqrtBias2, float Beta1,
        float Beta2, float Epsilon, float WeightDecay, uint Pad);
}
