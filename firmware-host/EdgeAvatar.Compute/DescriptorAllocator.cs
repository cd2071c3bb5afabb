using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// Descriptor sets of one kernel's set layout, from a growing list of pools (each sized for
/// <see cref="SetsPerPool"/> sets of exactly this layout, created with FREE_DESCRIPTOR_SET so sets can be returned).
/// Thread-safe: the pools are externally synchronized by the lock.
/// </summary>
internal sealed unsafe class DescriptorAllocator : IDisposable
{
    internal const uint SetsPerPool = 32;

    private readonly ComputeDevice _device;
    private readonly ulong _setLayout;
    private readonly uint _storageCount;
    private readonly uint _uniformCount;
    private readonly List<ulong> _pools = [];
    private readonly Lock _lock = new();

    internal DescriptorAllocator(ComputeDevice device, ulong setLayout, IReadOnlyList<BindingKind> bindings)
    {
        _device = device;
        _setLayout = setLayout;
        _storageCount = (uint)bindings.Count(b => b == BindingKind.StorageBuffer);
        _uniformCount = (uint)bindings.Count(b => b == BindingKind.UniformBuffer);
    }

    internal static uint DescriptorType(BindingKind kind)
        => kind == BindingKind.UniformBuffer ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;

    /// <summary>Allocates one set; returns it with the pool it came from (needed to free it).</summary>
    internal (ulong Set, ulong Pool) Allocate()
    {
        lock (_lock)
        {
            foreach (ulong pool in _pools)
            {
                if (TryAllocate(pool, out ulong set))
                    return (set, pool);
            }
            ulong fresh = CreatePool();
            _pools.Add(fresh);
            if (!TryAllocate(fresh, out ulong first))
                throw new InvalidOperationException("A new descriptor pool could not provide one set.");
            return (first, fresh);
        }
    }

    internal void Free(ulong pool, ulong set)
    {
        lock (_lock)
        {
            if (_pools.Contains(pool))
                Check(_device.Vk.vkFreeDescriptorSets(_device.Handle, pool, 1, &set), "vkFreeDescriptorSets");
        }
    }

    private bool TryAllocate(ulong pool, out ulong set)
    {
        ulong layout = _setLayout;
        var info = new VkDescriptorSetAllocateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
            descriptorPool = pool,
            descriptorSetCount = 1,
            pSetLayouts = &layout,
        };
        ulong result;
        VkResult r = _device.Vk.vkAllocateDescriptorSets(_device.Handle, &info, &result);
        // A full or fragmented pool is the expected way to learn it is exhausted; anything else is a real error.
        if (r is VkResult.VK_ERROR_OUT_OF_POOL_MEMORY or VkResult.VK_ERROR_FRAGMENTED_POOL)
        {
            set = 0;
            return false;
        }
        Check(r, "vkAllocateDescriptorSets");
        set = result;
        return true;
    }

    private ulong CreatePool()
    {
        var sizes = stackalloc VkDescriptorPoolSize[2];
        uint count = 0;
        if (_storageCount > 0)
            sizes[count++] = new VkDescriptorPoolSize { type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, descriptorCount = _storageCount * SetsPerPool };
        if (_uniformCount > 0)
            sizes[count++] = new VkDescriptorPoolSize { type = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, descriptorCount = _uniformCount * SetsPerPool };
        var info = new VkDescriptorPoolCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
            flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT,
            maxSets = SetsPerPool,
            poolSizeCount = count,
            pPoolSizes = count > 0 ? sizes : null,
        };
        ulong pool;
        Check(_device.Vk.vkCreateDescriptorPool(_device.Handle, &info, null, &pool), "vkCreateDescriptorPool");
        return pool;
    }

    /// <summary>Destroys every pool, which frees all its sets.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (ulong pool in _pools)
                _device.Vk.vkDestroyDescriptorPool(_device.Handle, pool, null);
            _pools.Clear();
        }
    }
}
