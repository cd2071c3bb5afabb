namespace EdgeAvatar.Compute;

internal static partial class Interop
{
    internal static partial class Vulkan
    {
        /// <summary>
        /// Device-level functions, loaded through vkGetDeviceProcAddr so calls skip the loader's dispatch trampoline.
        /// </summary>
        internal sealed unsafe class DeviceCommands
        {
            public delegate* unmanaged<nint, void*, void> vkDestroyDevice;
            public delegate* unmanaged<nint, uint, uint, nint*, void> vkGetDeviceQueue;
            public delegate* unmanaged<nint, VkResult> vkDeviceWaitIdle;
            public delegate* unmanaged<nint, uint, VkSubmitInfo*, ulong, VkResult> vkQueueSubmit;
            public delegate* unmanaged<nint, VkBufferCreateInfo*, void*, ulong*, VkResult> vkCreateBuffer;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyBuffer;
            public delegate* unmanaged<nint, ulong, VkMemoryRequirements*, void> vkGetBufferMemoryRequirements;
            public delegate* unmanaged<nint, VkMemoryAllocateInfo*, void*, ulong*, VkResult> vkAllocateMemory;
            public delegate* unmanaged<nint, ulong, void*, void> vkFreeMemory;
            public delegate* unmanaged<nint, ulong, ulong, ulong, VkResult> vkBindBufferMemory;
            public delegate* unmanaged<nint, ulong, ulong, ulong, uint, void**, VkResult> vkMapMemory;
            public delegate* unmanaged<nint, ulong, void> vkUnmapMemory;
            public delegate* unmanaged<nint, VkShaderModuleCreateInfo*, void*, ulong*, VkResult> vkCreateShaderModule;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyShaderModule;
            public delegate* unmanaged<nint, VkDescriptorSetLayoutCreateInfo*, void*, ulong*, VkResult> vkCreateDescriptorSetLayout;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyDescriptorSetLayout;
            public delegate* unmanaged<nint, VkPipelineLayoutCreateInfo*, void*, ulong*, VkResult> vkCreatePipelineLayout;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyPipelineLayout;
            public delegate* unmanaged<nint, ulong, uint, VkComputePipelineCreateInfo*, void*, ulong*, VkResult> vkCreateComputePipelines;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyPipeline;
            public delegate* unmanaged<nint, VkDescriptorPoolCreateInfo*, void*, ulong*, VkResult> vkCreateDescriptorPool;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyDescriptorPool;
            public delegate* unmanaged<nint, VkDescriptorSetAllocateInfo*, ulong*, VkResult> vkAllocateDescriptorSets;
            public delegate* unmanaged<nint, ulong, uint, ulong*, VkResult> vkFreeDescriptorSets;
            public delegate* unmanaged<nint, uint, VkWriteDescriptorSet*, uint, void*, void> vkUpdateDescriptorSets;
            public delegate* unmanaged<nint, VkCommandPoolCreateInfo*, void*, ulong*, VkResult> vkCreateCommandPool;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyCommandPool;
            public delegate* unmanaged<nint, VkCommandBufferAllocateInfo*, nint*, VkResult> vkAllocateCommandBuffers;
            public delegate* unmanaged<nint, ulong, uint, nint*, void> vkFreeCommandBuffers;
            public delegate* unmanaged<nint, VkCommandBufferBeginInfo*, VkResult> vkBeginCommandBuffer;
            public delegate* unmanaged<nint, VkResult> vkEndCommandBuffer;
            public delegate* unmanaged<nint, uint, ulong, void> vkCmdBindPipeline;
            public delegate* unmanaged<nint, uint, ulong, uint, uint, ulong*, uint, uint*, void> vkCmdBindDescriptorSets;
            public delegate* unmanaged<nint, ulong, uint, uint, uint, void*, void> vkCmdPushConstants;
            public delegate* unmanaged<nint, uint, uint, uint, void> vkCmdDispatch;
            public delegate* unmanaged<nint, ulong, ulong, void> vkCmdDispatchIndirect;
            public delegate* unmanaged<nint, uint, uint, uint, uint, VkMemoryBarrier*, uint, void*, uint, void*, void> vkCmdPipelineBarrier;
            public delegate* unmanaged<nint, ulong, ulong, uint, VkBufferCopy*, void> vkCmdCopyBuffer;
            public delegate* unmanaged<nint, ulong, ulong, ulong, uint, void> vkCmdFillBuffer;
            public delegate* unmanaged<nint, uint, ulong, uint, void> vkCmdWriteTimestamp;
            public delegate* unmanaged<nint, ulong, uint, uint, void> vkCmdResetQueryPool;
            public delegate* unmanaged<nint, VkQueryPoolCreateInfo*, void*, ulong*, VkResult> vkCreateQueryPool;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyQueryPool;
            public delegate* unmanaged<nint, ulong, uint, uint, nuint, void*, ulong, uint, VkResult> vkGetQueryPoolResults;
            public delegate* unmanaged<nint, VkFenceCreateInfo*, void*, ulong*, VkResult> vkCreateFence;
            public delegate* unmanaged<nint, ulong, void*, void> vkDestroyFence;
            public delegate* unmanaged<nint, uint, ulong*, uint, ulong, VkResult> vkWaitForFences;
            public delegate* unmanaged<nint, uint, ulong*, VkResult> vkResetFences;
            public delegate* unmanaged<nint, ulong, VkResult> vkGetFenceStatus;

