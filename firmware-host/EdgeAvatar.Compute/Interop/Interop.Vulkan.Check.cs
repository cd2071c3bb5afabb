namespace EdgeAvatar.Compute;

internal static partial class Interop
{
    internal static partial class Vulkan
    {
        /// <summary>
        /// Throws <see cref="VulkanException"/> for every negative (error) VkResult, in every build configuration.
        /// Non-negative codes (VK_SUCCESS, VK_TIMEOUT, VK_NOT_READY, VK_INCOMPLETE) are returned for the caller to act on.
        /// </summary>
        internal static VkResult Check(VkResult result, string function, string? detail = null)
            => result < 0 ? throw new VulkanException(function, (int)result, ResultName(result), detail) : result;

        /// <summary>The C name of a VkResult ("VK_ERROR_OUT_OF_DEVICE_MEMORY"), or its number if this header lacks it.</summary>
        internal static string ResultName(VkResult result)
            => Enum.IsDefined(result) ? result.ToString() : $"VkResult({(int)result})";

        /// <summary>Reads a NUL-terminated UTF-8 fixed char array (deviceName, layerName...).</summary>
        internal static unsafe string FixedString(byte* chars, int capacity)
        {
            var span = new ReadOnlySpan<byte>(chars, capacity);
            int end = span.IndexOf((byte)0);
            return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
        }
    }
}
