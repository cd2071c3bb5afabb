using EdgeAvatar.Common;

namespace EdgeAvatar.Compute;

/// <summary>
/// Validation was requested but VK_LAYER_KHRONOS_validation (or its debug-utils extension) is not installed.
/// Deliberately not a <see cref="VulkanUnavailableException"/>: tests must fail on it, never skip, so that a machine
/// without the layer cannot pass GPU tests unvalidated.
/// </summary>
public sealed class ValidationLayerMissingException : EdgeAvatarException
{
    public ValidationLayerMissingException(string message)
        : base(ExitCodes.Unavailable, message)
    {
    }
}
