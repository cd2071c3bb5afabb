using EdgeAvatar.Common;

namespace EdgeAvatar.Compute;

/// <summary>
/// This machine has no usable Vulkan: the loader library is missing, no driver is installed, or no device offers
/// Vulkan 1.2 compute. GPU tests are skipped (not failed) on this exception, and only on it.
/// </summary>
public sealed class VulkanUnavailableException : EdgeAvatarException
{
    public VulkanUnavailableException(string message, Exception? inner = null)
        : base(ExitCodes.Unavailable, message, inner)
    {
    }
}
