using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>
/// Everything queried once about a VkPhysicalDevice: the public <see cref="DeviceInfo"/>, plus the raw feature structs,
/// queue family and memory properties that device creation and memory allocation need.
/// </summary>
internal sealed unsafe class PhysicalDevice
{
    internal const string AtomicFloatExtension = "VK_EXT_shader_atomic_float";

    private PhysicalDevice(nint handle) => Handle = handle;

    internal nint Handle { get; }
    internal DeviceInfo Info { get; private set; } = null!;
    /// <summary>The queue family used for everything; uint.MaxValue when the device has no compute queue.</summary>
    internal uint QueueFamily { get; private set; }
    internal bool HasAtomicFloatExtension { get; private set; }
    internal VkPhysicalDeviceFeatures CoreFeatures;
    internal VkPhysicalDevice16BitStorageFeatures Storage16;
    internal VkPhysicalDeviceShaderFloat16Int8Features Float16Int8;
    internal VkPhysicalDeviceShaderAtomicFloatFeaturesEXT AtomicFloat;
    internal VkPhysicalDeviceMemoryProperties MemoryProperties;

    internal static PhysicalDevice Query(VulkanInstance instance, nint handle, int index)
    {
        InstanceCommands vk = instance.Commands;
        var device = new PhysicalDevice(handle);
        device.HasAtomicFloatExtension = ListDeviceExtensions(vk, handle).Contains(AtomicFloatExtension);

        var subgroup = new VkPhysicalDeviceSubgroupProperties { sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES };
        var maintenance3 = new VkPhysicalDeviceMaintenance3Properties
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES,
            pNext = &subgroup,
        };
        var props = new VkPhysicalDeviceProperties2 { sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, pNext = &maintenance3 };
        vk.vkGetPhysicalDeviceProperties2(handle, &props);
        ref VkPhysicalDeviceProperties p = ref props.properties;
        bool isVulkan12 = p.apiVersion >= VK_MAKE_API_VERSION(0, 1, 2, 0);

        // Feature structs may only be chained for features the device can know about: 1.2 core for the first two,
        // the extension for atomic floats.
        device.Storage16 = new() { sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES };
        device.Float16Int8 = new() { sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES };
        device.AtomicFloat = new() { sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_ATOMIC_FLOAT_FEATURES_EXT };
        var features = new VkPhysicalDeviceFeatures2 { sType = VkStructureType.VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2 };
        fixed (VkPhysicalDevice16BitStorageFeatures* storage16 = &device.Storage16)
        fixed (VkPhysicalDeviceShaderFloat16Int8Features* float16 = &device.Float16Int8)
        fixed (VkPhysicalDeviceShaderAtomicFloatFeaturesEXT* atomicFloat = &device.AtomicFloat)
        {
            void* chain = null;
            if (device.HasAtomicFloatExtension)
            {
                atomicFloat->pNext = chain;
                chain = atomicFloat;
            }
            if (isVulkan12)
            {
                float16->pNext = chain;
                storage16->pNext = float16;
                chain = storage16;
            }
            features.pNext = chain;
            vk.vkGetPhysicalDeviceFeatures2(handle, &features);
            storage16->pNext = null;
            float16->pNext = null;
            atomicFloat->pNext = null;
        }
        device.CoreFeatures = features.features;

        fixed (VkPhysicalDeviceMemoryProperties* memory = &device.MemoryProperties)
        {
            vk.vkGetPhysicalDeviceMemoryProperties(handle, memory);
        }
        (uint family, uint timestampBits) = ChooseQueueFamily(vk, handle);
        device.QueueFamily = family;

        ulong deviceLocal = 0;
        for (uint i = 0; i < device.MemoryProperties.memoryHeapCount; i++)
        {
            VkMemoryHeap heap = device.MemoryProperties.MemoryHeap(i);
            if ((heap.flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) != 0)
                deviceLocal += heap.size;
        }

