using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// Signals when one submission has finished. Dispose waits for the submission first (destroying the VkFence of a
/// pending submission is invalid), so disposing without waiting is safe but blocks.
/// </summary>
public sealed unsafe class Fence : IDeviceChild
{
    private readonly ComputeDevice _device;
    private int _disposed;
    private bool _signaled;

    internal Fence(ComputeDevice device)
    {
        _device = device;
        var info = new VkFenceCreateInfo { sType = VkStructureType.VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
        ulong fence;
        Check(device.Vk.vkCreateFence(device.Handle, &info, null, &fence), "vkCreateFence");
        Handle = fence;
        device.Register(this);
    }

    internal ulong Handle { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    string IDeviceChild.Description => "fence";

    /// <summary>True once the submission has finished (does not block).</summary>
    public bool IsSignaled
    {
        get
        {
            if (_signaled || IsDisposed)
                return true;
            VkResult r = Check(_device.Vk.vkGetFenceStatus(_device.Handle, Handle), "vkGetFenceStatus");
            _signaled = r == VkResult.VK_SUCCESS;
            return _signaled;
        }
    }

    /// <summary>Waits until the submission finishes.</summary>
    public void Wait() => Wait(Timeout.InfiniteTimeSpan);

    /// <summary>Waits up to <paramref name="timeout"/> (Timeout.InfiniteTimeSpan: forever); false when it timed out.</summary>
    /// <exception cref="VulkanException">The device was lost (VK_ERROR_DEVICE_LOST) or another error.</exception>
    public bool Wait(TimeSpan timeout)
    {
        if (_signaled || IsDisposed)
            return true;
        ulong ns = timeout == Timeout.InfiniteTimeSpan ? ulong.MaxValue
            : timeout < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(timeout))
            : (ulong)Math.Min(timeout.Ticks, long.MaxValue / 100) * 100;
        ulong fence = Handle;
        VkResult r = Check(_device.Vk.vkWaitForFences(_device.Handle, 1, &fence, VK_TRUE, ns), "vkWaitForFences");
        _signaled = r == VkResult.VK_SUCCESS;
        return _signaled;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _device.Unregister(this);
        if (!_signaled)
        {
            ulong fence = Handle;
            // Errors (device lost) are ignored: the fence must be destroyed either way.
            _ = _device.Vk.vkWaitForFences(_device.Handle, 1, &fence, VK_TRUE, ulong.MaxValue);
        }
        _device.Vk.vkDestroyFence(_device.Handle, Handle, null);
    }
}
