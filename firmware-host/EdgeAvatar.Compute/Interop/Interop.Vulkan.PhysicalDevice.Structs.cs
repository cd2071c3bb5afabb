using System.Runtime.InteropServices;

namespace EdgeAvatar.Compute;

// Structs for device properties, features, memory properties, queues and device creation.
// Transcribed mechanically from <vulkan/vulkan_core.h> (header 1.3.239): field names and order are the C ones, so
// the struct layout test can compare every size and offset with the C compiler's.
// Mapping: VkBool32/flags/enums -> uint, VkDeviceSize -> ulong, dispatchable handles -> nint, non-dispatchable -> ulong.
internal static partial class Interop
{
    internal static partial class Vulkan
    {
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceProperties
        {
            public uint apiVersion;
            public uint driverVersion;
            public uint vendorID;
            public uint deviceID;
            public uint deviceType;
            public fixed byte deviceName[256];
            public fixed byte pipelineCacheUUID[16];
            public VkPhysicalDeviceLimits limits;
            public VkPhysicalDeviceSparseProperties sparseProperties;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceSparseProperties
        {
            public uint residencyStandard2DBlockShape;
            public uint residencyStandard2DMultisampleBlockShape;
            public uint residencyStandard3DBlockShape;
            public uint residencyAlignedMipSize;
            public uint residencyNonResidentStrict;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceProperties2
        {
            public VkStructureType sType;
            public void* pNext;
            public VkPhysicalDeviceProperties properties;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceSubgroupProperties
        {
            public VkStructureType sType;
            public void* pNext;
            public uint subgroupSize;
            public uint supportedStages;
            public uint supportedOperations;
            public uint quadOperationsInAllStages;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceMaintenance3Properties
        {
            public VkStructureType sType;
            public void* pNext;
            public uint maxPerSetDescriptors;
            public ulong maxMemoryAllocationSize;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceFeatures2
        {
            public VkStructureType sType;
            public void* pNext;
            public VkPhysicalDeviceFeatures features;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDevice16BitStorageFeatures
        {
            public VkStructureType sType;
            public void* pNext;
            public uint storageBuffer16BitAccess;
            public uint uniformAndStorageBuffer16BitAccess;
            public uint storagePushConstant16;
            public uint storageInputOutput16;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceShaderFloat16Int8Features
        {
            public VkStructureType sType;
            public void* pNext;
            public uint shaderFloat16;
            public uint shaderInt8;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceShaderAtomicFloatFeaturesEXT
        {
            public VkStructureType sType;
            public void* pNext;
            public uint shaderBufferFloat32Atomics;
            public uint shaderBufferFloat32AtomicAdd;
            public uint shaderBufferFloat64Atomics;
            public uint shaderBufferFloat64AtomicAdd;
            public uint shaderSharedFloat32Atomics;
            public uint shaderSharedFloat32AtomicAdd;
            public uint shaderSharedFloat64Atomics;
            public uint shaderSharedFloat64AtomicAdd;
            public uint shaderImageFloat32Atomics;
            public uint shaderImageFloat32AtomicAdd;
            public uint sparseImageFloat32Atomics;
            public uint sparseImageFloat32AtomicAdd;
        }

        /// <summary>
        /// C arrays of structs cannot be C# fixed buffers, so memoryTypes (32 x VkMemoryType, 8 bytes each) and
        /// memoryHeaps (16 x VkMemoryHeap, 16 bytes each) are stored as raw words with accessors; the layout test checks
        /// that the offsets still match the C ones (heaps at 264, total 520).
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPhysicalDeviceMemoryProperties
        {
            public uint memoryTypeCount;
            public fixed uint memoryTypes[32 * 2];
            public uint memoryHeapCount;
            public fixed ulong memoryHeaps[16 * 2];

            public readonly VkMemoryType MemoryType(uint index)
                => new() { propertyFlags = memoryTypes[(int)index * 2], heapIndex = memoryTypes[(int)index * 2 + 1] };

            public readonly VkMemoryHeap MemoryHeap(uint index)
                => new() { size = memoryHeaps[(int)index * 2], flags = (uint)memoryHeaps[(int)index * 2 + 1] };
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkMemoryType
        {
            public uint propertyFlags;
            public uint heapIndex;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkMemoryHeap
        {
            public ulong size;
            public uint flags;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkQueueFamilyProperties
        {
            public uint queueFlags;
            public uint queueCount;
            public uint timestampValidBits;
            public VkExtent3D minImageTransferGranularity;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkExtent3D
        {
            public uint width;
            public uint height;
            public uint depth;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDeviceQueueCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint queueFamilyIndex;
            public uint queueCount;
            public float* pQueuePriorities;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDeviceCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint queueCreateInfoCount;
            public VkDeviceQueueCreateInfo* pQueueCreateInfos;
            public uint enabledLayerCount;
            public byte** ppEnabledLayerNames;
            public uint enabledExtensionCount;
            public byte** ppEnabledExtensionNames;
            public VkPhysicalDeviceFeatures* pEnabledFeatures;
        }

    }
}
