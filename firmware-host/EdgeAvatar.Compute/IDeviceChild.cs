namespace EdgeAvatar.Compute;

/// <summary>
/// An object holding Vulkan handles that belong to a <see cref="ComputeDevice"/>. The device disposes every live child
/// (newest first) before it destroys the VkDevice, so a `using var` declared before the device cannot outlive it.
/// </summary>
internal interface IDeviceChild : IDisposable
{
    /// <summary>True once disposed; recorded command lists refuse to submit work that refers to a disposed child.</summary>
    bool IsDisposed { get; }

    /// <summary>For error messages: "buffer 'name' (64 bytes)", "kernel 'grid_encode'".</summary>
    string Description { get; }
}
