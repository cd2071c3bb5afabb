using System.Globalization;
using EdgeAvatar.Common;

namespace EdgeAvatar.Compute;

/// <summary>
/// Picks the physical device: an explicit selector (index or case-insensitive name substring) wins; otherwise the
/// first supported device of the best type, discrete > integrated > virtual > CPU > other.
/// </summary>
internal static class DeviceSelection
{
    private static readonly DeviceType[] s_preference =
        [DeviceType.DiscreteGpu, DeviceType.IntegratedGpu, DeviceType.VirtualGpu, DeviceType.Cpu, DeviceType.Other];

    internal static PhysicalDevice Choose(IReadOnlyList<PhysicalDevice> devices, string? selector)
    {
        if (devices.Count == 0)
        {
            throw new VulkanUnavailableException(
                "Vulkan is installed but reports no device. Install the Debian package mesa-vulkan-drivers (lavapipe runs " +
                "Vulkan on the CPU), or check VK_DRIVER_FILES/VK_ICD_FILENAMES.");
        }
        if (selector is not null)
            return ChooseExplicit(devices, selector);
        foreach (DeviceType type in s_preference)
        {
            PhysicalDevice? match = devices.FirstOrDefault(d => d.Info.IsSupported && d.Info.Type == type);
            if (match is not null)
                return match;
        }
        throw new VulkanUnavailableException(
            "No Vulkan device supports what EdgeAvatar needs (Vulkan 1.2 and a compute queue). Devices: " + List(devices));
    }

    private static PhysicalDevice ChooseExplicit(IReadOnlyList<PhysicalDevice> devices, string selector)
    {
        PhysicalDevice? match;
        if (int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            match = index < devices.Count ? devices[index] : null;
        }
        else
        {
            PhysicalDevice[] matches = devices.Where(d => d.Info.Name.Contains(selector, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (matches.Length > 1 && matches.Count(d => d.Info.IsSupported) != 1)
            {
                throw new EdgeAvatarException(ExitCodes.Config,
                    $"Vulkan device selector '{selector}' matches several devices; use an index. Devices: {List(devices)}");
            }
            match = matches.Length > 1 ? matches.Single(d => d.Info.IsSupported) : matches.FirstOrDefault();
        }
        if (match is null)
        {
            throw new EdgeAvatarException(ExitCodes.Config,
                $"No Vulkan device matches '{selector}' (from --device or {ComputeDeviceOptions.DeviceSelectorEnvironmentVariable}). Devices: {List(devices)}");
        }
        if (!match.Info.IsSupported)
        {
            throw new VulkanUnavailableException(
                $"Vulkan device '{match.Info.Name}' was selected but lacks Vulkan 1.2 or a compute queue (it offers {match.Info.ApiVersion}).");
        }
        return match;
    }

    private static string List(IReadOnlyList<PhysicalDevice> devices)
        => string.Join("; ", devices.Select(d => $"{d.Info.Index}: {d.Info}{(d.Info.IsSupported ? "" : " (unsupported)")}"));
}
