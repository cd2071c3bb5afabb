using static EdgeAvatar.Compute.Interop.Vulkan;

namespace EdgeAvatar.Compute;

/// <summary>The global memory barriers this core records; buffers are never shared across queues, so no ownership transfers.</summary>
internal static unsafe class Barriers
{
    private const uint GpuStages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
    private const uint GpuWrites = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    private const uint GpuAccesses = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_UNIFORM_READ_BIT
        | VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;

    /// <summary>
    /// Every earlier compute/transfer write happens-before and is visible to every later compute/transfer access
    /// (read or write) in submission order, which spans later submissions on the queue too. With
    /// <paramref name="toHost"/> the writes are also made visible to host reads after a fence wait.
    /// </summary>
    internal static void Full(DeviceCommands vk, nint commandBuffer, bool toHost)
    {
        var barrier = new VkMemoryBarrier
        {
            sType = VkStructureType.VK_STRUCTURE_TYPE_MEMORY_BARRIER,
            srcAccessMask = GpuWrites,
            dstAccessMask = GpuAccesses | (toHost ? VK_ACCESS_HOST_READ_BIT : 0),
        };
        vk.vkCmdPipelineBarrier(commandBuffer, GpuStages, GpuStages | (toHost ? VK_PIPELINE_STAGE_HOST_BIT : 0), 0,
            1, &barrier, 0, null, 0, null);
    }
}
