using EdgeAvatar.Common;
using EdgeAvatar.Compute;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// Chooses the frame renderer by <see cref="DeviceChoice"/>'s rule ("auto": the Vulkan renderer on a real GPU, the
/// CPU renderer when the only Vulkan device is lavapipe, which the SIMD C# renderer outruns:
/// docs/results/2026-11-26-first-figures.md). Owns the Vulkan device it opens.
/// </summary>
public sealed class FrameRendererFactory : IDisposable
{
    private readonly ComputeDevice? _device;

    public FrameRendererFactory(string choice)
    {
        _device = DeviceChoice.Open(choice);
        Description = DeviceChoice.Describe(_device);
    }

    public string Description { get; }

    /// <summary>The Vulkan device the renderers run on; null for the CPU renderer.</summary>
    public ComputeDevice? Device => _device;

    public AvatarDriver CreateDriver(AvatarModel model)
        => new(model, _device is null ? new AvatarRenderer(model) : new VulkanAvatarRenderer(_device, model));

    public void Dispose() => _device?.Dispose();
}
