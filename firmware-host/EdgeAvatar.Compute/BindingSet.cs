using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// A descriptor set of one kernel with fixed buffers bound (binding i = <see cref="Buffers"/>[i], whole buffers).
/// Owned by its kernel: disposing the kernel disposes it. Do not dispose it while a submission using it runs.
/// </summary>
public sealed unsafe class BindingSet : IDeviceChild
{
    private readonly DescriptorAllocator _allocator;
    private readonly ulong _pool;
    private int _disposed;

    internal BindingSet(Kernel kernel, DescriptorAllocator allocator, GpuBuffer[] buffers)
    {
        Kernel = kernel;
        _allocator = allocator;
        Buffers = buffers.ToArray();
        (Handle, _pool) = allocator.Allocate();
        try
        {
            Write(kernel, buffers);
        }
        catch
        {
            allocator.Free(_pool, Handle);
            throw;
        }
        kernel.AddBindingSet(this);
    }

    public Kernel Kernel { get; }
    public IReadOnlyList<GpuBuffer> Buffers { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;
    public string Description => $"binding set of {Kernel.Description}";
    internal ulong Handle { get; }

    private void Write(Kernel kernel, GpuBuffer[] buffers)
    {
        int n = buffers.Length;
        if (n == 0)
            return;
        var infos = new VkDescriptorBufferInfo[n];
        var writes = new VkWriteDescriptorSet[n];
        fixed (VkDescriptorBufferInfo* pInfos = infos)
        {
            for (int i = 0; i < n; i++)
            {
                infos[i] = new VkDescriptorBufferInfo { buffer = buffers[i].Handle, offset = 0, range = buffers[i].AllocatedSize };
                writes[i] = new VkWriteDescriptorSet
                {
                    sType = VkStructureType.VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                    dstSet = Handle,
                    dstBinding = (uint)i,
                    descriptorCount = 1,
                    descriptorType = DescriptorAllocator.DescriptorType(kernel.Layout.Bindings[i]),
                    pBufferInfo = pInfos + i,
                };
            }
            fixed (VkWriteDescriptorSet* pWrites = writes)
            {
                ComputeDevice device = kernel.Device;
                device.Vk.vkUpdateDescriptorSets(device.Handle, (uint)n, pWrites, 0, null);
            }
        }
    }

    /// <summary>True when this set, its kernel and all its buffers are still alive.</summary>
    internal IDeviceChild? FirstDisposed()
        => IsDisposed ? this : Kernel.IsDisposed ? Kernel : Buffers.FirstOrDefault(b => b.IsDisposed);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Kernel.RemoveBindingSet(this);
        // If the kernel is already gone its pools were destroyed with all their sets; Free knows the pool is gone.
        _allocator.Free(_pool, Handle);
    }

    public override string ToString() => Description;
}