        ref VkPhysicalDeviceLimits l = ref p.limits;
        device.Info = new DeviceInfo
        {
            Index = index,
            Name = FixedString(props.properties.deviceName, 256),
            Type = p.deviceType <= VK_PHYSICAL_DEVICE_TYPE_CPU ? (DeviceType)p.deviceType : DeviceType.Other,
            ApiVersion = $"{VK_API_VERSION_MAJOR(p.apiVersion)}.{VK_API_VERSION_MINOR(p.apiVersion)}.{VK_API_VERSION_PATCH(p.apiVersion)}",
            DriverVersion = p.driverVersion,
            VendorId = p.vendorID,
            DeviceId = p.deviceID,
            IsSupported = isVulkan12 && family != uint.MaxValue,
            MaxComputeWorkGroupInvocations = l.maxComputeWorkGroupInvocations,
            MaxComputeWorkGroupSize = [l.maxComputeWorkGroupSize[0], l.maxComputeWorkGroupSize[1], l.maxComputeWorkGroupSize[2]],
            MaxComputeWorkGroupCount = [l.maxComputeWorkGroupCount[0], l.maxComputeWorkGroupCount[1], l.maxComputeWorkGroupCount[2]],
            MaxComputeSharedMemorySize = l.maxComputeSharedMemorySize,
            MaxStorageBufferRange = l.maxStorageBufferRange,
            MaxUniformBufferRange = l.maxUniformBufferRange,
            MaxPushConstantsSize = l.maxPushConstantsSize,
            MaxMemoryAllocationSize = maintenance3.maxMemoryAllocationSize,
            SubgroupSize = subgroup.subgroupSize,
            TimestampPeriodNs = l.timestampPeriod,
            TimestampValidBits = timestampBits,
            SupportsShaderFloat16 = device.Float16Int8.shaderFloat16 != 0,
            SupportsShaderInt64 = device.CoreFeatures.shaderInt64 != 0,
            SupportsStorageBuffer16BitAccess = device.Storage16.storageBuffer16BitAccess != 0,
            SupportsAtomicFloatAdd = device.AtomicFloat.shaderBufferFloat32AtomicAdd != 0,
            SupportsSharedAtomicFloatAdd = device.AtomicFloat.shaderSharedFloat32AtomicAdd != 0,
            DeviceLocalMemoryBytes = deviceLocal,
        };
        return device;
    }

    /// <summary>
    /// The first compute-capable family that can write timestamps, else the first compute-capable one.
    /// (On most GPUs and on lavapipe that is the universal graphics+compute family.)
    /// </summary>
    private static (uint Family, uint TimestampBits) ChooseQueueFamily(InstanceCommands vk, nint handle)
    {
        uint count = 0;
        vk.vkGetPhysicalDeviceQueueFamilyProperties(handle, &count, null);
        var families = new VkQueueFamilyProperties[count];
        fixed (VkQueueFamilyProperties* f = families)
        {
            vk.vkGetPhysicalDeviceQueueFamilyProperties(handle, &count, f);
        }
        (uint, uint) fallback = (uint.MaxValue, 0);
        for (uint i = 0; i < count; i++)
        {
            if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) == 0 || families[i].queueCount == 0)
                continue;
            if (families[i].timestampValidBits > 0)
                return (i, families[i].timestampValidBits);
            if (fallback.Item1 == uint.MaxValue)
                fallback = (i, 0);
        }
        return fallback;
    }

    private static HashSet<string> ListDeviceExtensions(InstanceCommands vk, nint handle)
    {
        uint count = 0;
        Check(vk.vkEnumerateDeviceExtensionProperties(handle, null, &count, null), "vkEnumerateDeviceExtensionProperties");
        var props = new VkExtensionProperties[count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        fixed (VkExtensionProperties* p = props)
        {
            Check(vk.vkEnumerateDeviceExtensionProperties(handle, null, &count, p), "vkEnumerateDeviceExtensionProperties");
            for (int i = 0; i < count; i++)
                names.Add(FixedString(p[i].extensionName, 256));
        }
        return names;
    }
}
