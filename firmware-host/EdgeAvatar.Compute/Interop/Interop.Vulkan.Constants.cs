namespace EdgeAvatar.Compute;

// Flag bits and enum values used by this binding, with their C names and values (from <vulkan/vulkan_core.h>).
// Kept as uint constants (not C# enums) because the structs carry them as plain uint fields.
internal static partial class Interop
{
    internal static partial class Vulkan
    {
        internal const uint VK_FALSE = 0;
        internal const uint VK_TRUE = 1;
        internal const ulong VK_WHOLE_SIZE = ulong.MaxValue;
        internal const uint VK_QUEUE_FAMILY_IGNORED = uint.MaxValue;

        internal static uint VK_MAKE_API_VERSION(uint variant, uint major, uint minor, uint patch)
            => (variant << 29) | (major << 22) | (minor << 12) | patch;
        internal static uint VK_API_VERSION_MAJOR(uint version) => (version >> 22) & 0x7F;
        internal static uint VK_API_VERSION_MINOR(uint version) => (version >> 12) & 0x3FF;
        internal static uint VK_API_VERSION_PATCH(uint version) => version & 0xFFF;

        internal const uint VK_PHYSICAL_DEVICE_TYPE_OTHER = 0;
        internal const uint VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU = 1;
        internal const uint VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU = 2;
        internal const uint VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU = 3;
        internal const uint VK_PHYSICAL_DEVICE_TYPE_CPU = 4;
        internal const uint VK_QUERY_TYPE_TIMESTAMP = 2;
        internal const uint VK_SHARING_MODE_EXCLUSIVE = 0;
        internal const uint VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER = 6;
        internal const uint VK_DESCRIPTOR_TYPE_STORAGE_BUFFER = 7;
        internal const uint VK_PIPELINE_BIND_POINT_COMPUTE = 1;
        internal const uint VK_COMMAND_BUFFER_LEVEL_PRIMARY = 0;
        internal const uint VK_ACCESS_INDIRECT_COMMAND_READ_BIT = 0x00000001;
        internal const uint VK_ACCESS_UNIFORM_READ_BIT = 0x00000008;
        internal const uint VK_ACCESS_SHADER_READ_BIT = 0x00000020;
        internal const uint VK_ACCESS_SHADER_WRITE_BIT = 0x00000040;
        internal const uint VK_ACCESS_TRANSFER_READ_BIT = 0x00000800;
        internal const uint VK_ACCESS_TRANSFER_WRITE_BIT = 0x00001000;
        internal const uint VK_ACCESS_HOST_READ_BIT = 0x00002000;
        internal const uint VK_ACCESS_HOST_WRITE_BIT = 0x00004000;
        internal const uint VK_MEMORY_HEAP_DEVICE_LOCAL_BIT = 0x00000001;
        internal const uint VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT = 0x00000001;
        internal const uint VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT = 0x00000002;
        internal const uint VK_MEMORY_PROPERTY_HOST_COHERENT_BIT = 0x00000004;
        internal const uint VK_MEMORY_PROPERTY_HOST_CACHED_BIT = 0x00000008;
        internal const uint VK_QUEUE_GRAPHICS_BIT = 0x00000001;
        internal const uint VK_QUEUE_COMPUTE_BIT = 0x00000002;
        internal const uint VK_QUEUE_TRANSFER_BIT = 0x00000004;
        internal const uint VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT = 0x00000001;
        internal const uint VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT = 0x00000002;
        internal const uint VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT = 0x00000800;
        internal const uint VK_PIPELINE_STAGE_TRANSFER_BIT = 0x00001000;
        internal const uint VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT = 0x00002000;
        internal const uint VK_PIPELINE_STAGE_HOST_BIT = 0x00004000;
        internal const uint VK_FENCE_CREATE_SIGNALED_BIT = 0x00000001;
        internal const uint VK_QUERY_RESULT_64_BIT = 0x00000001;
        internal const uint VK_QUERY_RESULT_WAIT_BIT = 0x00000002;
        internal const uint VK_BUFFER_USAGE_TRANSFER_SRC_BIT = 0x00000001;
        internal const uint VK_BUFFER_USAGE_TRANSFER_DST_BIT = 0x00000002;
        internal const uint VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT = 0x00000010;
        internal const uint VK_BUFFER_USAGE_STORAGE_BUFFER_BIT = 0x00000020;
        internal const uint VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT = 0x00000100;
        internal const uint VK_SHADER_STAGE_COMPUTE_BIT = 0x00000020;
        internal const uint VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT = 0x00000001;
        internal const uint VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT = 0x00000002;
        internal const uint VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT = 0x00000001;
        internal const uint VK_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT = 0x00000001;
        internal const uint VK_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT = 0x00000010;
        internal const uint VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT = 0x00000100;
        internal const uint VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT = 0x00001000;
        internal const uint VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT = 0x00000001;
        internal const uint VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT = 0x00000002;
        internal const uint VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT = 0x00000004;
        internal const uint VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT = 4;
    }
}
