using System.Runtime.InteropServices;

namespace EdgeAvatar.Compute;

// Structs for buffers, memory and descriptors.
// Transcribed mechanically from <vulkan/vulkan_core.h> (header 1.3.239): field names and order are the C ones, so
// the struct layout test can compare every size and offset with the C compiler's.
// Mapping: VkBool32/flags/enums -> uint, VkDeviceSize -> ulong, dispatchable handles -> nint, non-dispatchable -> ulong.
internal static partial class Interop
{
    internal static partial class Vulkan
    {
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkBufferCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public ulong size;
            public uint usage;
            public uint sharingMode;
            public uint queueFamilyIndexCount;
            public uint* pQueueFamilyIndices;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkMemoryRequirements
        {
            public ulong size;
            public ulong alignment;
            public uint memoryTypeBits;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkMemoryAllocateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public ulong allocationSize;
            public uint memoryTypeIndex;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDescriptorSetLayoutBinding
        {
            public uint binding;
            public uint descriptorType;
            public uint descriptorCount;
            public uint stageFlags;
            public ulong* pImmutableSamplers;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDescriptorSetLayoutCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint bindingCount;
            public VkDescriptorSetLayoutBinding* pBindings;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDescriptorPoolSize
        {
            public uint type;
            public uint descriptorCount;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDescriptorPoolCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint maxSets;
            public uint poolSizeCount;
            public VkDescriptorPoolSize* pPoolSizes;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDescriptorSetAllocateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public ulong descriptorPool;
            public uint descriptorSetCount;
            public ulong* pSetLayouts;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkDescriptorBufferInfo
        {
            public ulong buffer;
            public ulong offset;
            public ulong range;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkWriteDescriptorSet
        {
            public VkStructureType sType;
            public void* pNext;
            public ulong dstSet;
            public uint dstBinding;
            public uint dstArrayElement;
            public uint descriptorCount;
            public uint descriptorType;
            public void* pImageInfo;
            public VkDescriptorBufferInfo* pBufferInfo;
            public ulong* pTexelBufferView;
        }

    }
}
