using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A VkBuffer bound to its own VkDeviceMemory (one allocation per buffer: simple, and far below
/// maxMemoryAllocationCount for this project's few dozen buffers), mapped for its whole life when host-visible.
/// </summary>
internal sealed unsafe class BufferAllocation : IDisposable
{
    private readonly ComputeDevice _device;
    private bool _destroyed;

    private BufferAllocation(ComputeDevice device, ulong buffer, ulong memory, ulong size, ulong memorySize, byte* mapped)
    {
        _device = device;
        MemorySize = memorySize;
        Buffer = buffer;
        Memory = memory;
        Size = size;
        Mapped = mapped;
    }

    internal ulong Buffer { get; }
    internal ulong Memory { get; }
    /// <summary>Size of the VkBuffer (the requested size rounded up to 4 bytes, for vkCmdFillBuffer).</summary>
    internal ulong Size { get; }
    /// <summary>Bytes of VkDeviceMemory behind it (the driver's requirement: alignment may exceed <see cref="Size"/>).</summary>
    internal ulong MemorySize { get; }
    /// <summary>Host pointer to the buffer's first byte, or null when the memory is not host-visible.</summary>
    internal byte* Mapped { get; }

    internal const uint TransferUsage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

    /// <summary>Creates the buffer, allocates and binds memory; on any failure releases what was made and throws.</summary>
    internal static BufferAllocation Create(ComputeDevice device, ulong size, uint usage, bool staging)
    {
        DeviceCommands vk = device.Vk;
        nint d = device.Handle;
        var info = new VkBufferCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
            size = (size + 3) & ~3ul,
            usage = usage | TransferUsage,
            sharingMode = VK_SHARING_MODE_EXCLUSIVE,
        };
        ulong buffer = 0, memory = 0;
        try
        {
            Check(vk.vkCreateBuffer(d, &info, null, &buffer), "vkCreateBuffer");
            VkMemoryRequirements req;
            vk.vkGetBufferMemoryRequirements(d, buffer, &req);
            (uint type, bool mapped) = staging ? (device.Memory.ForStaging(req.memoryTypeBits), true) : device.Memory.ForBuffer(req.memoryTypeBits);
            var alloc = new VkMemoryAllocateInfo
            {
                sType = VkStructureType.VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
                allocationSize = req.size,
                memoryTypeIndex = type,
            };
            Check(vk.vkAllocateMemory(d, &alloc, null, &memory), "vkAllocateMemory");
            Check(vk.vkBindBufferMemory(d, buffer, memory, 0), "vkBindBufferMemory");
            void* p = null;
            if (mapped)
                Check(vk.vkMapMemory(d, memory, 0, VK_WHOLE_SIZE, 0, &p), "vkMapMemory");
            device.TrackAllocation((long)req.size);
            return new BufferAllocation(device, buffer, memory, info.size, req.size, (byte*)p);
        }
        catch
        {
            if (buffer != 0)
                vk.vkDestroyBuffer(d, buffer, null);
            if (memory != 0)
                vk.vkFreeMemory(d, memory, null);
            throw;
        }
    }

    public void Dispose()
    {
        if (_destroyed)
            return;
        _destroyed = true;
        // Freeing mapped memory unmaps it implicitly.
        _device.Vk.vkDestroyBuffer(_device.Handle, Buffer, null);
        _device.Vk.vkFreeMemory(_device.Handle, Memory, null);
        _device.TrackAllocation(-(long)MemorySize);
    }
}
