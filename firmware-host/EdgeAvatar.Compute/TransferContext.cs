using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// Runs small one-shot command buffers synchronously (staging copies, host-side fills of device-local buffers).
/// One command buffer and fence, serialized by a lock; each use records, submits, and waits before returning.
/// </summary>
internal sealed unsafe class TransferContext : IDisposable
{
    private readonly ComputeDevice _device;
    private readonly Lock _lock = new();
    private ulong _pool;
    private nint _commandBuffer;
    private ulong _fence;

    internal TransferContext(ComputeDevice device) => _device = device;

    /// <summary>Records commands through <paramref name="record"/>, submits them and waits for completion.</summary>
    internal void Run(Action<nint> record)
    {
        DeviceCommands vk = _device.Vk;
        nint d = _device.Handle;
        lock (_lock)
        {
            _device.ThrowIfDisposed();
            EnsureCreated();
            var begin = new VkCommandBufferBeginInfo
            {
                sType = VkStructureType.VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
            };
            Check(vk.vkBeginCommandBuffer(_commandBuffer, &begin), "vkBeginCommandBuffer");
            record(_commandBuffer);
            Check(vk.vkEndCommandBuffer(_commandBuffer), "vkEndCommandBuffer");
            ulong fence = _fence;
            fixed (ulong* pFence = &_fence)
            {
                Check(vk.vkResetFences(d, 1, pFence), "vkResetFences");
            }
            nint cmd = _commandBuffer;
            _device.SubmitRaw(&cmd, fence);
            Check(vk.vkWaitForFences(d, 1, &fence, VK_TRUE, ulong.MaxValue), "vkWaitForFences");
        }
    }

    private void EnsureCreated()
    {
        if (_pool != 0)
            return;
        DeviceCommands vk = _device.Vk;
        nint d = _device.Handle;
        var poolInfo = new VkCommandPoolCreateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
            flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
            queueFamilyIndex = _device.QueueFamily,
        };
        ulong pool;
        Check(vk.vkCreateCommandPool(d, &poolInfo, null, &pool), "vkCreateCommandPool");
        _pool = pool;
        var allocInfo = new VkCommandBufferAllocateInfo
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
            commandPool = pool,
            level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
            commandBufferCount = 1,
        };
        nint cmd;
        Check(vk.vkAllocateCommandBuffers(d, &allocInfo, &cmd), "vkAllocateCommandBuffers");
        _commandBuffer = cmd;
        var fenceInfo = new VkFenceCreateInfo { sType = VkStructureType.VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
        ulong fence;
        Check(vk.vkCreateFence(d, &fenceInfo, null, &fence), "vkCreateFence");
        _fence = fence;
    }

    /// <summary>Called by the device after vkDeviceWaitIdle, so nothing here is pending.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_fence != 0)
                _device.Vk.vkDestroyFence(_device.Handle, _fence, null);
            if (_pool != 0)
                _device.Vk.vkDestroyCommandPool(_device.Handle, _pool, null); // frees its command buffer
            _fence = 0;
            _pool = 0;
        }
    }
}
