using EdgeAvatar.Common;
using EdgeAvatar.Compute;
using EdgeAvatar.Render.Avatar;
using EdgeAvatar.Render.Vulkan;

namespace EdgeAvatar.Host.Run;

/// <summary>
/// Chooses the frame renderer: "cpu", "vulkan" (the default Vulkan device), a Vulkan device selector (name substring
/// or index), or "auto": the Vulkan renderer on a real GPU, the CPU renderer when the only Vulkan device is a CPU
/// implementation (lavapipe) — chosen by the figures: on a 2-core machine the SIMD C# renderer is ~2.5x faster than
/// the same maths through lavapipe (README, Measured). Owns the Vulkan device it opens.
/// </summary>
public sealed class FrameRendererFactory : IDisposable
{
    private readonly ComputeDevice? _device;

    public FrameRendererFactory(string choice)
    {
        if (string.IsNullOrWhiteSpace(choice))
            throw new EdgeAvatarException(ExitCodes.Usage, "--device must be auto, cpu, vulkan or a Vulkan device selector.");
        bool cpu = choice.Equals("cpu", StringComparison.OrdinalIgnoreCase);
        if (choice.Equals("auto", StringComparison.OrdinalIgnoreCase))
            cpu = !HasGpu();
        if (!cpu)
        {
            string? selector = choice.Equals("vulkan", StringComparison.OrdinalIgnoreCase) || choice.Equals("auto", StringComparison.OrdinalIgnoreCase)
                ? null : choice;
            _device = ComputeDevice.Create(new ComputeDeviceOptions { DeviceSelector = selector, EnableValidation = false });
        }
        Description = _device is null ? $"CPU ({Environment.ProcessorCount} threads)" : $"Vulkan: {_device.Info.Name} ({_device.Info.Type})";
    }

    public string Description { get; }

    /// <summary>The Vulkan device the renderers run on; null for the CPU renderer.</summary>
    public ComputeDevice? Device => _device;

    public AvatarDriver CreateDriver(AvatarModel model)
        => new(model, _device is null ? new AvatarRenderer(model) : new VulkanAvatarRenderer(_device, model));

    public void Dispose() => _device?.Dispose();

    private static bool HasGpu()
    {
        try { return ComputeDevice.EnumerateDevices().Any(d => d.IsSupported && d.Type != DeviceType.Cpu); }
        catch (EdgeAvatarException) { return false; }
    }
}
