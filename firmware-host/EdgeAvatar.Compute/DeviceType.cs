namespace EdgeAvatar.Compute;

/// <summary>VkPhysicalDeviceType, in C order.</summary>
public enum DeviceType
{
    Other = 0,
    IntegratedGpu = 1,
    DiscreteGpu = 2,
    VirtualGpu = 3,
    /// <summary>A CPU implementation such as Mesa's lavapipe (llvmpipe).</summary>
    Cpu = 4,
}
