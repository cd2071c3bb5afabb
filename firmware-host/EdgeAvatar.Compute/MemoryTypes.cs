using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// Chooses memory types. Buffers go in memory the host can map directly when the device has a device-local,
/// host-visible, host-coherent type (lavapipe, integrated GPUs; on a discrete GPU only if also host-cached, since
/// reading uncached BAR memory is very slow); otherwise in device-local memory filled and read through staging
/// buffers in host-visible, coherent memory (which Vulkan guarantees exists). Only coherent memory is ever mapped, so
/// no flush/invalidate is needed.
/// </summary>
internal sealed class MemoryTypes
{
    private const uint Mappable = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;

    private readonly VkPhysicalDeviceMemoryProperties _properties;
    private readonly bool _forceStaging;
    private readonly bool _discrete;

    internal MemoryTypes(PhysicalDevice physical, bool forceStaging)
    {
        _properties = physical.MemoryProperties;
        _forceStaging = forceStaging;
        _discrete = physical.Info.Type == DeviceType.DiscreteGpu;
    }

    /// <summary>For a GPU buffer: (type index, mapped?). Mapped means the host reads and writes it in place.</summary>
    internal (uint Type, bool Mapped) ForBuffer(uint allowedTypes)
    {
        if (!_forceStaging)
        {
            uint direct = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | Mappable | (_discrete ? VK_MEMORY_PROPERTY_HOST_CACHED_BIT : 0);
            if (Find(allowedTypes, direct) is uint t)
                return (t, true);
        }
        if (Find(allowedTypes, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) is uint local)
            return (local, false);
        // No device-local type allowed for this buffer (unusual): plain host memory, mapped.
        return (ForStaging(allowedTypes), true);
    }

    /// <summary>For a staging buffer: host-visible and coherent, cached if possible (downloads read it).</summary>
    internal uint ForStaging(uint allowedTypes)
        => Find(allowedTypes, Mappable | VK_MEMORY_PROPERTY_HOST_CACHED_BIT) ?? Find(allowedTypes, Mappable)
            ?? throw new InvalidOperationException("The device has no host-visible coherent memory type, which Vulkan requires.");

    private uint? Find(uint allowedTypes, uint required)
    {
        for (uint i = 0; i < _properties.memoryTypeCount; i++)
        {
            if ((allowedTypes & (1u << (int)i)) != 0 && (_properties.MemoryType(i).propertyFlags & required) == required)
                return i;
        }
        return null;
    }
}
