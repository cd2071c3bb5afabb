using EdgeAvatar.Compute;

namespace EdgeAvatar.Kernels;

/// <summary>
/// The argument check every kernel wrapper makes before recording: a buffer too small for the points it is asked to
/// cover would make the shader read or write past its end, which Vulkan does not catch.
/// </summary>
public static class KernelBuffers
{
    /// <summary>Throws <see cref="ArgumentNullException"/> or <see cref="ArgumentException"/> (naming
    /// <paramref name="name"/>) unless <paramref name="buffer"/> holds at least <paramref name="needed"/> bytes.</summary>
    public static void CheckSize(GpuBuffer buffer, long needed, string name)
    {
        ArgumentNullException.ThrowIfNull(buffer, name);
        if (buffer.SizeBytes < needed)
            throw new ArgumentException($"{name} buffer has {buffer.SizeBytes} bytes; {needed} are needed.", name);
    }
}
