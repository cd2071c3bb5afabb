using EdgeAvatar.Common;
using EdgeAvatar.Compute;

namespace EdgeAvatar.Render.Vulkan;

/// <summary>Buffer helpers shared by the Vulkan renderer's stages and the trainer's GPU passes.</summary>
public static class GpuBuffers
{
    /// <summary>
    /// A storage buffer of <paramref name="floats"/> 4-byte elements (at least one), refused with a clear message when
    /// it would exceed the device's storage binding range (whole buffers are bound).
    /// </summary>
    public static GpuBuffer Floats(ComputeDevice device, long floats, string name)
    {
        long bytes = Math.Max(1, floats) * sizeof(float);
        if (bytes > device.Info.MaxStorageBufferRange)
            throw new EdgeAvatarException(ExitCodes.DataError,
                $"the Vulkan renderer needs a {bytes / (1 << 20)} MiB '{name}' buffer; {device.Info.Name} binds at most "
                + $"{device.Info.MaxStorageBufferRange / (1 << 20)} MiB. Use a smaller model or chunk size.");
        return device.CreateBuffer(bytes, BufferUsage.Storage, name);
    }

    /// <summary>Largest chunk (≤ <paramref name="wanted"/>) whose widest per-point buffer still binds.</summary>
    public static int FitChunk(ComputeDevice device, int wanted, int widestFloats)
    {
        long fit = device.Info.MaxStorageBufferRange / (4L * Math.Max(1, widestFloats));
        return (int)Math.Clamp(fit, 1, Math.Max(1, wanted));
    }
}