            internal DeviceCommands(InstanceCommands instance, nint device)
            {
                void* load(string name)
                {
                    nint address;
                    fixed (byte* utf8 = System.Text.Encoding.UTF8.GetBytes(name + "\0"))
                    {
                        address = instance.vkGetDeviceProcAddr(device, utf8);
                    }
                    return address != 0 ? (void*)address : throw new VulkanUnavailableException(
                        $"The Vulkan driver does not provide the device function {name}; it is too old for EdgeAvatar " +
                        "(Vulkan 1.2 is required).");
                }

                vkDestroyDevice = (delegate* unmanaged<nint, void*, void>)load("vkDestroyDevice");
                vkGetDeviceQueue = (delegate* unmanaged<nint, uint, uint, nint*, void>)load("vkGetDeviceQueue");
                vkDeviceWaitIdle = (delegate* unmanaged<nint, VkResult>)load("vkDeviceWaitIdle");
                vkQueueSubmit = (delegate* unmanaged<nint, uint, VkSubmitInfo*, ulong, VkResult>)load("vkQueueSubmit");
                vkCreateBuffer = (delegate* unmanaged<nint, VkBufferCreateInfo*, void*, ulong*, VkResult>)load("vkCreateBuffer");
                vkDestroyBuffer = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyBuffer");
                vkGetBufferMemoryRequirements = (delegate* unmanaged<nint, ulong, VkMemoryRequirements*, void>)load("vkGetBufferMemoryRequirements");
                vkAllocateMemory = (delegate* unmanaged<nint, VkMemoryAllocateInfo*, void*, ulong*, VkResult>)load("vkAllocateMemory");
                vkFreeMemory = (delegate* unmanaged<nint, ulong, void*, void>)load("vkFreeMemory");
                vkBindBufferMemory = (delegate* unmanaged<nint, ulong, ulong, ulong, VkResult>)load("vkBindBufferMemory");
                vkMapMemory = (delegate* unmanaged<nint, ulong, ulong, ulong, uint, void**, VkResult>)load("vkMapMemory");
                vkUnmapMemory = (delegate* unmanaged<nint, ulong, void>)load("vkUnmapMemory");
                vkCreateShaderModule = (delegate* unmanaged<nint, VkShaderModuleCreateInfo*, void*, ulong*, VkResult>)load("vkCreateShaderModule");
                vkDestroyShaderModule = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyShaderModule");
                vkCreateDescriptorSetLayout = (delegate* unmanaged<nint, VkDescriptorSetLayoutCreateInfo*, void*, ulong*, VkResult>)load("vkCreateDescriptorSetLayout");
                vkDestroyDescriptorSetLayout = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyDescriptorSetLayout");
                vkCreatePipelineLayout = (delegate* unmanaged<nint, VkPipelineLayoutCreateInfo*, void*, ulong*, VkResult>)load("vkCreatePipelineLayout");
                vkDestroyPipelineLayout = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyPipelineLayout");
                vkCreateComputePipelines = (delegate* unmanaged<nint, ulong, uint, VkComputePipelineCreateInfo*, void*, ulong*, VkResult>)load("vkCreateComputePipelines");
                vkDestroyPipeline = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyPipeline");
                vkCreateDescriptorPool = (delegate* unmanaged<nint, VkDescriptorPoolCreateInfo*, void*, ulong*, VkResult>)load("vkCreateDescriptorPool");
                vkDestroyDescriptorPool = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyDescriptorPool");
                vkAllocateDescriptorSets = (delegate* unmanaged<nint, VkDescriptorSetAllocateInfo*, ulong*, VkResult>)load("vkAllocateDescriptorSets");
                vkFreeDescriptorSets = (delegate* unmanaged<nint, ulong, uint, ulong*, VkResult>)load("vkFreeDescriptorSets");
                vkUpdateDescriptorSets = (delegate* unmanaged<nint, uint, VkWriteDescriptorSet*, uint, void*, void>)load("vkUpdateDescriptorSets");
                vkCreateCommandPool = (delegate* unmanaged<nint, VkCommandPoolCreateInfo*, void*, ulong*, VkResult>)load("vkCreateCommandPool");
                vkDestroyCommandPool = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyCommandPool");
                vkAllocateCommandBuffers = (delegate* unmanaged<nint, VkCommandBufferAllocateInfo*, nint*, VkResult>)load("vkAllocateCommandBuffers");
                vkFreeCommandBuffers = (delegate* unmanaged<nint, ulong, uint, nint*, void>)load("vkFreeCommandBuffers");
                vkBeginCommandBuffer = (delegate* unmanaged<nint, VkCommandBufferBeginInfo*, VkResult>)load("vkBeginCommandBuffer");
                vkEndCommandBuffer = (delegate* unmanaged<nint, VkResult>)load("vkEndCommandBuffer");
                vkCmdBindPipeline = (delegate* unmanaged<nint, uint, ulong, void>)load("vkCmdBindPipeline");
                vkCmdBindDescriptorSets = (delegate* unmanaged<nint, uint, ulong, uint, uint, ulong*, uint, uint*, void>)load("vkCmdBindDescriptorSets");
                vkCmdPushConstants = (delegate* unmanaged<nint, ulong, uint, uint, uint, void*, void>)load("vkCmdPushConstants");
                vkCmdDispatch = (delegate* unmanaged<nint, uint, uint, uint, void>)load("vkCmdDispatch");
                vkCmdDispatchIndirect = (delegate* unmanaged<nint, ulong, ulong, void>)load("vkCmdDispatchIndirect");
                vkCmdPipelineBarrier = (delegate* unmanaged<nint, uint, uint, uint, uint, VkMemoryBarrier*, uint, void*, uint, void*, void>)load("vkCmdPipelineBarrier");
                vkCmdCopyBuffer = (delegate* unmanaged<nint, ulong, ulong, uint, VkBufferCopy*, void>)load("vkCmdCopyBuffer");
                vkCmdFillBuffer = (delegate* unmanaged<nint, ulong, ulong, ulong, uint, void>)load("vkCmdFillBuffer");
                vkCmdWriteTimestamp = (delegate* unmanaged<nint, uint, ulong, uint, void>)load("vkCmdWriteTimestamp");
                vkCmdResetQueryPool = (delegate* unmanaged<nint, ulong, uint, uint, void>)load("vkCmdResetQueryPool");
                vkCreateQueryPool = (delegate* unmanaged<nint, VkQueryPoolCreateInfo*, void*, ulong*, VkResult>)load("vkCreateQueryPool");
                vkDestroyQueryPool = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyQueryPool");
                vkGetQueryPoolResults = (delegate* unmanaged<nint, ulong, uint, uint, nuint, void*, ulong, uint, VkResult>)load("vkGetQueryPoolResults");
                vkCreateFence = (delegate* unmanaged<nint, VkFenceCreateInfo*, void*, ulong*, VkResult>)load("vkCreateFence");
                vkDestroyFence = (delegate* unmanaged<nint, ulong, void*, void>)load("vkDestroyFence");
                vkWaitForFences = (delegate* unmanaged<nint, uint, ulong*, uint, ulong, VkResult>)load("vkWaitForFences");
                vkResetFences = (delegate* unmanaged<nint, uint, ulong*, VkResult>)load("vkResetFences");
                vkGetFenceStatus = (delegate* unmanaged<nint, ulong, VkResult>)load("vkGetFenceStatus");
            }
        }
    }
}
