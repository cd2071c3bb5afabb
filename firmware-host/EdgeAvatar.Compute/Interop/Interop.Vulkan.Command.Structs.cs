using System.Runtime.InteropServices;

namespace EdgeAvatar.Compute;

// Structs for command pools and buffers, barriers, copies, submission, fences and query pools.
// Transcribed mechanically from <vulkan/vulkan_core.h> (header 1.3.239): field names and order are the C ones, so
// the struct layout test can compare every size and offset with the C compiler's.
// Mapping: VkBool32/flags/enums -> uint, VkDeviceSize -> ulong, dispatchable handles -> nint, non-dispatchable -> ulong.
internal static partial class Interop
{
    internal static partial class Vulkan
    {
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkCommandPoolCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint queueFamilyIndex;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkCommandBufferAllocateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public ulong commandPool;
            public uint level;
            public uint commandBufferCount;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkCommandBufferBeginInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public void* pInheritanceInfo;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkBufferCopy
        {
            public ulong srcOffset;
            public ulong dstOffset;
            public ulong size;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkMemoryBarrier
        {
            public VkStructureType sType;
            public void* pNext;
            public uint srcAccessMask;
            public uint dstAccessMask;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkSubmitInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint waitSemaphoreCount;
            public ulong* pWaitSemaphores;
            public uint* pWaitDstStageMask;
            public uint commandBufferCount;
            public nint* pCommandBuffers;
            public uint signalSemaphoreCount;
            public ulong* pSignalSemaphores;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkFenceCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct VkQueryPoolCreateInfo
        {
            public VkStructureType sType;
            public void* pNext;
            public uint flags;
            public uint queryType;
            public uint queryCount;
            public uint pipelineStatistics;
        }

    }
}
