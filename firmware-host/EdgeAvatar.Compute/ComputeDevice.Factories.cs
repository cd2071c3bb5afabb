namespace EdgeAvatar.Compute;

public sealed partial class ComputeDevice
{
    /// <summary>Creates a buffer of <paramref name="sizeBytes"/> bytes (contents undefined until written).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Size is not positive or exceeds the device's largest allocation.</exception>
    /// <exception cref="VulkanException">vkCreateBuffer/vkAllocateMemory failed (e.g. out of device memory).</exception>
    public GpuBuffer CreateBuffer(long sizeBytes, BufferUsage usage = BufferUsage.Storage, string? name = null)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeBytes);
        if (Info.MaxMemoryAllocationSize != 0 && (ulong)sizeBytes > Info.MaxMemoryAllocationSize)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBytes), sizeBytes,
                $"A buffer of {sizeBytes} bytes exceeds {Info.Name}'s largest allocation ({Info.MaxMemoryAllocationSize} bytes).");
        }
        if (!Enum.IsDefined(usage))
            throw new ArgumentOutOfRangeException(nameof(usage));
        return new GpuBuffer(this, sizeBytes, usage, name);
    }

    /// <summary>Creates a buffer holding a copy of <paramref name="data"/>.</summary>
    public GpuBuffer CreateBuffer<T>(ReadOnlySpan<T> data, BufferUsage usage = BufferUsage.Storage, string? name = null) where T : unmanaged
    {
        long size = (long)data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        GpuBuffer buffer = CreateBuffer(Math.Max(size, 4), usage, name);
        try
        {
            buffer.Upload(data);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return buffer;
    }

    /// <summary>Creates a compute kernel from SPIR-V (e.g. <c>ShaderLibrary.Load("encoding/grid_encode")</c>).</summary>
    public Kernel CreateKernel(ReadOnlySpan<byte> spirv, KernelLayout layout)
    {
        ThrowIfDisposed();
        return new Kernel(this, spirv, layout);
    }

    /// <summary>Creates an empty, reusable command list.</summary>
    public CommandList CreateCommandList()
    {
        ThrowIfDisposed();
        return new CommandList(this);
    }

    /// <summary>Creates <paramref name="count"/> timestamp queries.</summary>
    /// <exception cref="NotSupportedException">The compute queue has no timestamp support.</exception>
    public TimestampQueries CreateTimestampQueries(uint count)
    {
        ThrowIfDisposed();
        return new TimestampQueries(this, count);
    }
}
