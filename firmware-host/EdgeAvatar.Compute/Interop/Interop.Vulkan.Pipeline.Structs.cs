using System.Runtime.InteropServices;

namespace EdgeAvatar.Compute;

// Structs for shader modules, pipeline layouts and compute pipelines.
// Transcribed mechanically from <vulkan/vulkan_core.h> (header 1.3.239): field names and order are the C ones, so
// the struct layout test can compare every size and offset with the C compiler's.
// Mapping: VkBool32/flags/enums -> uint, VkDeviceSize -> ulong, dispatchable handles -> nint, non-dispatchable -> ulong.
internal static partial class Interop
{
    internal static partial class Vulkan
    {
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPushConstantRange
        {
            public uint stageFlags;
            public uint offset;
            public uint size;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPipelineLayoutCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint setLayoutCount;
            public ulong* pSetLayouts;
            public uint pushConstantRangeCount;
            public VkPushConstantRange* pPushConstantRanges;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkShaderModuleCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public nuint codeSize;
            public uint* pCode;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkSpecializationMapEntry
        {
            public uint constantID;
            public uint offset;
            public nuint size;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkSpecializationInfo
        {
            public uint mapEntryCount;
            public VkSpecializationMapEntry* pMapEntries;
            public nuint dataSize;
            public void* pData;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkPipelineShaderStageCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint stage;
            public ulong module;
            public byte* pName;
            public VkSpecializationInfo* pSpecializationInfo;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkComputePipelineCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public VkPipelineShaderStageCreateInfo stage;
            public ulong layout;
            public ulong basePipelineHandle;
            public int basePipelineIndex;
        }

    }
}
