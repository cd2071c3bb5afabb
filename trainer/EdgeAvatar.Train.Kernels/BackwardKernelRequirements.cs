using EdgeAvatar.Compute;

namespace EdgeAvatar.Train.Kernels;

/// <summary>
/// What every backward kernel needs from the device: its shaders accumulate gradients of many points into one
/// parameter with float atomicAdd, so without VK_EXT_shader_atomic_float they cannot be created.
/// </summary>
public static class BackwardKernelRequirements
{
    /// <summary>Throws <see cref="ArgumentNullException"/> or <see cref="NotSupportedException"/> (naming the device)
    /// unless <paramref name="device"/> has float atomicAdd on storage buffers.</summary>
    public static void Check(ComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!device.Info.SupportsAtomicFloatAdd)
            throw new NotSupportedException($"{device.Info.Name} lacks float atomicAdd on storage buffers (VK_EXT_shader_atomic_float).");
    }
}
