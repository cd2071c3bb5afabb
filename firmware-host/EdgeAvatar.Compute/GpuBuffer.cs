using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A GPU buffer. Upload/Download/Fill act immediately and synchronously: on host-mapped memory they touch it in place,
/// otherwise they run a staging copy and wait for it. They do not wait for previously submitted command lists: wait
/// on the fence first (writing memory a running kernel reads is a race). All offsets and lengths are bounds-checked.
/// </summary>
public sealed unsafe class GpuBuffer : IDeviceChild
{
    private readonly ComputeDevice _device;
    private readonly BufferAllocation _allocation;
    private int _disposed;

    internal GpuBuffer(ComputeDevice device, long sizeBytes, BufferUsage usage, string? name)
    {
        _device = device;
        SizeBytes = sizeBytes;
        Usage = usage;
        Name = name;
        // A storage buffer may also hold the arguments of CommandList.DispatchIndirect (written by a kernel).
        uint vkUsage = usage == BufferUsage.Uniform ? VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT
            : VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT;
        _allocation = usage == BufferUsage.Staging
            ? BufferAllocation.Create(device, (ulong)sizeBytes, 0, staging: true)
            : BufferAllocation.Create(device, (ulong)sizeBytes, vkUsage, staging: false);
        device.Register(this);
    }

    public long SizeBytes { get; }
    public BufferUsage Usage { get; }
    /// <summary>Optional name used in error messages.</summary>
    public string? Name { get; }
    /// <summary>True when the host reads and writes the buffer's memory in place (no staging copies).</summary>
    public bool IsHostMapped => _allocation.Mapped != null;
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    internal ComputeDevice Device => _device;
    internal ulong Handle => _allocation.Buffer;
    /// <summary>The VkBuffer's size: <see cref="SizeBytes"/> rounded up to 4.</summary>
    internal ulong AllocatedSize => _allocation.Size;

    public string Description => $"buffer{(Name is null ? "" : $" '{Name}'")} ({SizeBytes} bytes)";

    /// <summary>Copies <paramref name="data"/> into the buffer at <paramref name="offsetBytes"/>.</summary>
    public void Upload<T>(ReadOnlySpan<T> data, long offsetBytes = 0) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(data);
        CheckRange(offsetBytes, bytes.Length, nameof(data));
        if (bytes.IsEmpty)
            return;
        if (IsHostMapped)
        {
            bytes.CopyTo(new Span<byte>(_allocation.Mapped + offsetBytes, bytes.Length));
            return;
        }
        using BufferAllocation staging = BufferAllocation.Create(_device, (ulong)bytes.Length, 0, staging: true);
        bytes.CopyTo(new Span<byte>(staging.Mapped, bytes.Length));
        ulong length = (ulong)bytes.Length;
        // Host writes before vkQueueSubmit are visible to the device without a barrier (submission guarantee).
        _device.Transfer.Run(cmd =>
        {
            var region = new VkBufferCopy { srcOffset = 0, dstOffset = (ulong)offsetBytes, size = length };
            _device.Vk.vkCmdCopyBuffer(cmd, staging.Buffer, Handle, 1, &region);
            Barriers.Full(_device.Vk, cmd, toHost: false);
        });
    }

    /// <summary>Copies <paramref name="data"/> into the buffer at <paramref name="offsetBytes"/>.</summary>
    public void Upload<T>(T[] data, long offsetBytes = 0) where T : unmanaged => Upload((ReadOnlySpan<T>)data, offsetBytes);

    /// <summary>Copies bytes starting at <paramref name="offsetBytes"/> into <paramref name="destination"/> (its whole length).</summary>
    public void Download<T>(Span<T> destination, long offsetBytes = 0) where T : unmanaged
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        CheckRange(offsetBytes, bytes.Length, nameof(destination));
        if (bytes.IsEmpty)
            return;
        if (IsHostMapped)
        {
            new ReadOnlySpan<byte>(_allocation.Mapped + offsetBytes, bytes.Length).CopyTo(bytes);
            return;
        }
        using BufferAllocation staging = BufferAllocation.Create(_device, (ulong)bytes.Length, 0, staging: true);
        int length = bytes.Length;
        _device.Transfer.Run(cmd =>
        {
            var region = new VkBufferCopy { srcOffset = (ulong)offsetBytes, dstOffset = 0, size = (ulong)length };
            _device.Vk.vkCmdCopyBuffer(cmd, Handle, staging.Buffer, 1, &region);
            Barriers.Full(_device.Vk, cmd, toHost: true);
        });
        new ReadOnlySpan<byte>(staging.Mapped, bytes.Length).CopyTo(bytes);
    }

    /// <summary>The whole buffer as an array of <typeparamref name="T"/>; the size must be a multiple of sizeof(T).</summary>
    public T[] Download<T>() where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (SizeBytes % size != 0)
            throw new InvalidOperationException($"{Description} is not a whole number of {size}-byte {typeof(T).Name} elements.");
        if (SizeBytes / size > Array.MaxLength)
            throw new InvalidOperationException($"{Description} is too large for one array; download it in parts.");
        var result = new T[SizeBytes / size];
        Download<T>(result);
        return result;
    }

    /// <summary>Sets every 32-bit word of the buffer to <paramref name="value"/> (a partial last word gets its low bytes).</summary>
    public void Fill(uint value)
    {
        ThrowIfDisposed();
        if (IsHostMapped)
        {
            new Span<uint>(_allocation.Mapped, (int)Math.Min(AllocatedSize / 4, int.MaxValue)).Fill(value);
            for (ulong offset = (ulong)int.MaxValue * 4; offset < AllocatedSize; offset += 4)
                *(uint*)(_allocation.Mapped + offset) = value; // only for buffers over 8 GiB
            return;
        }
        _device.Transfer.Run(cmd =>
        {
            _device.Vk.vkCmdFillBuffer(cmd, Handle, 0, VK_WHOLE_SIZE, value);
            Barriers.Full(_device.Vk, cmd, toHost: false);
        });
    }

    private void CheckRange(long offset, long length, string paramName)
    {
        ThrowIfDisposed();
        if (offset < 0 || offset > SizeBytes)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Offset is outside {Description}.");
        if (length > SizeBytes - offset)
            throw new ArgumentOutOfRangeException(paramName, $"{length} bytes at offset {offset} run past the end of {Description}.");
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _device.Unregister(this);
        _allocation.Dispose();
    }

    public override string ToString() => Description;
}
