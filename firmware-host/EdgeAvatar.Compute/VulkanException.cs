using EdgeAvatar.Common;

namespace EdgeAvatar.Compute;

/// <summary>
/// A Vulkan call returned an error code. Carries the C function name and the VkResult name so reports and logs say
/// exactly which call failed ("vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY").
/// </summary>
public sealed class VulkanException : EdgeAvatarException
{
    internal VulkanException(string function, int resultCode, string resultName, string? detail = null)
        : base(ExitCodeFor(resultName), $"{function} failed with {resultName}" + (detail is null ? "." : $": {detail}"))
    {
        FunctionName = function;
        ResultCode = resultCode;
        ResultName = resultName;
    }

    /// <summary>The Vulkan function that failed, e.g. "vkCreateBuffer".</summary>
    public string FunctionName { get; }

    /// <summary>The numeric VkResult (negative for errors).</summary>
    public int ResultCode { get; }

    /// <summary>The C name of the VkResult, e.g. "VK_ERROR_OUT_OF_DEVICE_MEMORY".</summary>
    public string ResultName { get; }

    // A lost or unusable device is an environment problem the operator can act on; anything else is treated as a bug.
    private static int ExitCodeFor(string resultName) => resultName switch
    {
        "VK_ERROR_DEVICE_LOST" or "VK_ERROR_INITIALIZATION_FAILED" or "VK_ERROR_INCOMPATIBLE_DRIVER"
            or "VK_ERROR_OUT_OF_DEVICE_MEMORY" or "VK_ERROR_OUT_OF_HOST_MEMORY" => ExitCodes.Unavailable,
        _ => ExitCodes.Internal,
    };
}
